import {
  GENDERED_TITLES,
  HONORIFICS,
  NAME_PARTICLES,
  NAME_SUFFIXES,
  NON_NAME_CAPS,
  NP_STOP_WORDS,
  ORG_WORDS,
  PURE_TITLES,
  ROLE_WORDS,
} from './lexicon.js';
import {
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  ORGANISATION_LAST_WORDS,
  ORGANISATION_NAMES,
  PLACE_LAST_WORDS,
  PLACE_NAMES,
} from './name-data.gen.js';
import type { Token } from './tokens.js';

const ALL_CAPS_RE = /^[\p{Lu}\p{N}.&-]+$/u;
const LOWER_AFTER_HYPHEN_RE = /-\p{Ll}/u;
const CURLY_APOSTROPHE = 0x2019;

export type Gender = 'm' | 'f' | null;

/** A name (person or organisation) and the role the text gives it. */
export interface NamePhrase {
  name: string;
  role: string | null;
  /** Offsets of the name itself. */
  start: number;
  end: number;
  person: boolean;
  gender: Gender;
  /** "Delgado's daughter": the name only owns the noun after it. */
  possessive: boolean;
  /** A description in apposition introduced the name ("Delgado's daughter, Sofia"). */
  introduced: boolean;
  /**
   * The name is a word of the role written before another name ("Transit director Paul Kostyniuk",
   * "Obama spokesman Josh Earnest"): like an owner, it describes that person and is not who the
   * sentence is about.
   */
  modifier: boolean;
}

// These predicates run for every token of an article (name runs, role words), so they read the last
// characters' codes rather than run a regular expression on each word.

function isApostrophe(c: number): boolean {
  return c === 39 || c === CURLY_APOSTROPHE;
}

/** Ends in 's or s' (straight or curly apostrophe). */
export function isPossessive(t: Token): boolean {
  if (!t.word) return false;
  const text = t.text;
  const n = text.length;
  const last = text.charCodeAt(n - 1);
  const before = text.charCodeAt(n - 2);
  return (last === 115 && isApostrophe(before)) || (isApostrophe(last) && before === 115);
}

/** Drop a final 's, then the apostrophe of a final s' ("Sanders'" → "Sanders"). */
export function stripPossessive(text: string): string {
  let s = text;
  if (s.charCodeAt(s.length - 1) === 115 && isApostrophe(s.charCodeAt(s.length - 2))) s = s.slice(0, -2);
  if (isApostrophe(s.charCodeAt(s.length - 1)) && s.charCodeAt(s.length - 2) === 115) s = s.slice(0, -1);
  return s;
}

export function isRoleToken(t: Token): boolean {
  if (ROLE_WORDS.has(t.lower)) return true;
  const stripped = stripPossessive(t.lower);
  return stripped !== t.lower && ROLE_WORDS.has(stripped);
}

/** `ALL_CAPS_RE.test(text)`; a word ending in a lower-case ASCII letter (most words) is answered at once. */
function allCaps(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  if (last >= 97 && last <= 122) return false;
  return ALL_CAPS_RE.test(text);
}

/** Is the token part of a capitalised name run? */
export function isNameToken(t: Token): boolean {
  return t.word && (t.cap || (t.lower.length > 1 && allCaps(t.text)));
}

/** Words of a person's name: no organisation words, not a lone acronym, not a sentence-opening word. */
export function looksLikePerson(tokens: readonly Token[]): boolean {
  return looksLikePersonName(tokens, false);
}

/**
 * `looksLikePerson`, reading each word's text without its possessive ending when `stripped` (as a
 * name found in the text is read), without copying the tokens.
 */
