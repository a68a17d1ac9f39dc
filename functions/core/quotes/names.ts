import { byScript, testByScript } from '../letter-classes.js';
import type { Span } from '../types.js';
import { ASKING_RE, askedWhether, putsQuestionAt } from './asked-name.js';
import {
  BODY_NOUNS,
  COURTESY_TITLES,
  DESCRIPTION_HEAD_ENDS,
  DETERMINERS,
  GENDERED_TITLES,
  HONORIFICS,
  NAME_PARTICLES,
  NAME_SUFFIXES,
  NON_NAME_CAPS,
  NP_STOP_WORDS,
  ORG_WORDS,
  PURE_TITLES,
  ROLE_CUT_VERBS,
  ROLE_WORDS,
  SURNAME_TITLES,
} from './lexicon.js';
import {
  firstNameGenderIn,
  type Gender,
  genderIn,
  isKnownPlaceOrOrganisation,
  isPlaceOrOrganisationRun,
  knownFirstName,
  LAST_WORDS,
  ORGANISATION_LAST,
  PERSON_NOUN,
} from './name-knowledge.js';
import {
  endsPossessive,
  isPossessive,
  isPossessivePronoun,
  isRoleToken,
  stripPossessive,
} from './possessives.js';
import { ARTICLES, isRoleModifier, NAME_CONNECTORS, roleBefore, roleOf, titleStartBefore } from './titles.js';
import { isAllCaps, startsUpperOrNumber, type Token } from './tokens.js';

const LOWER_AFTER_HYPHEN_RE = byScript((c) => `-[${c.lower}]`);
/** A romanised two-syllable given name, hyphenated ("Ki-moon", "Jae-myung", "Jae-in", "Dae-jung"). */
const GIVEN_NAME_RE = /^[A-Z][a-z]{1,3}-[a-z]{1,5}$/;

/** A name (person or organisation) and the role the text gives it; its span is the name itself. */
export interface NamePhrase extends Span {
  name: string;
  role: string | null;
  person: boolean;
  gender: Gender;
  /** "Delgado's daughter": the name only owns the noun after it. */
  possessive: boolean;
  /** A description in apposition introduced the name ("Delgado's daughter, Sofia"). */
  introduced: boolean;
  /** The name, or a description in apposition before it, is the object of "asked" ("Coun. Lee asked Chief Ann Roe whether …"). */
  asked: boolean;
  /**
   * The name is a word of the role written before another name ("Transit director Paul Kostyniuk",
   * "Obama spokesman Josh Earnest"): like an owner, it describes that person and is not who the
   * sentence is about.
   */
  modifier: boolean;
}

/**
 * The words [from, to) of the tokens are a person's name: no organisation words, not a lone acronym,
 * not a sentence-opening word. Each word's text is read without its possessive ending when `stripped`
 * (as a name found in the text is read); the tokens are not copied.
 */
export function looksLikePersonName(tokens: readonly Token[], from: number, to: number, stripped: boolean) {
  if (to <= from || to - from > 5) return false;
  // a run that opens with a saint's title names a place or a body ("St. Stephen", "Saint John"), no person
  if (to - from > 1 && (tokens[from]!.lower === 'st.' || tokens[from]!.lower === 'saint')) return false;
  // a one-word name (most) is looked up as a place or organisation in place, with no call
  const place =
    to - from === 1
      ? isKnownPlaceOrOrganisation(tokens[from]!.lower)
      : isPlaceOrOrganisationRun(tokens, from, to);
  if (place) return false;
  let capWords = 0;
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    // one look-up tells a particle or suffix (skipped, and no name alone) from a word no person's name holds
    const low = t.lower;
    const kind = PERSON_WORD_KIND.get(low);
    if (kind === SKIPPED) continue;
    // the tests that read the word's text come last: most rejected words are rejected before them
    // (a role word after a title of courtesy is a surname: "Ms King", "Mr Bishop")
    const surname = ROLE_WORDS.has(low) && SURNAME_TITLES.has(tokens[k - 1]?.lower ?? '');
    if ((kind === NOT_IN_NAME && !surname) || !t.cap) return false;
    if (kind === COMMON_CAP && !isSurnameAfter(tokens[k - 1])) return false;
    const text = stripped && endsPossessive(low) ? stripPossessive(t.text) : t.text;
    // "Long-term", "Prize-winning" are no name words; a romanised given name after a surname is ("Ban Ki-moon")
    const compound = text.includes('-') && testByScript(LOWER_AFTER_HYPHEN_RE, text);
    if (compound && !(capWords > 0 && GIVEN_NAME_RE.test(text))) return false;
    // a lone acronym (not an initial): a word ending in a lower-case ASCII letter (most) is none
    const last = text.charCodeAt(text.length - 1);
    if (text.length > 1 && !(last >= 97 && last <= 122) && last !== 46 && isAllCaps(text)) return false;
    capWords++;
  }
  return capWords >= 1;
}

