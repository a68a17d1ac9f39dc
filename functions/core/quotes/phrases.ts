/** Reading speaker phrases out of the tokens around a quotation: the pieces every sieve shares. */
import { firstStartingAt } from '../binary-search.js';
import { byScript, testByScript } from '../letter-classes.js';
import { AGE_RE } from './described-persons.js';
import {
  AUX_WORDS,
  CLAUSE_BREAK,
  CUE_WORDS,
  DETERMINERS,
  FORWARD_STOP,
  INDEFINITES,
  MODAL_VERBS,
  MORE_PREPOSITIONS,
  NON_NAME_CAPS,
  NP_STOP_WORDS,
  ORG_WORDS,
  PHRASE_END_STOP,
  PRONOUNS,
  RELATIVE_OR_CLAUSE,
  TIME_WORDS,
  TITLE_LEADS,
  VERB_INSIDE,
  WEAK_CUES,
} from './lexicon.js';
import { isDoubleMark, isSingleMark } from './marks.js';
import { LY_NOUNS, PREPOSITIONS } from './name-data.gen.js';
import { PERSON_NOUN } from './name-knowledge.js';
import { andInBody, BODY_LINKS, bodyOfBefore, surface, tidyRole } from './names.js';
import { isPossessive, isRoleToken } from './possessives.js';
import { asFound, type Found, type Reading } from './sieve.js';
import {
  ALONE_NO_PHRASE,
  ARTICLES,
  isRoleModifier,
  joinsTitle,
  NAME_CONNECTORS,
  roleOf,
  TITLE_JOINERS,
} from './titles.js';
import { isAllCaps, isSentenceEnd, type Token } from './tokens.js';

/** A capital, a hyphen and a capital: the start of a party tag ("R-Wis."). */
const HYPHENED_CAPITALS_RE = byScript((c) => `^[${c.upper}]-[${c.upper}]`);
/** Finite forms only: "said", "told", "wrote", "added", "says"; not "claim" or "claiming". */
const FINITE_CUE_RE = byScript((c) => `^(?:said|told|wrote|says|tells|writes|[${c.letter}]+ed)$`);