function looksLikePersonName(tokens: readonly Token[], stripped: boolean): boolean {
  if (tokens.length === 0 || tokens.length > 5) return false;
  let key = tokens[0]!.lower;
  for (let k = 1; k < tokens.length; k++) key += ` ${tokens[k]!.lower}`;
  // the key is made of lower-cased words already
  if (isPlaceOrOrganisationKey(key)) return false;
  let capWords = 0;
  for (const t of tokens) {
    if (NAME_PARTICLES.has(t.lower) || NAME_SUFFIXES.has(t.lower)) continue;
    const text = stripped ? stripPossessive(t.text) : t.text;
    if (!t.cap || (text.includes('-') && LOWER_AFTER_HYPHEN_RE.test(text))) return false;
    if (ORG_WORDS.has(t.lower) || NON_NAME_CAPS.has(t.lower) || ROLE_WORDS.has(t.lower)) return false;
    if (text.length > 1 && allCaps(text) && !text.endsWith('.')) return false;
    capWords++;
  }
  return capWords >= 1;
}

/** Drop honorifics ("Mr.", "Sen.") from the front of a name, keeping at least one word. */
export function dropHonorifics(tokens: readonly Token[]): Token[] {
  return tokens.slice(namePartStart(tokens));
}

/** Where a name starts after its honorifics, keeping at least one word. */
function namePartStart(tokens: readonly Token[]): number {
  let i = 0;
  while (i < tokens.length - 1 && HONORIFICS.has(tokens[i]!.lower)) i++;
  return i;
}

const FEMALE = new Set(FEMALE_FIRST_NAMES.split('|'));
const MALE = new Set(MALE_FIRST_NAMES.split('|'));
const PLACES = new Set(PLACE_NAMES.split('|'));
const ORGANISATIONS = new Set(ORGANISATION_NAMES.split('|'));

/** Gender of a person's name from its first name (compiled from name data; null when unknown or used for both). */
export function firstNameGender(nameTokens: readonly Token[], alone = false): Gender {
  // the first word after any honorifics, read in place (no copy of the name's tokens)
  const first = nameTokens[namePartStart(nameTokens)];
  if (!first?.cap || (nameTokens.length < 2 && !alone)) return null;
  const w = first.lower;
  return FEMALE.has(w) ? 'f' : MALE.has(w) ? 'm' : null;
}

const LAST_WORD_RE = /\S+$/u;
const SPACE_RE = /\s/u;
const FIRST_WORD_RE = /^\S+/u;
const LAST_WORDS = new Set([...ORGANISATION_LAST_WORDS.split('|'), ...PLACE_LAST_WORDS.split('|')]);

/**
 * A place ("New York", "Haiti") or an organisation the name data knows: never a person. So is a run
 * of two words or more that ends in a place or organisation word ("Los Altos Hills", "Northstar
 * Computers") unless it opens with a known first name ("Carla Hills", "Stuart Hall").
 */
export function isPlaceOrOrganisation(name: string): boolean {
  return isPlaceOrOrganisationKey(name.toLowerCase());
}

/** `isPlaceOrOrganisation` of a name already lower-cased. */
function isPlaceOrOrganisationKey(lower: string): boolean {
  // most names do not start with "the": the replacement is asked for only when they do
  const key = lower.startsWith('the') ? lower.replace(/^the\s+/u, '') : lower;
  if (PLACES.has(key) || ORGANISATIONS.has(key)) return true;
  // asked for every name run: a one-word name (most) stops here, then the last word is looked up
  // first, and no array is built
  if (!SPACE_RE.test(key)) return false;
  const last = LAST_WORD_RE.exec(key)?.[0];
  if (!last || last.length === key.length || !LAST_WORDS.has(last)) return false;
  const first = FIRST_WORD_RE.exec(key)?.[0] ?? '';
  return !FEMALE.has(first) && !MALE.has(first);
}

/** Gender from a gendered title or word in the phrase ("Mrs.", "spokeswoman"). */
export function genderOf(tokens: readonly Token[]): Gender {
  for (const t of tokens) {
    const g = GENDERED_TITLES.get(t.lower);
    if (g) return g;
  }
  return null;
}

/** Join tokens back into their surface text. */
export function surface(source: string, tokens: readonly Token[]): string {
  if (tokens.length === 0) return '';
  return source.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
}