const SKIPPED = 1;
const NOT_IN_NAME = 2;
const COMMON_CAP = 3;
/**
 * `looksLikePersonName`'s word lists in one map: particles and suffixes (skipped) before organisation
 * words and role words (never in a person's name) before capitalised non-names (months, sentence
 * openers: in a name only as a surname after a known first name, "Theresa May", "Brian May").
 */
const PERSON_WORD_KIND = new Map<string, number>();
for (const w of NON_NAME_CAPS) PERSON_WORD_KIND.set(w, COMMON_CAP);
for (const words of [ORG_WORDS, ROLE_WORDS]) for (const w of words) PERSON_WORD_KIND.set(w, NOT_IN_NAME);
for (const words of [NAME_PARTICLES, NAME_SUFFIXES]) for (const w of words) PERSON_WORD_KIND.set(w, SKIPPED);

/**
 * A month or another capitalised common word is a surname right after a known first name or an
 * honorific ("Theresa May", "Mrs May", "Brian May", "Mr Read").
 */
const isSurnameAfter = (before: Token | undefined): boolean =>
  before !== undefined && (knownFirstName(before.lower) !== undefined || HONORIFICS.has(before.lower));

/** The surface text of the tokens [from, to), read in place. */
export const surfaceIn = (source: string, tokens: readonly Token[], from: number, to: number): string =>
  to <= from ? '' : source.slice(tokens[from]!.start, tokens[to - 1]!.end);

/** Join tokens back into their surface text. */
export const surface = (source: string, tokens: readonly Token[]): string =>
  surfaceIn(source, tokens, 0, tokens.length);

/**
 * A leading article and the spaces and punctuation that end a role, read in one pass. `/i`, not `/iu`: no character
 * outside ASCII folds to t, h, e, a or n, and `/iu` costs twice as much to compile.
 */
const ROLE_ENDS_RE = /^(?:the|a|an)(?:\s+|$)|[\s,;:]+$/gi;

export function tidyRole(role: string): string | null {
  const r = role.replace(ROLE_ENDS_RE, '').trim();
  return r.length > 1 ? r : null;
}

/**
 * The role as the reader sees it: what comes before a speech verb ("analyst at Acme told Reuters that …"
 * → "analyst at Acme"), without the titles of courtesy that end it ("chairman Dr" → "chairman"); null when
 * nothing is left ("Mr" is no role). An owner alone, read before the name ("Deutsche Bank's Simon
 * Champion"), is shown without its possessive ending: "Simon Champion, Deutsche Bank".
 */
export function shownRole(role: string | null): string | null {
  const words = role === null ? [] : role.split(' ');
  let end = 0;
  while (end < words.length && !ROLE_CUT_VERBS.has(words[end]!)) end++;
  while (end > 0 && COURTESY_TITLES.has(words[end - 1]!.toLowerCase())) end--;
  const shown = end === words.length ? role : tidyRole(words.slice(0, end).join(' '));
  return shown?.split(' ').every(startsUpperOrNumber) ? stripPossessive(shown) : shown;
}

/** Is the role a title of courtesy alone ("Mr", "Dr.")? Then it is none, and another the text gives stands. */
export const courtesyOnly = (role: string | null): boolean =>
  role !== null && COURTESY_TITLES.has(role.toLowerCase());

/** Capitalised non-names and particles, in one set: most words are neither (one look-up for them). */
const NOT_NAME_STARTS = new Set([...NON_NAME_CAPS, ...NAME_PARTICLES]);

/**
 * Of the words in NOT_NAME_STARTS, those a name does not start with: a capitalised non-name, or a particle
 * in lower case ("al-", "de"). A particle written with a capital starts the name ("Al Gore", "Le Pen").
 */
const startsNoName = (t: Token): boolean => NON_NAME_CAPS.has(t.lower) || !t.cap;

