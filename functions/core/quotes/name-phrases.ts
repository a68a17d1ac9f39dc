/**
 * The name helpers for a phrase given as its own tokens (a speaker phrase read by the sieves and
 * coreference): each reads the whole phrase with the in-place reader the name finder uses on ranges.
 */
import { firstNameGenderIn, type Gender, genderIn, namePartStart } from './name-knowledge.js';
import { looksLikePersonName, nameSpan, surfaceIn } from './names.js';
import type { Token } from './tokens.js';

/** Words of a person's name: no organisation words, not a lone acronym, not a sentence-opening word. */
export function looksLikePerson(tokens: readonly Token[]): boolean {
  return looksLikePersonName(tokens, 0, tokens.length, false);
}

/** Drop honorifics ("Mr.", "Sen.") from the front of a name, keeping at least one word. */
export function dropHonorifics(tokens: readonly Token[]): Token[] {
  return tokens.slice(namePartStart(tokens, 0, tokens.length));
}

/** Gender of a person's name from its first name (compiled from name data; null when unknown or used for both). */
export function firstNameGender(nameTokens: readonly Token[], alone = false): Gender {
  return firstNameGenderIn(nameTokens, 0, nameTokens.length, alone);
}

/** Gender from a gendered title or word in the phrase ("Mrs.", "spokeswoman"). */
export function genderOf(tokens: readonly Token[]): Gender {
  return genderIn(tokens, 0, tokens.length);
}

/** Join tokens back into their surface text. */
export function surface(source: string, tokens: readonly Token[]): string {
  return surfaceIn(source, tokens, 0, tokens.length);
}

/**
 * Split a noun phrase into name and role: "China's Deputy UN Ambassador Geng Shuang" gives
 * role "China's Deputy UN Ambassador" and name "Geng Shuang"; "White House press secretary Josh
 * Earnest" gives "White House press secretary" and "Josh Earnest". The name is the capitalised run
 * at the end after the last role word or possessive. Null when the phrase ends in a role word.
 */
export function splitRoleAndName(
  tokens: readonly Token[],
): { nameTokens: Token[]; roleTokens: Token[] } | null {
  const name = nameSpan(tokens, 0, tokens.length);
  return name && { nameTokens: tokens.slice(name.start, name.end), roleTokens: tokens.slice(0, name.start) };
}
