/**
 * Possessive endings ("Clinton's", "Sanders'") and role words ("spokesman", "minister's"), read from a
 * token's last character codes.
 */
import { ROLE_WORDS } from './lexicon.js';
import type { Token } from './tokens.js';

const CURLY_APOSTROPHE = 0x2019;

// These predicates run for every token of an article (name runs, role words), so they read the last
// characters' codes rather than run a regular expression on each word. The second last code is read only
// after an s or an apostrophe, and never before a one-letter word's start: reading there costs far more
// than a code.

/**
 * Does a token's lower case (where apostrophes are straight) end in "'s" or "s'"? One that does not (most words)
 * is no possessive and no possessive role word: the callers on the paths run for every name ask this first. Its
 * last code tells which ending to look for: one call of endsWith, not two.
 */
export const endsPossessive = (low: string): boolean =>
  low.charCodeAt(low.length - 1) === 115 ? low.endsWith("'s") : low.endsWith("s'");

const isApostrophe = (c: number): boolean => c === 39 || c === CURLY_APOSTROPHE;

/** "his", "her" or "their": a person's possessive before a noun ("Her son, Doug Roe, …", "Abena Roe, his mother"). */
export const isPossessivePronoun = (t: Token | undefined): boolean =>
  /^(?:his|her|their)$/u.test(t?.lower ?? '');

/** Ends in 's or s' (straight or curly apostrophe). */
export function isPossessive(t: Token): boolean {
  const text = t.text;
  const n = text.length;
  // (a one-character word is none: its second last code is not read)
  if (!t.word || n < 2) return false;
  const last = text.charCodeAt(n - 1);
  const before = text.charCodeAt(n - 2);
  // (the apostrophe tested in place: a call for each costs more than the tests, for every word of a name)
  if (last === 115) return before === 39 || before === CURLY_APOSTROPHE;
  return before === 115 && (last === 39 || last === CURLY_APOSTROPHE);
}

/** Drop a final 's, then the apostrophe of a final s' ("Sanders'" → "Sanders"). */
export function stripPossessive(text: string): string {
  const n = text.length;
  const s = text.charCodeAt(n - 1) === 115 && isApostrophe(text.charCodeAt(n - 2)) ? text.slice(0, -2) : text;
  const m = s.length;
  return isApostrophe(s.charCodeAt(m - 1)) && s.charCodeAt(m - 2) === 115 ? s.slice(0, -1) : s;
}

export function isRoleToken(t: Token): boolean {
  const low = t.lower;
  if (ROLE_WORDS.has(low)) return true;
  // a word with no possessive ending (most) has none to strip
  if (endsPossessive(low)) return ROLE_WORDS.has(stripPossessive(low));
  // a compound whose last part is a role word in lower case: "secretary-treasurer", "Editor-in-chief", "ex-mayor"
  // (not a surname of two, "Roe-Judge")
  const dash = low.lastIndexOf('-');
  return dash > 0 && t.text.charCodeAt(dash + 1) >= 97 && ROLE_WORDS.has(low.slice(dash + 1));
}