/**
 * Where the name lies in the phrase [from, to) of the tokens (the role is [from, start)): the
 * capitalised run at the end after the last role word or possessive ("China's Deputy UN Ambassador
 * Geng Shuang" → "Geng Shuang"). Null when the phrase ends in a role word.
 *
 * After a role's "of" or "for" (a "the" may come between, as before an affiliation: "Mike Spindler of the Puget
 * Sound Fire Authority"), null for a place or body, which is part of a description that speaks ("the Mayor of
 * London", "a spokesman for the Film Council"); so for a name of one or two words, whom the role's holder speaks
 * for, after a capitalised role, a "the" or a "for" ("the Bishop of Wexmoor", "a member of the Cabinet", "a
 * spokeswoman for Dana Reyes"; after a bare "of" and a role in lower case the name may be where a person is from,
 * "a resident of Carrick"). A longer run there ends in a name ("Mayor of London Sadiq Khan").
 */
export function nameSpan(tokens: readonly Token[], from: number, to: number): Span | null {
  let end = to;
  while (end > from && !tokens[end - 1]!.word) end--;
  if (end === from) return null;
  const last = tokens[end - 1]!;
  // "Hillary Clinton's" at the end: the owner is the name.
  let start = end - 1;
  if (!last.nameWord) return null;
  if (isRoleToken(last)) {
    // "Steve King", "Jack White": a role-like surname after a first name is still a name; after a title of
    // courtesy ("Ms King", "Dr Judge") it is one alone
    const prev = end - 2 >= from ? tokens[end - 2] : undefined;
    const courtesy = prev !== undefined && SURNAME_TITLES.has(prev.lower);
    if (PURE_TITLES.has(stripPossessive(last.lower)) || !prev?.nameWord || (isRoleToken(prev) && !courtesy))
      return null;
    if (!courtesy) start = end - 2;
  }
  let body = false;
  while (start > from) {
    const t = tokens[start - 1]!;
    if (!t.word) break;
    const low = t.lower;
    // ("the Travis County Sheriff's Office", "the Mayor's Office": an owner before a body's last word names the body)
    body ||= start === end - 1 && LAST_WORDS.has(tokens[start]!.lower) && isPossessive(t);
    // (a role word, a compound one, "Secretary-treasurer", or an owner: "Trump's"; not one in a body's name after
    // its "and", "the Department of Health and Senior Services")
    // (the "and" read here first: andInBody is called for a few words, not for every word of every name)
    const named = body || (tokens[start - 2]?.lower === 'and' && andInBody(tokens, start - 2, from));
    // (a capitalised role word before one place's name names a body, roleInBody: read after a role word alone)
    if (!named && (isPossessive(t) || (isRoleToken(t) && !roleInBody(t, last, start === end - 1)))) break;
    // "the Department of Health and Human Services": an "and" after a body's "of", back to the body's word
    const of = low === 'and' ? bodyBeforeAnd(tokens, start - 1, from) : -1;
    if (t.nameWord || NAME_PARTICLES.has(low) || (named && t.cap) || of >= 0) {
      start = of >= 0 ? of : start - 1;
      continue;
    }
    // "the Department for Transport", "the Bank of Japan": an organisation's name holds its "of" or "for"
    // (in a body's name after an owner, any word: "the Wyoming Secretary of State's Office")
    const org = NAME_CONNECTORS.has(low) && start - 1 > from ? tokens[start - 2]! : undefined;
    if (!org?.cap || !(body || ORG_WORDS.has(org.lower))) break;
    start -= 2;
  }
  // (not "May" after "Mrs": the honorific is the role, the month her name)
  if (start !== end - 1 || start === from || !isSurnameAfter(tokens[start - 1]))
    while (start < end && NOT_NAME_STARTS.has(tokens[start]!.lower) && startsNoName(tokens[start]!)) start++;
  if (start >= end) return null;
  // "the Mayor of London", "a spokeswoman for Dana Reyes": see above
  const c = tokens[start - 1]?.lower === 'the' ? start - 2 : start - 1;
  // (the name index reads a run that starts after the role, "London Sadiq Khan": such a run is split, never dropped)
  const after = roleOf(tokens, c);
  const inside = end - start > 2 ? firstNameInside(tokens, start, end, after && tokens[c - 1]!.cap) : start;
  if (inside > start) return { start: inside, end };
  const short = end - start < 3 && (c < start - 1 || tokens[c - 1]?.cap || tokens[c]?.lower === 'for');
  if (after && c - 1 >= from && (short || !looksLikePersonName(tokens, start, end, false))) return null;
  // (an affiliation follows a name of two words and "of": a shorter phrase is not asked)
  return (start - from >= 3 && personBeforeAffiliation(tokens, from, c)) || { start, end };
}