const ARTICLES = new Set(['the', 'a', 'an']);
const LEADING_ARTICLE_RE = /^(?:the|a|an)(?:\s+|$)/iu;

export function tidyRole(role: string): string | null {
  const r = role
    .replace(LEADING_ARTICLE_RE, '')
    .replace(/[\s,;:]+$/u, '')
    .trim();
  return r.length > 1 ? r : null;
}

/**
 * Split a noun phrase into name and role: "China's Deputy UN Ambassador Geng Shuang" gives
 * role "China's Deputy UN Ambassador" and name "Geng Shuang"; "White House press secretary Josh
 * Earnest" gives "White House press secretary" and "Josh Earnest". The name is the capitalised run
 * at the end after the last role word or possessive. Null when the phrase ends in a role word.
 */
export function splitRoleAndName(
  source: string,
  tokens: readonly Token[],
): { nameTokens: Token[]; roleTokens: Token[] } | null {
  let end = tokens.length;
  while (end > 0 && !tokens[end - 1]!.word) end--;
  if (end === 0) return null;
  const last = tokens[end - 1]!;
  // "Hillary Clinton's" at the end: the owner is the name.
  let start = end - 1;
  if (!isNameToken(last)) return null;
  if (isRoleToken(last)) {
    // "Steve King", "Jack White": a role-like surname after a first name is still a name.
    const prev = tokens[end - 2];
    if (PURE_TITLES.has(stripPossessive(last.lower)) || !prev || !isNameToken(prev) || isRoleToken(prev))
      return null;
    start = end - 2;
  }
  while (start > 0) {
    const t = tokens[start - 1]!;
    if (!t.word) break;
    if (isPossessive(t) || isRoleToken(t)) break;
    if (isNameToken(t) || NAME_PARTICLES.has(t.lower)) {
      start--;
      continue;
    }
    break;
  }
  while (start < end && (NON_NAME_CAPS.has(tokens[start]!.lower) || NAME_PARTICLES.has(tokens[start]!.lower)))
    start++;
  if (start >= end) return null;
  const affiliated = personBeforeAffiliation(source, tokens, start);
  if (affiliated) return affiliated;
  return { nameTokens: tokens.slice(start, end), roleTokens: tokens.slice(0, start) };
}

const AFFILIATION_WORDS = new Set(['of', 'from']);

/**
 * "Sen. Laura Whitfield of Oregon", "Jane Roe from Acme": a person's name before "of"/"from" is the
 * name, the place or body after it is an affiliation. Only when the words before read as a person
 * whose first name the name data knows, so "Bank of America" and "Mayor of London" stay as they are.
 */
function personBeforeAffiliation(
  source: string,
  tokens: readonly Token[],
  afterStart: number,
): { nameTokens: Token[]; roleTokens: Token[] } | null {
  const link = tokens[afterStart - 1];
  if (!link || !AFFILIATION_WORDS.has(link.lower) || afterStart < 3) return null;
  const before = splitRoleAndName(source, tokens.slice(0, afterStart - 1));
  if (!before || before.nameTokens.length < 2 || !looksLikePerson(before.nameTokens)) return null;
  return firstNameGender(before.nameTokens) ? before : null;
}

/**
 * Are the tokens next to each other on one line: nothing between them, or one character that is no
 * line break? (Read from the character code: no slice per pair of tokens.)
 */
function adjacent(source: string, a: Token, b: Token): boolean {
  const gap = b.start - a.end;
  return gap <= 0 || (gap === 1 && source.charCodeAt(a.end) !== 10);
}

