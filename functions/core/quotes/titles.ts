/**
 * Titles in capitals whose parts are joined by "and", "of", "for", "the" or commas ("Health and Human
 * Services Secretary", "Minister of Fisheries, Oceans and the Canadian Coast Guard"), read forwards after a
 * cue (`joinsTitle`, phrases.ts) and backwards before a name (`titleStartBefore`, names.ts); and the role words
 * right before a name, with their modifiers (`roleBefore`: "Lib Dem home affairs spokesman").
 */
import { DETERMINERS, MODAL_VERBS, NON_NAME_CAPS, NP_STOP_WORDS, ROLE_WORDS } from './lexicon.js';
import { ADVERBS_AND_CONJUNCTIONS } from './name-data.gen.js';
import { knownFirstName } from './name-knowledge.js';
import { endsPossessive, isPossessive, isRoleToken } from './possessives.js';
import type { Token } from './tokens.js';
import { CUE_WORDS } from './word-lists.gen.js';

/** The articles: a role read before a name starts after one. */
export const ARTICLES: ReadonlySet<string> = new Set(['the', 'a', 'an']);

/** The words that join the parts of an organisation's name ("Bank of Japan", "Department for Transport"). */
export const NAME_CONNECTORS: ReadonlySet<string> = new Set(['of', 'for']);

/** Words that join the parts of a title in capitals ("Health and Human Services", "Fisheries, Oceans and the …"). */
export const TITLE_JOINERS: ReadonlySet<string> = new Set([...NAME_CONNECTORS, 'and', 'the', ',']);

/**
 * How many words of a role's "of" or "for" phrase in lower case end right before `k`: one or two, after a role word
 * ("chief of staff John Kelly", "Superintendent of learning Celeste Ducharme", "director of telecoms research Tony
 * Lavender"); 0 when there are none. Its words are a role's modifiers (`isRoleModifier`); a role word among them is
 * read as before ("director of communications").
 */
export function lowerRolePhrase(tokens: readonly Token[], k: number): number {
  // (most names have no "of" or "for" two or three tokens before them: their modifiers are not read)
  if (!NAME_CONNECTORS.has(tokens[k - 2]?.lower ?? '') && !NAME_CONNECTORS.has(tokens[k - 3]?.lower ?? ''))
    return 0;
  const n = isRoleModifier(tokens[k - 1]) ? (isRoleModifier(tokens[k - 2]) ? 2 : 1) : 0;
  return n > 0 && roleOf(tokens, k - n - 1) ? n : 0;
}

/**
 * "head of", "Chancellor of", "spokeswoman for": an "of" or "for" at `k` after a role word (a phrase read back runs
 * on through it; a name after it may be the office's, not the speaker's).
 */
export const roleOf = (tokens: readonly Token[], k: number): boolean =>
  NAME_CONNECTORS.has(tokens[k]?.lower ?? '') && k > 0 && isRoleToken(tokens[k - 1]!);

/** Adverbs ("already", "meanwhile") and conjunctions ("if", "although"): one alone is never a speaker. */
export const ALONE_NO_PHRASE: ReadonlySet<string> = new Set(ADVERBS_AND_CONJUNCTIONS.split('|'));
const NO_MODIFIER = new Set([...NP_STOP_WORDS, ...DETERMINERS, ...NAME_CONNECTORS, ...CUE_WORDS]);
for (const w of [...ALONE_NO_PHRASE, ...MODAL_VERBS]) NO_MODIFIER.add(w);

/**
 * A word in lower case that may modify the role word after it ("home affairs | spokesman", "utilities | critic"):
 * no role word, stop word, determiner, connector, cue, modal verb, adverb or conjunction, and no past form ("Voters
 * elected | school board trustee …", "Moyes will discipline | striker …").
 */
export const isRoleModifier = (t?: Token): boolean =>
  t?.word === true && !t.cap && !isRoleToken(t) && !t.lower.endsWith('ed') && !NO_MODIFIER.has(t.lower);

/**
 * Where the one or two modifiers (and an "and" between them) before the role word at `k` start, when a capitalised
 * word stands right before them: "Lib Dem | home affairs | spokesman", "Music Choice | music and marketing |
 * manager" (the capitalised words, then the role's modifiers); `k` otherwise ("He’s also praising | former …").
 */
function modifiersAfterCapital(tokens: readonly Token[], k: number): number {
  let m = k;
  for (let t = tokens[m - 1]; t && k - m < 3 && isRoleToken(tokens[k]!); t = tokens[--m - 1])
    if (!isRoleModifier(t) && (t.lower !== 'and' || m === k)) break;
  const cap = tokens[m - 1];
  return m < k && tokens[m]!.lower !== 'and' && cap?.cap === true && !NON_NAME_CAPS.has(cap.lower) ? m : k;
}

/** "secretary and treasurer"; lower-case nouns joined before a role word ("sales and marketing manager"). */
const joinsRoles = (last: Token, next: Token, after?: Token): boolean =>
  isRoleToken(last) ? isRoleToken(next) : !!after && isRoleToken(after) && lowerNoun(last) && lowerNoun(next);
const lowerNoun = (t: Token): boolean => t.word && !t.cap && !isRoleToken(t);

/**
 * May the phrase read so far run on through the joiner at `k`? A role word before an "and" and another role word
 * may ("chairman and | chief executive"); a title with no person's name in it yet (no known first name, and no word
 * that is no role after another word but a joiner at its end) only when capitals and joiners after it lead to a role
 * word or a known first name and then a capitalised word (a person's name): "Health and | Human Services Secretary
 * Xavier …".
 */