/**
 * Does the role word `t`, capitalised, belong to a body's name that ends in `last` (`next`: right before it)? Before
 * one place's name it does ("Health Canada", "Transport Canada"), and in a name a body's last word ends ("the
 * National Weather Service").
 */
const roleInBody = (t: Token, last: Token, next: boolean): boolean =>
  t.cap && ((next && isPlaceWord(last)) || ORGANISATION_LAST.has(last.lower));

/**
 * Where a body's name starts when capitalised words back from `k` follow its "of" or "for" ("Department of
 * Elementary", "Ministry of Health"): at its word before them; -1 when they do not.
 */
export function bodyOfBefore(tokens: readonly Token[], k: number, floor: number): number {
  let m = k;
  while (m > floor && k - m < 8 && (tokens[m]!.cap || tokens[m]!.text === ',')) m--;
  const of = m < k && NAME_CONNECTORS.has(tokens[m]!.lower);
  return of && ORG_WORDS.has(tokens[m - 1]?.lower ?? '') ? m - 1 : -1;
}

/** What links the items of a body's name after its "of" ("Department of Business, Mining, Trade and Job Creation"). */
export const BODY_LINKS: ReadonlySet<string> = new Set(['and', ',']);

/**
 * An "and" at `k` inside a body's name ("the Department of Health and Human Services"); with `listed` (an "and" in
 * it read after), a comma too ("the Ministry of Water, Land and Resource Stewardship").
 */
export const andInBody = (tokens: readonly Token[], k: number, floor: number, listed = false): boolean =>
  (tokens[k]?.lower === 'and' || (listed && tokens[k]?.text === ',')) && bodyBeforeAnd(tokens, k, floor) >= 0;

/**
 * Where a body's name starts when the "and" at `k` is inside it: after the body's "of" (bodyOfBefore: "the
 * Department of Health and Human Services"), or at a capitalised word that is no first name, when the words after
 * the "and" end in a place's name ("Fisheries and Oceans Canada"); -1 when it is not.
 */
function bodyBeforeAnd(tokens: readonly Token[], k: number, floor: number): number {
  let m = k + 1;
  while (tokens[m]?.cap && tokens[m + 1]?.cap) m++;
  const before = m > k + 1 && k - 1 >= floor && isPlaceWord(tokens[m]!) ? tokens[k - 1]! : undefined;
  return before?.cap && !knownFirstName(before.lower) ? k - 1 : bodyOfBefore(tokens, k - 1, floor);
}

/** One word that names a place or a body and no one: "Canada", "PEI"; not "Jordan". */
const isPlaceWord = (t: Token): boolean => isKnownPlaceOrOrganisation(t.lower) && !knownFirstName(t.lower);

/**
 * Where the person's name starts in a run of three words or more that does not open with a first name
 * or an initial: at the last known first name with a surname after it, or at the first of the first
 * names right before that one ("City Councilmember Rosa Villanueva", "San Francisco Supervisor Jane Kim",
 * "Alderman Mary Ann Moore", "Follow Jane Roe"). The words before it describe the person or are no
 * part of the name. A run is left whole when it opens with an honorific, ends in a role word ("South
 * Carolina Democrat") or a place or organisation word ("Mount Hope Cemetery"), or holds a capitalised
 * word no name holds before that first name (a title-case headline: "The … Does Not Like Jane Roe").
 */
function firstNameInside(tokens: readonly Token[], start: number, end: number, office: boolean): number {
  const first = tokens[start]!;
  const last = tokens[end - 1]!.lower;
  // (an initial, "J." or "J", opens a name)
  const initial = first.text.length === 1 || (first.text.length === 2 && first.text.charCodeAt(1) === 46);
  if (knownFirstName(first.lower) || HONORIFICS.has(first.lower) || initial) return start;
  if (ROLE_WORDS.has(last) || LAST_WORDS.has(last)) return start;
  let k = end - 2;
  // (after a capitalised role's "of" or "for", a place and two words are the office's place and a name whose first
  // name the data may not know, "Mayor of London Sadiq Khan"; not any three words, "a spokeswoman for Human Rights
  // Watch", nor after a role in lower case, "a spokesman for Riverside Tenants United"); after "of the", any first word
  // is the office's object, which no name follows "the" to be ("Chancellor of the Exchequer Kwasi Mensah")
  const object = office && end - start === 3 && (isPlaceWord(first) || tokens[start - 1]!.lower === 'the');
  while (k > start && !isFirstName(tokens[k]!) && !object) k--;
  while (k - 1 > start && isFirstName(tokens[k - 1]!)) k--;
  // a capitalised non-name before the first name, or a body's "of" after it ("North Carolina Office of Recovery")
  for (let m = start; m < end; m++)
    if ((m < k ? NON_NAME_CAPS : NAME_CONNECTORS).has(tokens[m]!.lower)) return start;
  return k;
}