/** Find capitalised name runs across the whole text, with the roles written next to them. */
export function findNames(source: string, tokens: readonly Token[]): NamePhrase[] {
  const out: NamePhrase[] = [];
  let i = 0;
  const n = tokens.length;
  while (i < n) {
    const t = tokens[i]!;
    // isNameToken, written out: this runs for every token of the article
    if (!t.word || !(t.cap || (t.lower.length > 1 && allCaps(t.text))) || NON_NAME_CAPS.has(t.lower)) {
      i++;
      continue;
    }
    // A maximal run of capitalised words, particles and suffixes.
    let j = i + 1;
    while (j < n) {
      const u = tokens[j]!;
      if (!adjacent(source, tokens[j - 1]!, u)) break;
      if (isNameToken(u) || NAME_SUFFIXES.has(u.lower)) {
        j++;
        continue;
      }
      if (NAME_PARTICLES.has(u.lower) && j + 1 < n && isNameToken(tokens[j + 1]!)) {
        j += 2;
        continue;
      }
      break;
    }
    const run = tokens.slice(i, j);
    addRun(source, tokens, i, run, out);
    i = j;
  }
  return out;
}

function addRun(
  source: string,
  tokens: readonly Token[],
  runStart: number,
  run: Token[],
  out: NamePhrase[],
): void {
  // A possessive inside the run ends a name ("Breitbart News Daily's Alex Marlow" holds two),
  // unless a role follows it ("China's Deputy UN Ambassador Geng Shuang").
  let from = 0;
  for (let k = 0; k < run.length - 1; k++) {
    if (isPossessive(run[k]!) && !isRoleToken(run[k + 1]!)) {
      pushName(source, tokens, runStart + from, run.slice(from, k + 1), out, from === 0);
      from = k + 1;
    }
  }
  // most runs hold no possessive: the run itself, not a copy
  pushName(source, tokens, runStart + from, from === 0 ? run : run.slice(from), out, from === 0);
}

function pushName(
  source: string,
  tokens: readonly Token[],
  runStart: number,
  run: Token[],
  out: NamePhrase[],
  withRole: boolean,
): void {
  const split = splitRoleAndName(source, run);
  if (!split) return;
  const nameTokens = split.nameTokens;
  const lastTok = nameTokens[nameTokens.length - 1]!;
  const name = stripPossessive(surface(source, nameTokens));
  // the words as written, without a possessive ending (the tokens are read, not copied)
  const person = looksLikePersonName(nameTokens, true);
  // Lower-case role words and capitalised units before the run: "White House press secretary".
  const before = withRole ? roleBefore(source, tokens, runStart) : [];
  const roleTokens = before.length === 0 ? split.roleTokens : before.concat(split.roleTokens);
  // most names have no role words before them: the checks and calls are skipped for an empty list
  const hasRole = roleTokens.length > 0;
  let role =
    hasRole && (roleTokens.some(isRoleToken) || roleTokens.some(isPossessive))
      ? surface(source, roleTokens)
      : null;
  const possessive = isPossessive(lastTok);
  if (!role && person && withRole && !possessive)
    role = appositiveAfter(source, tokens, runStart + run.length);
  const described = !role && person && withRole ? appositiveBefore(source, tokens, runStart) : null;
  if (described) role = surface(source, described);
  if (person && before.length > 0) markModifiers(out, before);
  out.push({
    name,
    role: role ? tidyRole(role) : null,
    start: nameTokens[0]!.start,
    end: lastTok.end,
    person,
    possessive,
    introduced: described !== null,
    modifier: false,
    // "Delgado's daughter, Sofia,": a first name alone is a first name when a description introduces it
    gender:
      (hasRole ? genderOf(roleTokens) : null) ??
      genderOf(nameTokens) ??
      (described ? genderOf(described) : null) ??
      firstNameGender(nameTokens, described !== null),
  });
}

/**
 * The names already found inside the role words before a person's name that a role word follows
 * ("Transit director", "McConnell spokesman") modify that role. A name followed by "of" or "for" does
 * not: in "Rep. Lee Zeldin of New York" the role read before "New York" holds a person of its own.
 */
function markModifiers(out: NamePhrase[], before: readonly Token[]): void {
  for (let k = out.length - 1; k >= 0 && out[k]!.start >= before[0]!.start; k--) {
    const name = out[k]!;
    const at = before.findIndex((t) => t.end === name.end);
    const next = before[at + 1];
    if (at >= 0 && next && isRoleToken(next)) name.modifier = true;
  }
}

