/**
 * Word lists of the attribution sieves: which words end a speaker phrase, link a cue, or mark a noun
 * (data files under `data/`, compiled into `word-lists.gen.ts`), and the dash characters they read.
 */
export {
  AND_THEN,
  CLAUSE_BREAK,
  CLAUSE_OPENERS,
  FORWARD_STOP,
  LINK_WORDS,
  NAME_LINKS,
  NOUN_BEFORE,
  OBJECT_PREPOSITIONS,
  PHRASE_END_STOP,
  RELATIVE_OR_CLAUSE,
  RELATIVE_PRONOUNS,
  SPEECH_NOUNS,
  TIME_WORDS,
  VERB_INSIDE,
} from './word-lists.gen.js';

// Punctuation, not vocabulary: these stay with the code that reads them.
export const DASHES: ReadonlySet<string> = new Set(['—', '–', '-', '―', '‒', '−']);
export const LEADING_SKIP: ReadonlySet<string> = new Set([',', '—', '–', '-', '―', '‒', '(', ')', "'"]);