const isFirstName = (t: Token): boolean => t.cap && knownFirstName(t.lower) !== undefined;

/**
 * "Sen. Laura Whitfield of Oregon", "Jane Roe from Acme", "Ann Lee of the Port Authority": a person's name
 * before "of"/"from" (at `of`) is the name, the place or body after it is an affiliation. Only when the words before read
 * as a person whose first name the name data knows, or follow a title ("Sen. Smith of Oregon"), so "Bank of America"
 * and "Mayor of London" stay as they are.
 */
function personBeforeAffiliation(tokens: readonly Token[], from: number, of: number): Span | null {
  if (!/^(?:of|from)$/u.test(tokens[of]!.lower)) return null;
  // (a name of one word has no first name to read)
  const before = nameSpan(tokens, from, of);
  // (or a name after a title: "Rep. Lee Zeldin of New York", "Lord Nicholls of Birkenhead")
  if (!before || HONORIFICS.has(tokens[before.start - 1]?.lower ?? '')) return before;
  const first = firstNameGenderIn(tokens, before.start, before.end, false);
  return first && looksLikePersonName(tokens, before.start, before.end, false) ? before : null;
}

/**
 * Find capitalised name runs across the whole text, with the roles written next to them. A run starts at a
 * name word: `nameWordAt` lists their indices in `tokens` (as `tokenize` gives them), so other tokens are not read.
 */
export function findNames(source: string, tokens: readonly Token[], nameWordAt: number[]): NamePhrase[] {
  const out: NamePhrase[] = [];
  const [n, asks] = [tokens.length, ASKING_RE.test(source)];
  let runEnd = 0;
  for (let w = 0; w < nameWordAt.length; w++) {
    const i = nameWordAt[w]!;
    const t = tokens[i]!;
    if (i < runEnd || NON_NAME_CAPS.has(t.lower)) continue;
    // A maximal run of capitalised words, particles and suffixes, next to each other on one line:
    // nothing between them, or one character that is no line break (read from its code).
    let j = i + 1;
    let prevEnd = t.end;
    while (j < n) {
      const u = tokens[j]!;
      const gap = u.start - prevEnd;
      if (gap > 0 && (gap !== 1 || source.charCodeAt(prevEnd) === 10)) break;
      prevEnd = u.end;
      // a name word or suffix, or particles before a capitalised surname: "de Gaulle", "von der Leyen", "de la Torre"
      let k = j;
      if (!u.nameWord && !NAME_SUFFIXES.has(u.lower)) {
        while (k < n && k - j < 3 && NAME_PARTICLES.has(tokens[k]!.lower)) k++;
        if (k === j || k >= n || !tokens[k]!.nameWord) break;
        prevEnd = tokens[k]!.end;
      }
      j = k + 1;
    }
    // A possessive inside the run ends a name ("Breitbart News Daily's Alex Marlow" holds two),
    // unless a role follows it ("China's Deputy UN Ambassador Geng Shuang"); the run is read in place
    let from = i;
    for (let k = i; k < j - 1; k++) {
      const body = k + 2 === j && LAST_WORDS.has(tokens[k + 1]!.lower);
      if (isPossessive(tokens[k]!) && !isRoleToken(tokens[k + 1]!) && !body) {
        pushName(source, tokens, from, k + 1, out, from === i, asks);
        from = k + 1;
      }
    }
    // (a number alone, "2004" or the "000" of "10,000", names no one: no phrase is made for it)
    if (j > i + 1 || t.text.charCodeAt(0) > 57) pushName(source, tokens, from, j, out, from === i, asks);
    runEnd = j;
  }
  // a name the text also writes as a body's is no person's wherever it stands (bodyNames)
  const bodies = new Set<string>();
  for (let k = 0; k < out.length; k++) if (!out[k]!.person) bodyNames(source, out[k]!, bodies);
  for (const n of out) if (bodies.size > 0 && n.person && bodies.has(n.name.toLowerCase())) n.person = false;
  return out;
}