/** Lower-case role words right before a capitalised run ("press secretary", "campaign manager"). */
function roleBefore(source: string, tokens: readonly Token[], runStart: number): Token[] {
  let k = runStart;
  let sawRole = false;
  while (k > 0 && runStart - k < 8) {
    const t = tokens[k - 1]!;
    if (!t.word) break;
    if (!adjacent(source, t, tokens[k]!)) break;
    if (ARTICLES.has(t.lower)) break;
    if (isRoleToken(t) || (t.cap && !NON_NAME_CAPS.has(t.lower)) || isPossessive(t)) {
      if (isRoleToken(t)) sawRole = true;
      k--;
      continue;
    }
    if (
      (t.lower === 'of' || t.lower === 'for') &&
      k - 2 >= 0 &&
      (tokens[k - 2]!.cap || isRoleToken(tokens[k - 2]!))
    ) {
      k--;
      continue;
    }
    break;
  }
  // Do not start on a connector.
  while (k < runStart && (tokens[k]!.lower === 'of' || tokens[k]!.lower === 'for')) k++;
  return sawRole ? tokens.slice(k, runStart) : [];
}

/** ", the National Security Advisor to President William Ruto," after a name. */
function appositiveAfter(source: string, tokens: readonly Token[], k: number): string | null {
  if (tokens[k]?.text !== ',') return null;
  const first = tokens[k + 1];
  if (!first?.word) return null;
  const det = first.lower === 'the' || first.lower === 'a' || first.lower === 'an';
  if (!det && !isRoleToken(first) && !isPossessive(first) && !first.cap) return null;
  let m = k + 1;
  let sawRole = false;
  while (m < tokens.length && m - k <= 16) {
    const t = tokens[m]!;
    if (!t.word) break;
    if (isRoleToken(t)) sawRole = true;
    m++;
  }
  const end = tokens[m];
  if (!sawRole || !end || (end.text !== ',' && end.text !== '.' && end.text !== ';')) return null;
  if (source.slice(tokens[k]!.end, end.start).includes('\n')) return null;
  return surface(source, tokens.slice(k + 1, m));
}

/**
 * "Russia's Deputy UN Ambassador, Dmitry Polyansky," and "The company's chief executive, Ingrid
 * Solberg," before a name: a noun phrase ending in a role word, made of capitalised words, role words,
 * possessives, "of", a leading article and lower-case words that modify the role word after them.
 */
function appositiveBefore(source: string, tokens: readonly Token[], runStart: number): Token[] | null {
  if (tokens[runStart - 1]?.text !== ',') return null;
  let m = roleHeadBefore(tokens, runStart - 2);
  if (m < 0) return null;
  while (m > 0 && runStart - m < 10) {
    const t = tokens[m - 1]!;
    if (!t.word) break;
    if (ARTICLES.has(t.lower)) {
      m--;
      break;
    }
    const modifier = !t.cap && isRoleToken(tokens[m]!) && !NP_STOP_WORDS.has(t.lower);
    if (!(t.cap || isRoleToken(t) || isPossessive(t) || t.lower === 'of' || modifier)) break;
    m--;
  }
  const phrase = tokens.slice(m, runStart - 1);
  if (phrase[0]?.lower === 'of') return null;
  if (source.slice(phrase[0]!.start, tokens[runStart]!.start).includes('\n')) return null;
  return phrase;
}

/** The role word that ends the phrase at `k`, or heads it before "of" ("director of transportation"); -1 if none. */
function roleHeadBefore(tokens: readonly Token[], k: number): number {
  const last = tokens[k];
  if (!last) return -1;
  if (isRoleToken(last) || GENDERED_TITLES.has(last.lower)) return k;
  for (let of = k - 1; of > 0 && k - of <= 3; of--) {
    const t = tokens[of]!;
    if (!t.word || NP_STOP_WORDS.has(t.lower)) return -1;
    if (t.lower === 'of') return isRoleToken(tokens[of - 1]!) ? of - 1 : -1;
  }
  return -1;
}