export function joinsTitle(out: readonly Token[], tokens: readonly Token[], k: number, end: number): boolean {
  const last = out[out.length - 1];
  const next = tokens[k + 1];
  if (tokens[k]!.lower === 'and' && last && next && joinsRoles(last, next, tokens[k + 2])) return true;
  if (!last?.cap || out.some((t) => knownFirstName(t.lower))) return false;
  // a word that is no role, after anything but the start or a joiner, may be a name: "Mark Longden of the
  // …", "President Obama and Defense Secretary Ash Carter" (Obama speaks)
  const before = out[out.length - 2];
  if (!isRoleToken(last) && before !== undefined && !TITLE_JOINERS.has(before.lower)) return false;
  for (let m = k + 1; m + 1 < end && m - k <= 12; m++) {
    const t = tokens[m]!;
    if (!(t.word && t.cap) && !TITLE_JOINERS.has(t.lower)) return false;
    const next = tokens[m + 1]!;
    if (t.cap && next.word && next.cap && (isRoleToken(t) || knownFirstName(t.lower))) return true;
  }
  return false;
}

/**
 * Where a title that runs on before `k` through joiners starts ("Health and | Human Services Secretary",
 * "Minister of Fisheries, Oceans and the | Canadian Coast Guard"), or `k`. Only when the words from `k`
 * open with a capitalised word that is no role (the rest of a department's or a company's name), the
 * title opens a clause (no capitalised word right before it) and names no one: not "President Obama and |
 * Defense Secretary Ash Carter" (a role word, then a capitalised word that is none), not "Sen. Tom Smith
 * of Maine and | Gov. Janet Mills" (a known first name), not "Trump and | Sen. Ted Cruz", "On Tuesday, |
 * campaign chairman John Podesta" or "However, | Sen. Bernie Sanders". A comma joins only after "of" or
 * "for" ("Minister of Fisheries, Oceans and …"), and a title stays on its line.
 */
export function titleStartBefore(source: string, tokens: readonly Token[], k: number): number {
  const first = tokens[k];
  if (!first?.word || !first.cap || isRoleToken(first) || knownFirstName(first.lower)) return k;
  let m = k;
  let joined = false;
  while (m > 0 && k - m < 12) {
    const t = tokens[m - 1]!;
    // on one line
    if (source.slice(t.end, tokens[m]!.start).includes('\n')) break;
    if (TITLE_JOINERS.has(t.lower)) joined = true;
    else if (!t.word || !t.cap || knownFirstName(t.lower) || NON_NAME_CAPS.has(t.lower)) break;
    m--;
  }
  const before = tokens[m - 1];
  if (!joined || (before?.word && before.cap)) return k;
  while (m < k && TITLE_JOINERS.has(tokens[m]!.lower)) m++;
  let office = false;
  for (let i = m; i < k; i++) {
    const t = tokens[i]!;
    if (NAME_CONNECTORS.has(t.lower)) office = true;
    if (t.text === ',' && !office) return k;
    // a role word right before a capitalised word that is none names a person: "President Obama and …"
    const next = tokens[i + 1]!;
    if (i + 1 < k && isRoleToken(t) && next.word && next.cap && !isRoleToken(next)) return k;
  }
  return m;
}

/**
 * The role words right before a capitalised run ("press secretary", "chairman and chief executive"), with the
 * capitalised words, possessives and modifiers before them ("Lib Dem home affairs spokesman", "Trump's campaign
 * manager"): where they start, `runStart` when there are none.
 */
export function roleBefore(source: string, tokens: readonly Token[], runStart: number): number {
  let k = runStart - lowerRolePhrase(tokens, runStart);
  let sawRole = false;
  while (k > 0 && runStart - k < 8) {
    const t = tokens[k - 1]!;
    if (!t.word) break;
    const low = t.lower;
    if (ARTICLES.has(low)) break;
    // a role word, a capitalised word, a possessive, or "of"/"for" after one of those; the gap is
    // read last: most names follow a word that is none of these
    const owns = endsPossessive(low);
    const role = ROLE_WORDS.has(low) || (owns && isRoleToken(t));
    const joins =
      role ||
      (t.cap && !NON_NAME_CAPS.has(low)) ||
      (owns && isPossessive(t)) ||
      (NAME_CONNECTORS.has(low) && k - 2 >= 0 && (tokens[k - 2]!.cap || isRoleToken(tokens[k - 2]!))) ||
      // "chairman and chief executive": an "and" between two roles
      (low === 'and' && sawRole && k - 2 >= 0 && isRoleToken(tokens[k - 2]!));
    // after a role word, its modifiers when a capitalised word comes before them: the capital is read next
    const modified = !joins && sawRole ? modifiersAfterCapital(tokens, k) : k;
    if (!joins && modified === k) break;
    if (modified < k) {
      k = modified;
      continue;
    }
    // next to the word after it on one line, as in a name run
    const gap = tokens[k]!.start - t.end;
    if (gap > 0 && (gap !== 1 || source.charCodeAt(t.end) === 10)) break;
    if (role) sawRole = true;
    k--;
  }
  // Do not start on a connector.
  while (k < runStart && NAME_CONNECTORS.has(tokens[k]!.lower)) k++;
  return sawRole ? k : runStart;
}