/**
 * Adds to `into` the names a body's name `n` gives its body beside its own, wherever they stand: its own before
 * ", which" ("Hyalite Aggregates, which supplies …"), and without a body's last word after it ("Longpoint Glasshouse
 * Ltd.", "Buckeye Table Partners"); none when it opens with a known first name ("the Mary Hollister Foundation" leaves
 * Mary Hollister a person). A he or she then never goes to "Hyalite Aggregates now employs 34 people".
 */
function bodyNames(source: string, n: NamePhrase, into: Set<string>): void {
  // (without ", which", only a name of three words or more can give one: most names, of one or two, are not split)
  if (n.name.indexOf(' ') === n.name.lastIndexOf(' ') && !source.startsWith(', which', n.end)) return;
  const words = n.name.toLowerCase().replace(/\.$/u, '').split(' ');
  if (words.length < 2 || knownFirstName(words[0]!) !== undefined) return;
  if (words.length > 2 && LAST_WORDS.has(words.at(-1)!)) into.add(words.slice(0, -1).join(' '));
  if (source.startsWith(', which', n.end)) into.add(words.join(' '));
}

/** The name of the phrase [from, to) of a run, with the role words in and before it. */
function pushName(
  source: string,
  tokens: readonly Token[],
  from: number,
  to: number,
  out: NamePhrase[],
  withRole: boolean,
  asks: boolean,
): void {
  // a one-word phrase (most) is tested, not measured: no span is made for it
  const span = to - from > 1 ? nameSpan(tokens, from, to) : undefined;
  if (span === null || (span === undefined && !isOneWordName(tokens[from]!))) return;
  const start = span ? span.start : from;
  const end = span ? span.end : to;
  const lastTok = tokens[end - 1]!;
  // the name's last word has no possessive ending (most): no possessive to read
  const owns = endsPossessive(lastTok.lower);
  const surfaceText = source.slice(tokens[start]!.start, lastTok.end);
  const person = looksLikePersonName(tokens, start, end, true) && !afterTheOrABody(tokens, start, to);
  // Lower-case role words and capitalised units before the run ("White House press secretary"):
  // the role is [roleStart, start), those words and the phrase's words before the name
  // ("Health and Human Services Secretary": a role may run on before that through "and", "the", commas)
  const roleBegins = withRole ? roleBefore(source, tokens, from) : from;
  const roleStart = roleBegins < start ? titleStartBefore(source, tokens, roleBegins) : roleBegins;
  // most names have no role words before them: the checks and calls are skipped for none
  let role = roleStart < start ? writtenRole(source, tokens, roleStart, start) : null;
  const possessive = owns && isPossessive(lastTok);
  // (a description in apposition is read only beside a comma: no call for most names)
  if ((!role || courtesyOnly(role)) && person && withRole && !possessive && tokens[to]?.text === ',')
    role = appositiveAfter(source, tokens, to) ?? role;
  // the description's words are [described, from - 1), before the comma
  const described =
    (!role || courtesyOnly(role)) && person && withRole && tokens[from - 1]?.text === ','
      ? appositiveBefore(source, tokens, from)
      : -1;
  if (described >= 0) role = surfaceIn(source, tokens, described, from - 1);
  // (with `asks`: the text holds an asking verb)
  let asked = asks && askingAt(source, tokens, (described >= 0 ? described : roleStart) - 1);
  const askedAs = asked || !person || !asks ? undefined : askedWhether(source, tokens, roleStart, to);
  if (askedAs !== undefined) [asked, role] = [true, role ?? askedAs];
  if (person && roleStart < from) markModifiers(out, tokens, roleStart, from);
  out.push({
    name: owns ? stripPossessive(surfaceText) : surfaceText,
    role: role ? tidyRole(role) : null,
    start: tokens[start]!.start,
    end: lastTok.end,
    person,
    possessive,
    introduced: described >= 0,
    asked,
    modifier: false,
    // "Delgado's daughter, Sofia,": a first name alone is read (as one) only when a description introduces it
    gender:
      (roleStart < start ? genderIn(tokens, roleStart, start) : null) ??
      (end - start > 1 ? genderIn(tokens, start, end) : GENDERED_TITLES.get(lastTok.lower) || null) ??
      (described >= 0 ? genderIn(tokens, described, from - 1) : null) ??
      familyGenderAfter(tokens, to) ??
      (end - start > 1 || described >= 0 ? firstNameGenderIn(tokens, start, end, described >= 0) : null),
  });
}