/** One to three lower-case words, a comma and a capital: the end of a description a name in apposition follows. */
const APPOSED_RE = /^(?: [\p{Ll}’'-]+){1,3}, \p{Lu}/u;

/** A speech verb in lower case ("said", "claiming", "tells"). */
export const isCue = (t: Token | undefined): boolean => t?.word === true && !t.cap && CUE_WORDS.has(t.lower);

/** A speech verb in a finite form ("said", "told", "insisted"), not a weak cue ("added", "wrote"). */
export const isStrongFiniteCue = (t: Token | undefined): boolean =>
  isCue(t) && !WEAK_CUES.has(t!.lower) && testByScript(FINITE_CUE_RE, t!.lower);

/** The pronoun the phrase is, when it is one that can speak ("he", "she", "they", "I"): its gender or number. */
export const pronounOf = (phrase: readonly Token[]): 'm' | 'f' | 'p' | 'i' | undefined =>
  phrase.length === 1 ? PRONOUNS.get(phrase[0]!.lower) : undefined;

/** A name or a pronoun in the phrase: a speaker read far from the quotation needs one, not a description. */
export const namesSomeone = (phrase: readonly Token[]): boolean =>
  phrase.some((t) => t.cap || PRONOUNS.has(t.lower));

export const isMark = (t: Token): boolean => !t.word && (isDoubleMark(t.text) || isSingleMark(t.text));

/** Index of the first token whose start is at or after `offset` (`tokenAt(tokens, offset)`). */
export { firstStartingAt as tokenAt } from '../binary-search.js';

/** Step back over auxiliaries ("has", "had", "would") from `k`; returns the first token that is not one. */
export function skipAuxBack(tokens: readonly Token[], k: number, floor: number): number {
  while (k >= floor && tokens[k]!.word && AUX_WORDS.has(tokens[k]!.lower) && !tokens[k]!.cap) k--;
  return k;
}

/** A speaker phrase read forwards from `i` ("said [the ministry's spokesman], adding ..."). */
export function forwardPhrase({ source, tokens, config }: Reading, i: number, limit: number): Token[] {
  const out: Token[] = [];
  const first = tokens[i];
  // "said a person close to the Clintons": a description runs on through its modifiers.
  const description = first?.word && !first.cap && DETERMINERS.has(first.lower);
  let cap = description ? config.forwardDescriptionMax : config.forwardNameMax;
  for (let k = i; k < limit && out.length < cap; k++) {
    const t = tokens[k]!;
    // "said Health and Human Services Secretary Xavier Becerra", "said Minister of Fisheries, Oceans and the
    // Canadian Coast Guard Diane Lebouthillier": a title in capitals runs on through "and", "the" and commas
    // ("said chairman and chief executive Bill Ford": an "and" between two roles)
    const joins = !description && TITLE_JOINERS.has(t.lower) && joinsTitle(out, tokens, k, limit);
    if (joins) cap = Math.max(cap, config.forwardDescriptionMax);
    if (!t.word && !joins) break;
    // "said Republican leaders will have …": a modal makes the words after the cue a clause, no speaker
    if (!t.cap && MODAL_VERBS.has(t.lower)) return [];
    if (description && out.length > 0) {
      // (an -ing word ends it, but not one before a role: "the city's returning officer", "the acting chief";
      // nor "and" between two roles: "the company's founder and chief executive", nor before the last words of
      // a description a name follows: "the vice-president of finance and services, Dr. Nadine Cattani")
      const role = tokens[k + 1] && isRoleToken(tokens[k + 1]!);
      const ing = t.lower.endsWith('ing') && !role && !t.cap;
      const apposed = t.lower === 'and' && APPOSED_RE.test(source.slice(t.end, t.end + 60));
      // (or two nouns before one role word: "one search and rescue volunteer")
      const nouns = tokens[k + 1]?.cap === false && isRoleToken(tokens[k + 2] ?? t);
      const joined = apposed || (t.lower === 'and' && ((role && isRoleToken(out.at(-1)!)) || nouns));
      if ((RELATIVE_OR_CLAUSE.has(t.lower) && !joined) || CUE_WORDS.has(t.lower) || ing) break;
    } else if (out.length === 0) {
      // (a pronoun, "said he", is no stop word)
      if (FORWARD_STOP.has(t.lower)) break;
    } else if (NAME_CONNECTORS.has(t.lower)) {
      // "said Smith of Oregon" ends at "of"; "said Bank of Japan chief Toshihiko Fukui" runs on to the name
      if (!joins && out[out.length - 1]!.cap && !roleThenName(tokens, k + 1, limit)) break;
    } else if (!joins && FORWARD_STOP.has(t.lower) && !(t.cap && tokens[k + 1]?.cap)) {
      // a stop word ends the name, but not one capitalised before another capital: it opens a title ("said
      // Treasury Under Secretary John Taylor") or is part of a name ("said Unite Here Local 47 organizer …")
      break;
    }
    out.push(t);
  }
  while (out.length > 1 && TIME_WORDS.has(out[out.length - 1]!.lower)) out.pop();
  return out;
}

/**
 * `"…" Reuters quoted a central bank official as saying.`, `The agency quoted a senior official as saying:
 * "…"`: a source quotes or reports someone "as saying";
 * the speaker is the one quoted, the words between that cue and "as" before the cue at `cue` ("saying",
 * "telling"). Null for any other cue.
 */
export function quotedAsSaying(tokens: readonly Token[], cue: number, from: number): Token[] | null {
  if (cue < 2 || !tokens[cue]!.lower.endsWith('ing') || tokens[cue - 1]!.lower !== 'as') return null;
  for (let k = cue - 3; k >= from && cue - k <= QUOTED_AS_REACH; k--) {
    const t = tokens[k]!;
    if (!t.word) return null;
    if (isCue(t)) return tokens.slice(k + 1, cue - 1);
  }
  return null;
}

/** The longest phrase between "quoted" and "as saying" ("a senior official at the central bank"). */
const QUOTED_AS_REACH = 12;

/**
 * From `k`, capitalised words, then a role word and a capitalised word: the rest of an organisation's name
 * and the role and name of the person it introduces ("Japan chief Toshihiko", "Transport spokesman Jo").
 */
function roleThenName(tokens: readonly Token[], k: number, limit: number): boolean {
  let m = k;
  while (m < limit && m - k < 4 && tokens[m]!.word && tokens[m]!.cap && !isRoleToken(tokens[m]!)) m++;
  if (m === k || m + 1 >= limit || !tokens[m]!.word || !isRoleToken(tokens[m]!)) return false;
  while (m < limit && tokens[m]!.word && isRoleToken(tokens[m]!)) m++;
  return m < limit && tokens[m]!.word && tokens[m]!.cap;
}

/** A speaker phrase read backwards from `i` (inclusive), stopping at a determiner or a clause word. */
export function backwardPhrase({ tokens, config }: Reading, i: number, floor: number): Token[] {
  const out: Token[] = [];
  // auxiliaries and time words between the phrase and the cue ("he has also said", "she yesterday said")
  let k = skipAuxBack(tokens, i, floor);
  while (k >= floor && TIME_WORDS.has(tokens[k]!.lower)) k = skipAuxBack(tokens, k - 1, floor);
  // (`listed`: an "and" of a body's list has been read, so a comma of it joins too; declared boolean, as it is
  // reassigned from what it decides)
  for (let listed = false as boolean; k >= floor && out.length < config.backwardPhraseMax; k--) {
    const t = tokens[k]!;
    const noun = out.length === 0 && k > floor && isCueNoun(tokens, k);
    // (no pronoun is a stop word or a cue: "he" goes on to the tests below)
    // ("the Department of Health and Human Services", "the Ministry of Water, Land and Resource Stewardship": an
    // "and" or a comma inside a body's name after its "of"; "the head of the agency", "a spokeswoman for the
    // trust": an "of" or "for" after a role word)
    const joined = (out[0]?.cap === true && andInBody(tokens, k, floor, listed)) || roleOf(tokens, k);
    if (!t.word && !joined) break;
    listed ||= joined && t.lower === 'and';
    if (!t.cap && !noun && !joined && (NP_STOP_WORDS.has(t.lower) || CUE_WORDS.has(t.lower))) break;
    if (!t.cap && out.length > 0 && PRONOUNS.has(t.lower)) break;
    // "But Sen. Dunn": a capitalised conjunction or adverb opens the sentence, not the name.
    if (t.cap && out.length > 0 && NON_NAME_CAPS.has(t.lower) && !DETERMINERS.has(t.lower)) break;
    out.unshift(t);
    if ((DETERMINERS.has(t.lower) || PRONOUNS.has(t.lower)) && !roleOf(tokens, k - 1)) break;
  }
  // A phrase never starts on "of"/"for".
  while (out.length > 0 && (out[0]!.lower === 'of' || out[0]!.lower === 'for')) out.shift();
  return out;
}

/** "The email said", "the report stated": a cue word right after a determiner is a noun, not the verb. */
export const isCueNoun = (tokens: readonly Token[], k: number): boolean =>
  k > 0 && CUE_WORDS.has(tokens[k]!.lower) && DETERMINERS.has(tokens[k - 1]!.lower);

/** An appositive role may open with a determiner, a role word or a possessive ("a spokesman", "Trump's"). */
export const opensRole = (t: Token | undefined): boolean =>
  !!t && (DETERMINERS.has(t.lower) || isRoleToken(t) || isPossessive(t));

/**
 * Split "Smith, a spokesman for Jones," into the name and its appositive role; and the other way
 * round, "her senior policy adviser, Jake Sullivan," into the name and the description before it.
 */
export function splitAppositive(source: string, phrase: Token[]): Found {
  const comma = phrase.findIndex((t) => t.text === ',');
  if (comma < 0) return { phrase, role: null };
  const head = phrase.slice(0, comma);
  const rest = phrase.slice(comma + 1).filter((t) => t.text !== ',');
  // the name is what comes before another comma ("the bill's sponsor, state Sen. Cora Wain, a Republican,")
  const next = phrase.findIndex((t, k) => k > comma && t.text === ',');
  const named = describedName(source, head, phrase.slice(comma + 1, next < 0 ? phrase.length : next));
  return named ?? { phrase: head, role: opensRole(rest[0]) ? tidyRole(surface(source, rest)) : null };
}

/**
 * "her senior policy adviser, Jake Sullivan": a short name after a description (`describes`) speaks; the
 * description is its role.
 */
export function describedName(source: string, description: readonly Token[], name: Token[]): Found | null {
  // (a title may open in lower case: "state Sen. Cora Wain")
  const capped = name.every((t, k) => t.cap || (k === 0 && TITLE_LEADS.has(t.lower)));
  if (name.length === 0 || name.length > 4 || !capped || !describes(description)) return null;
  return { phrase: name, role: tidyRole(surface(source, description)) };
}

/**
 * A description that can stand before a name in apposition: no capitals ("her senior policy
 * adviser"), or a role word at its end ("Carson’s business manager", "the GOP nominee").
 */
export function describes(head: readonly Token[]): boolean {
  const last = head[head.length - 1];
  if (last === undefined) return false;
  // a role word, or a noun naming a person, the last part of a compound read ("co-author": "author")
  const noun = last.lower.slice(last.lower.lastIndexOf('-') + 1);
  // (a role in capitals is an acronym: "the company's CEO")
  const lower = !last.cap || isAllCaps(last.text);
  if (!head.some((t) => t.cap) || (lower && (isRoleToken(last) || PERSON_NOUN.has(noun)))) return true;
  // "… Hunter's chief of staff", "the campaign's director of communications", "the president of Local 1343", "the
  // play's organiser in Uganda": a role word before "of", "in", "for" or "at" and what it is of, in or for
  const of = head.findLastIndex((t) => /^(?:of|in|for|at)$/u.test(t.lower));
  return of > 0 && head.length - of <= 7 && isRoleToken(head[of - 1]!);
}

/** "of", "for" or "on": what links a role to what it is of, for or on ("director on the regional board"). */
const linksRole = (t?: Token) => t?.lower === 'of' || t?.lower === 'for' || t?.lower === 'on';

/**
 * "The First Nation's lawyer, Rebecca Strand, …", "said a spokesman, Jay Roe.": a name of one to three
 * capitalised words in apposition after a description (`describes`), before a comma, a full stop, a mark or
 * `end`, speaks, with the description as its role.
 */
export function appositiveName(source: string, tokens: readonly Token[], head: Token[], end: number) {
  let k = head.length > 0 && describes(head) ? firstStartingAt(tokens, head[head.length - 1]!.end) : -1;
  // what the role is of, for or on runs on to the comma ("The city's director of community services, Seraphina
  // Roe,"),
  // after the rest of a role in lower case ("The authority's chief operating officer for the north, Ann Lee,")
  const of = k;
  // (or through "and" to a second role: "Quinsig's president and CEO, Diane Roe,")
  const more = (t: Token) => !t.cap || isRoleToken(t);
  while (k - of < 3 && tokens[k]?.word && more(tokens[k]!) && !linksRole(tokens[k])) k++;
  if (k > of && !isRoleToken(tokens[k - 1]!) && !PERSON_NOUN.has(tokens[k - 1]!.lower)) k = of;
  // (and through a list: "director of parks, recreation and culture, Corwin Roe,")
  const listed = (m: number) => tokens[m]!.word || (tokens[m]!.text === ',' && tokens[m + 1]?.cap === false);
  const list = linksRole(tokens[k]) || (tokens[k]?.text === ',' && head.some((t) => linksRole(t)));
  if (list) while (k < end && k - of < 14 && listed(k)) k++;
  if (tokens[k]?.text !== ',') return null;
  // a title may open in lower case ("state Rep. Boone Whitaker"), and where the person is from follow ("of Redding")
  // (its words, and a title's lead, are no part of the name's length: "Council Member Andre Henley")
  let lead = 1;
  const titled = (t: Token, next: Token | undefined) => next?.cap && (isRoleToken(t) || isRoleToken(next));
  while (lead < 4 && titled(tokens[k + lead]!, tokens[k + lead + 1])) lead++;
  let m = k + lead;
  while (m < end && m - k - lead < 4 && tokens[m]!.word && tokens[m]!.cap) m++;
  const stop = tokens[m];
  // (a bracketed party tag may follow: "Del. Marcus Roe (D-Prince George's)")
  const stops = m >= end || ',.('.includes(stop!.text) || stop!.lower === 'of' || isMark(stop!);
  return m > k + lead && m - k - lead < 4 && stops
    ? { phrase: tokens.slice(k + 1, m), role: tidyRole(surface(source, [...head, ...tokens.slice(of, k)])) }
    : null;
}

/**
 * Does the token at `k` end a sentence? A full stop in a party tag ("R-Wis.,", "(D-Ill.)") does not: it
 * ends an abbreviation.
 */
export function endsSentenceAt(tokens: readonly Token[], k: number): boolean {
  if (!isSentenceEnd(tokens[k]!)) return false;
  const next = tokens[k + 1]?.text;
  const prev = tokens[k - 1];
  const glued = tokens[k]!.text === '.' && (next === ',' || next === ')') && prev?.end === tokens[k]!.start;
  return !glued || !testByScript(HYPHENED_CAPITALS_RE, prev.text);
}

/**
 * "Missed treatments are the real danger, says Dr. Samuel Roe, a nephrologist …": the one a speech verb after a comma
 * names in the sentence [from, end), not whom one tells ("Hollis Roe, a vice-president, told MPs …").
 */
export function saidBy(r: Reading, from: number, end: number): Found | null {
  const m = SAID_AFTER_COMMA_RE.exec(r.source.slice(r.tokens[from]!.start, r.tokens[end]!.start));
  const sayer = m
    ? forwardPhrase(r, firstStartingAt(r.tokens, r.tokens[from]!.start + m.index + m[0].length), end)
    : [];
  return sayer[0]?.cap ? (appositiveName(r.source, r.tokens, sayer, end) ?? asFound(sayer)) : null;
}
const SAID_AFTER_COMMA_RE = /, (?:says|said|adds|added|writes|wrote) /u;

/** Drop bracketed asides ("(D-Md.)", "(R-Utah)") from a phrase. */
export function dropBrackets(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(' || t.text === '[') depth++;
    else if ((t.text === ')' || t.text === ']') && depth > 0) depth--;
    else if (depth === 0) out.push(t);
  }
  return out;
}

/** A speaker phrase of words and commas, at most `max` tokens, without a lower-case clause word ("that", "is"). */
export function validPhrase(phrase: readonly Token[], max: number): boolean {
  if (phrase.length === 0 || phrase.length > max) return false;
  for (let k = 0; k < phrase.length; k++) {
    const t = phrase[k]!;
    if (!t.word && t.text !== ',') return false;
    // (an "and" in a title before a name is no clause: "Health and Social Services Minister Jo Roe")
    // (nor one inside a body's name: "the Department of Health and Human Services")
    const title = joinsTitle(phrase.slice(0, k), phrase, k, phrase.length) || andInBody(phrase, k, 0);
    if (!t.cap && (CLAUSE_BREAK.has(t.lower) || VERB_INSIDE.has(t.lower)) && !title) return false;
  }
  return phrase.some((t) => t.word);
}

/**
 * Could the phrase be a speaker's noun phrase by its last word? A noun phrase ends on its noun, or on a
 * name. So a phrase is no speaker's when it ends, in lower case, on an article, a possessive determiner
 * or a preposition ("the authors of the", "a court document filed by", "in"); on a modal verb ("Republican
 * leaders will"); on a contracted verb ("you can’t", "doesn't", "they've"); on a word ending in -ly that is
 * no noun ("Gorka similarly", "rarely", but "an ally", "the elderly"); on "you"; on a pronoun after other
 * words ("including provisions he"); or, one word alone, on an -ing form that names no person ("giving",
 * "sentencing").
 */
export function endsLikeNounPhrase(phrase: readonly Token[]): boolean {
  let last = phrase.length - 1;
  while (last >= 0 && !phrase[last]!.word) last--;
  if (last < 0) return false;
  const t = phrase[last]!;
  if (t.cap) return true;
  const w = t.lower;
  if (PHRASE_END_STOP.has(w) || MODAL_VERBS.has(w) || w === 'you' || CONTRACTED_RE.test(w)) return false;
  if (isAdverbInLy(w)) return false;
  if (PRONOUNS.has(w)) return last === 0 || !phrase.slice(0, last).some((p) => p.word);
  return !(w.endsWith('ing') && !phrase.slice(0, last).some((p) => p.word) && !PERSON_NOUN.has(w));
}

/** A verb's contraction: negated ("can’t", "doesn't") or after a pronoun ("they've", "we’re", "you'll"). */
const CONTRACTED_RE = /(?:n['’]t|['’](?:ve|re|ll|d))$/u;

/** A lower-case word ending in -ly that is no noun ("similarly", "patiently"; not "ally", "assembly"). */
const isAdverbInLy = (w: string): boolean => w.endsWith('ly') && !LY_NOUN.has(w);

/**
 * The phrase without the words around its noun phrase that a sieve can read into it: adverbs and
 * conjunctions before it ("And he", "And then he", "Meanwhile the ministry"), a clause after it from a
 * modal verb on ("Saltare can be heard", "a reporter could") and adverbs in -ly after it ("The parking
 * attendant patiently", "Gorka similarly"). Words alone are left for the checks to refuse.
 */
export function trimNounPhrase(phrase: Token[]): Token[] {
  let from = 0;
  let to = phrase.findIndex((t, k) => k > 0 && !t.cap && MODAL_VERBS.has(t.lower));
  if (to < 0) to = phrase.length;
  while (to - from > 1 && !phrase[to - 1]!.cap && isAdverbInLy(phrase[to - 1]!.lower)) to--;
  while (to - from > 1 && LEADING_FILLER.has(phrase[from]!.lower) && phrase[from + 1]!.word) from++;
  return from === 0 && to === phrase.length ? phrase : phrase.slice(from, to);
}
const LY_NOUN = new Set(LY_NOUNS.split('|'));

/** Prepositions: compromise's, and the few it leaves out (data/more-prepositions.txt: "to", "under", "over" …). */
const PREPOSITION = new Set([...PREPOSITIONS.split('|'), ...MORE_PREPOSITIONS]);
/** An adverb or conjunction that is no preposition ("and", "then", "meanwhile"; not "to", "before"). */
const LEADING_FILLER = new Set([...ALONE_NO_PHRASE].filter((w) => !PREPOSITION.has(w)));

/**
 * Could the phrase be a speaker's noun phrase by its words? "between", "for ice cream", "to know he", "might
 * form manifesto": a noun phrase never opens with a preposition or a modal verb; one adverb, conjunction or
 * article alone ("already", "Meanwhile", "If", "The") is none, nor is a number alone (an age in apposition:
 * "Mr Hussen, 47, …, said").
 */
export function startsLikeNounPhrase(phrase: readonly Token[]): boolean {
  const words = phrase.filter((t) => t.word);
  const first = words[0];
  if (!first || PREPOSITION.has(first.lower) || (!first.cap && MODAL_VERBS.has(first.lower))) return false;
  if (words.length === 1 && (ALONE_NO_PHRASE.has(first.lower) || ARTICLES.has(first.lower))) return false;
  return !words.every((t) => NUMBER_RE.test(t.text));
}

const NUMBER_RE = /^[0-9][0-9.,]*$/u;

/** A noun phrase of capitalised words, role words and possessives from `k` ("White House press secretary Josh Earnest"). */
function capitalisedRun(tokens: readonly Token[], k: number, before: number, max: number): Token[] {
  const out: Token[] = [];
  for (let m = k; m < before && out.length < max; m++) {
    const t = tokens[m]!;
    // a number inside a title: "Ward 8 Coun. Tobiah Roe", "District 4 Supervisor Ann Lee"
    const numbered = out.length > 0 && /^\d/u.test(t.text) && tokens[m + 1]?.cap === true;
    const modifies = out.length > 0 && !t.cap && modifiesRoleBeforeName(tokens, m, before);
    if (!t.word || !(t.cap || isRoleToken(t) || isPossessive(t) || numbered || modifies))
      if (inBodyName(tokens, m, k, out)) max++;
      else break;
    out.push(t);
  }
  return out;
}

/**
 * A word at `m` inside a body's name, a capitalised word after it: "of" or "for" after the body's word ("Ministry of
 * Health"), or "and" or a comma after those ("Department of Business, Mining, Trade and Job Creation"); or a word of
 * a role's "of" phrase (`inRoleOf`).
 */
function inBodyName(tokens: readonly Token[], m: number, k: number, out: readonly Token[]): boolean {
  const t = tokens[m]!;
  if (inRoleOf(tokens, m)) return true;
  if (t.cap || !tokens[m + 1]?.cap) return false;
  if (NAME_CONNECTORS.has(t.lower)) return ORG_WORDS.has(out.at(-1)?.lower ?? '');
  return BODY_LINKS.has(t.text) && bodyOfBefore(tokens, m - 1, k) >= 0;
}

/**
 * At `m`, a role word's "of" or one of the one or two words in lower case after it, before a capital: "Superintendent
 * of learning Celeste Roe", "director of campaigns Priya Roe".
 */
function inRoleOf(tokens: readonly Token[], m: number): boolean {
  const of = [m, m - 1, m - 2].find((n) => n > 0 && tokens[n]!.lower === 'of' && isRoleToken(tokens[n - 1]!));
  const cap = of === undefined ? undefined : [of + 2, of + 3].find((n) => tokens[n]?.cap);
  return cap !== undefined && m < cap && tokens.slice(of! + 1, cap).every((u) => u.word && !u.cap);
}

/**
 * "NDP utilities critic Janis Everson", "Liberal housing critic Karen Roe": one or two lower-case words at `k`
 * (no stop word or cue) that modify the role words after them, a capitalised name after those.
 */
function modifiesRoleBeforeName(tokens: readonly Token[], k: number, before: number): boolean {
  let m = k;
  while (m < before && m - k < 2 && isRoleModifier(tokens[m]!)) m++;
  const roles = m;
  while (m < before && tokens[m]!.word && isRoleToken(tokens[m]!)) m++;
  return roles > k && m > roles && m < before && tokens[m]!.cap;
}

/** "The former Republican presidential candidate", "The New York Times": a subject that opens with an article. */
function articleSubject(tokens: readonly Token[], k: number, before: number): Token[] {
  const first = tokens[k]!;
  const np = [first, ...capitalisedRun(tokens, k + 1, before, 7)];
  // a role word or an age in lower case after it, "the District 6 councilor", "the 84-year-old"; after "a", "an",
  // "one" or "another", a noun for a person too ("One parent", "A resident")
  const next = k + np.length < before ? tokens[k + np.length]! : null;
  const noun = next && INDEFINITES.has(first.lower) && PERSON_NOUN.has(next.lower);
  const person = next && (isRoleToken(next) || noun || AGE_RE.test(next.text));
  if (next && !next.cap && person) return [...np, next];
  if (np.length > 1 && isRoleToken(np[np.length - 1]!)) return np;
  // (a body's name holds its "of", "and" and commas: "The Virginia Department of Elections"; after a comma, a
  // title: "His pastor, the Rev. Samuel Roe, …")
  const named = (t: Token) =>
    !isPossessive(t) && (t.cap || NAME_CONNECTORS.has(t.lower) || BODY_LINKS.has(t.text));
  const opens = first.cap || (np.length > 2 && isRoleToken(np[1]!) && tokens[k - 1]?.text === ',');
  return opens && np.length > 2 && np.slice(1).every(named) ? np.slice(1) : [];
}

/** An adverb ("-ly") or a participle of five letters or more ("-ed", "-ing"), by its ending. */
const OPENING_WORD_RE = /(?:ly|^\w{3,}(?:ed|ing))$/u;

/**
 * The tokens before the last comma that may end a clause's opening phrase: "On July 6, 2015, Sanders …", and a
 * long one, "Asked what he would do if his wife fell ill again in the night, Turbide did not hesitate."
 */
const OPENING_PHRASE_TOKENS = 24;

/** The first noun phrase of a clause, when it is a name or a pronoun: its subject in plain news prose. */
export function clauseSubject(tokens: readonly Token[], clause: number, before: number): Token[] {
  // Try the clause start, then after each early comma.
  const starts = [clause];
  for (let m = clause; m < before && m - clause < OPENING_PHRASE_TOKENS; m++)
    if (tokens[m]!.text === ',') starts.push(m + 1);
  for (const k of starts) {
    const first = tokens[k];
    if (!first?.word) continue;
    if (PRONOUNS.has(first.lower)) return [first];
    const np =
      first.lower === 'the' || INDEFINITES.has(first.lower) ? articleSubject(tokens, k, before) : null;
    if (np?.length) return np;
    // "… , moderator Lynette Haugen of the League asked …", "council member Linda Roe", "state Rep. Ann Lee": a
    // role in lower case (up to two words, or a title's lead) before a name
    let r = k;
    while (r < k + 2 && r < before && (isLowerRole(tokens[r]!) || isRoleModifier(tokens[r]!))) r++;
    if (r > k && isLowerRole(tokens[r - 1]!) && tokens[r]?.cap)
      return [...tokens.slice(k, r), ...capitalisedRun(tokens, r, before, 7)];
    // (a word before "the" opens a phrase, "Near the end of the night,", and no name)
    if (!first.cap || NON_NAME_CAPS.has(first.lower) || tokens[k + 1]?.text === 'the') continue;
    // "Immediately after the fire, …", "Reached at home, …", "Speaking to reporters, …", "Under cross-examination, …": a
    // capitalised adverb, participle or preposition before a lower-case word is no name.
    const second = tokens[k + 1];
    // (not before a role word, or words that modify one: "Presiding coroner Dr. Anita Menon", "Acting Mayor …",
    // "Retired grain farmer Bill Roe" open on a title)
    const opening = OPENING_WORD_RE.test(first.lower) || PREPOSITION.has(first.lower);
    const lower = second?.word === true && !second.cap;
    const opens = opening && lower && !isLowerRole(second) && !modifiesRoleBeforeName(tokens, k + 1, before);
    if (opens && !isCue(second) && !AUX_WORDS.has(second.lower)) continue;
    const out = capitalisedRun(tokens, k, before, 8);
    if (out.length) return out;
  }
  return [];
}

const isLowerRole = (t: Token) =>
  !t.cap && (isRoleToken(t) || PERSON_NOUN.has(t.lower) || TITLE_LEADS.has(t.lower));

/** Where the clause before `end` starts: after the last sentence end or double mark at or after `from`. */
export function clauseStart(tokens: readonly Token[], from: number, end: number): number {
  for (let k = end - 1; k >= from; k--) {
    const t = tokens[k]!;
    // a word is neither a sentence end nor a mark: most tokens are words, passed without a call
    if (t.word) continue;
    if (endsSentenceAt(tokens, k) || isDoubleMark(t.text)) return k + 1;
  }
  return from;
}
