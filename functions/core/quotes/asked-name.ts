/** The one a question is put to, named after a description of them: whose answer a he or she after it gives. */
import { ASKING_VERBS, CLAUSE_BREAK, QUESTION_WORDS } from './lexicon.js';
import { isDoubleMark } from './marks.js';
import type { Token } from './tokens.js';

/**
 * "Holubec asked senior planner Amir Karaman how …", "asked the hospital's site lead, Mark Hoskins, whether …",
 * "asked the hydrogeologist the city hired to review the study, Anne Erickson, how far …": a name right before
 * the question put to it (a question word, past a comma or not) is asked by the asking verb before it, past a
 * description of the one asked (words, then the comma of an apposition right before the name; within
 * `ASKED_DESCRIPTION_MAX` tokens, no other mark and no word opening a clause between: "Roe, who asked not to be
 * named, told Lee how …" is not). `from` is where the name's written role starts, or the name. The description,
 * null when there is none, undefined when the name is not asked: names.ts `pushName` takes it as the role when none is
 * written.
 */
export function askedWhether(source: string, tokens: readonly Token[], from: number, to: number) {
  if (!QUESTION_WORDS.has(tokens[tokens[to]?.text === ',' ? to + 1 : to]?.lower ?? '')) return undefined;
  const comma = tokens[from - 1]?.text === ',' ? 1 : 0;
  for (let b = from - 1; b >= 0 && from - b <= ASKED_DESCRIPTION_MAX; b--) {
    const t = tokens[b]!;
    if (putsQuestionAt(tokens, b))
      return b + 1 < from - comma ? source.slice(tokens[b + 1]!.start, tokens[from - comma - 1]!.end) : null;
    // (a clause between them puts no question to the name: "when asked about concerns that Sanders's voters
    // would not back Clinton if …")
    if (!t.word ? !(comma && b === from - 1) : CLAUSE_BREAK.has(t.lower)) return undefined;
  }
}
const ASKED_DESCRIPTION_MAX = 14;

/**
 * An asking verb in any case, anywhere: a text that holds none puts a question to no name, and its names are
 * not read for one (names.ts `pushName`). Not marks.ts `ASKED_RE`, which reads whole words in lower case: this
 * must say yes wherever a token's lower case is an asking verb ("Asked", "ASKED"), so it matches anywhere.
 */
export const ASKING_RE = new RegExp([...ASKING_VERBS].join('|'), 'iu');

/** An asking verb at `k` puts its question to what follows it: not "“…?” asked Sen. Lee", whose subject follows it. */
export const putsQuestionAt = (tokens: readonly Token[], k: number): boolean =>
  ASKING_VERBS.has(tokens[k]?.lower ?? '') && !isDoubleMark(tokens[k - 1]?.text);