/**
 * An asking verb at `k`, or before a description in apposition that ends at a comma there ("asked the jail
 * administrator, Maj. Travis Housley, how many …"), puts a question to the name after it; not "“…?” asked Sen.
 * Lee", whose subject follows it.
 */
const askingAt = (source: string, tokens: readonly Token[], k: number): boolean =>
  putsQuestionAt(tokens, tokens[k]?.text === ',' ? appositiveBefore(source, tokens, k + 1) - 1 : k);

/** "Abena Oteng, his mother, …": the gender of a family noun in apposition at `to`, after another's "his" or "her". */
const familyGenderAfter = (tokens: readonly Token[], to: number): Gender =>
  tokens[to]?.text === ',' && isPossessivePronoun(tokens[to + 1]) ? genderIn(tokens, to + 2, to + 4) : null;

/**
 * `nameSpan` of a one-word phrase, as a test: the word is its own name unless it is no name word, a
 * role word (possessive or not) or a word no name starts with.
 */
const isOneWordName = (t: Token): boolean =>
  t.nameWord && !(NOT_NAME_STARTS.has(t.lower) && startsNoName(t)) && !isRoleToken(t);

/**
 * The words [from, to) before a name as its role, when they hold a role word or a possessive, or end
 * in a noun naming a person ("Meteorologist Anika Sorensen"); null when they do not.
 */
function writtenRole(source: string, tokens: readonly Token[], from: number, to: number): string | null {
  let k = from;
  while (k < to && !isRoleToken(tokens[k]!) && !isPossessive(tokens[k]!)) k++;
  return k < to || PERSON_NOUN.has(tokens[to - 1]!.lower) ? surfaceIn(source, tokens, from, to) : null;
}

/**
 * The names already found inside the role words [from, to) before a person's name that a role word
 * follows ("Transit director", "McConnell spokesman") modify that role. A name followed by "of" or
 * "for" does not: in "Rep. Lee Zeldin of New York" the role read before "New York" holds a person of
 * its own.
 */
function markModifiers(out: NamePhrase[], tokens: readonly Token[], from: number, to: number): void {
  for (let k = out.length - 1; k >= 0 && out[k]!.start >= tokens[from]!.start; k--) {
    const name = out[k]!;
    let at = from;
    while (at < to && tokens[at]!.end !== name.end) at++;
    // a role word or a role's modifier after it: "Apple chief executive", "Lib Dem home affairs spokesman"
    const next = tokens[at + 1]!;
    name.modifier ||= at + 1 < to && (isRoleToken(next) || isRoleModifier(next));
  }
}

/**
 * A name that is no person's, whatever its words: after "the" ("the Severn Cup"), or with a description in
 * apposition after it (its comma at `k`) whose head noun, the last word before a preposition, a relative
 * pronoun or "and", ends the names of bodies and places and names no person (", the provincial umbrella
 * group that funds …", ", a hamlet of 300 people,").
 */
function afterTheOrABody(tokens: readonly Token[], start: number, k: number): boolean {
  // ("the Tri-City district", "at the hospital in Medicine Hat": a place; not "in Lee's view"; "the Town of High
  // Prairie", "the Regional District of Kootenay Boundary": a body's name after its "of", or after an "and" in it)
  // (one constant a token: a pair destructured from an array costs an iterator and its calls, for every name)
  const before = tokens[start - 1];
  const owner = tokens[start - 2];
  if (before?.lower === 'the' || (before?.text === 'in' && !isPossessive(tokens[k - 1]!))) return true;
  if (before?.text === 'of' && owner?.cap && LAST_WORDS.has(owner.lower)) return true;
  if (before?.lower === 'and' && andInBody(tokens, start - 1, 0)) return true;
  // ("the Ministry of Labour, Immigration, Training and …": a word of a list after a body's "of")
  const listed = BODY_LINKS.has(tokens[k]?.text ?? '') && tokens[k + 1]?.cap === true;
  if (before?.text === ',' && listed && bodyOfBefore(tokens, start - 2, 0) >= 0) return true;
  // ("a Vancouver consulting firm, Urbanfield Planning, …": a body's description before it, the apposition closed;
  // not "the superintendent of business, Neil Hoyt,", a name that opens with a known first name)
  const noun = tokens[start - 1]?.text === ',' && tokens[k]?.text === ',' ? tokens[start - 2] : undefined;
  if (noun && !noun.cap && BODY_NOUNS.has(noun.lower) && !knownFirstName(tokens[start]!.lower)) return true;
  // ("Tidewater Menhaden, which has fished out of Reedville since 1951": a person is "who"; not "asked the
  // lawyer, Ann Roe, which of the posts …", a question)
  if (tokens[k]?.text === ',' && tokens[k + 1]?.lower === 'which' && tokens[k + 2]?.lower !== 'of')
    return true;
  if (tokens[k]?.text !== ',' || !ARTICLES.has(tokens[k + 1]?.lower ?? '')) return false;
  let m = k + 2;
  for (let t = tokens[m]; t?.word && !DESCRIPTION_HEAD_ENDS.has(t.lower); t = tokens[m])
    if (++m - k > 10) return false;
  const head = tokens[m - 1]!;
  const low = head.lower;
  const body = BODY_NOUNS.has(low) || (LAST_WORDS.has(low) && !PERSON_NOUN.has(low) && !ROLE_WORDS.has(low));
  return m > k + 2 && !head.cap && body;
}

/** ", the National Security Advisor to President William Ruto," after a name (the comma is at `k`). */
function appositiveAfter(source: string, tokens: readonly Token[], k: number): string | null {
  const first = tokens[k + 1];
  if (!first?.word) return null;
  // (a capitalised first word opens the description with no role or possessive test: no calls)
  if (!ARTICLES.has(first.lower) && !first.cap && !isRoleToken(first) && !isPossessive(first)) return null;
  let m = k + 1;
  let sawRole = false;
  for (; m < tokens.length && m - k <= 16 && tokens[m]!.word; m++) sawRole ||= isRoleToken(tokens[m]!);
  const end = tokens[m];
  if (!sawRole || !end || (end.text !== ',' && end.text !== '.' && end.text !== ';')) return null;
  return source.slice(tokens[k]!.end, end.start).includes('\n') ? null : surfaceIn(source, tokens, k + 1, m);
}

/**
 * "Russia's Deputy UN Ambassador, Dmitry Polyansky," and "The company's chief executive, Ingrid
 * Solberg," before a name: a noun phrase ending in a role word, made of capitalised words, role words,
 * possessives, "of", a leading article and lower-case words that modify the role word after them.
 * Where the phrase starts (it ends before the comma at `runStart - 1`), -1 when there is none.
 */
function appositiveBefore(source: string, tokens: readonly Token[], runStart: number): number {
  let m = roleHeadBefore(tokens, runStart - 2);
  if (m < 0) return -1;
  // lower-case words right before the role word modify it, "and" joining them ("operations and facilities manager")
  let modifies = false;
  while (m > 0 && runStart - m < 14) {
    const t = tokens[m - 1]!;
    if (!t.word) break;
    if (ARTICLES.has(t.lower)) {
      m--;
      break;
    }
    const after = tokens[m]!;
    const listed: boolean =
      t.lower === 'and' && modifies && !after.cap && !DETERMINERS.has(after.lower) && !isRoleToken(after);
    modifies = !t.cap && (modifies || isRoleToken(after)) && (listed || !NP_STOP_WORDS.has(t.lower));
    // ("of", and "and" inside a body's name: "Lincoln Fire and Rescue's fire marshal")
    const joins = t.lower === 'of' || (t.lower === 'and' && after.cap && tokens[m - 2]?.cap === true);
    if (!(t.cap || isRoleToken(t) || isPossessive(t) || joins || modifies)) break;
    m--;
  }
  if (tokens[m]!.lower === 'of') return -1;
  return source.slice(tokens[m]!.start, tokens[runStart]!.start).includes('\n') ? -1 : m;
}

/** The role word that ends the phrase at `k`, or heads it before "of" ("director of transportation"); -1 if none. */
function roleHeadBefore(tokens: readonly Token[], k: number): number {
  const last = tokens[k];
  if (!last || isRoleToken(last) || GENDERED_TITLES.has(last.lower)) return last ? k : -1;
  // ("manager of licensing and enforcement", "lobbyist for the Show-Me Hemp Retailers Coalition")
  for (let of = k - 1; of > 0 && k - of <= 6; of--) {
    const t = tokens[of]!;
    const head = NAME_CONNECTORS.has(t.lower) ? tokens[of - 1]! : undefined;
    // (past a connector whose head is no role: "superintendent of learning for the area")
    if (head && (isRoleToken(head) || PERSON_NOUN.has(head.lower))) return of - 1;
    if ((!t.word && t.text !== ',') || (NP_STOP_WORDS.has(t.lower) && t.lower !== 'and')) return -1;
  }
  return -1;
}
