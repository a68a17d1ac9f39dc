/** Word lists of the attribution sieves: which words end a speaker phrase, link a cue, or mark a noun. */
import { NP_STOP_WORDS, WEEKDAYS } from './lexicon.js';

export const CLAUSE_BREAK: ReadonlySet<string> = new Set([
  'that',
  'because',
  'when',
  'if',
  'while',
  'and',
  'but',
  'who',
  'which',
  'whom',
  'as',
  'after',
  'before',
  'although',
  'though',
  'since',
  'where',
  'so',
]);
export const FORWARD_STOP: ReadonlySet<string> = new Set([
  ...NP_STOP_WORDS,
  'adding',
  'noting',
  'saying',
  'who',
  'whose',
  'speaking',
  'referring',
  'told',
  'tells',
]);
/** "went on to say", "by saying", "upon saying": the cue hangs on the clause subject. */
export const LINK_WORDS: ReadonlySet<string> = new Set(['to', 'by', 'upon']);
/** "… and said", "… but added, …": the cue continues the clause subject ("but" only before a whole utterance). */
export const AND_THEN: ReadonlySet<string> = new Set(['and', 'then', 'but']);
/** Words that make the next weak cue a noun ("a text", "his post"). */
export const NOUN_BEFORE: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'his',
  'her',
  'their',
  'its',
  'text',
]);
/** Nouns that carry speech ("issued a statement, …"). */
export const SPEECH_NOUNS: ReadonlySet<string> = new Set([
  'statement',
  'statements',
  'message',
  'remarks',
  'letter',
  'speech',
  'interview',
  'op-ed',
  'tweet',
]);
export const DASHES: ReadonlySet<string> = new Set(['—', '–', '-', '―', '‒', '−']);
export const LEADING_SKIP: ReadonlySet<string> = new Set([',', '—', '–', '-', '―', '‒', '(', ')', "'"]);
export const NAME_LINKS: ReadonlySet<string> = new Set([
  'de',
  'da',
  'del',
  'van',
  'von',
  'bin',
  'al',
  'la',
  'le',
  'di',
  'du',
]);
export const RELATIVE_OR_CLAUSE: ReadonlySet<string> = new Set([
  'who',
  'which',
  'that',
  'whose',
  'whom',
  'and',
  'but',
  'when',
  'while',
  'because',
  'after',
  'before',
  'said',
  'says',
]);
export const TIME_WORDS: ReadonlySet<string> = new Set([
  ...WEEKDAYS,
  'today',
  'yesterday',
  'tonight',
  'later',
  'earlier',
  'recently',
  'again',
]);

/** A finite verb inside a would-be speaker phrase means it is a clause ("His terminology was off"). */
export const VERB_INSIDE: ReadonlySet<string> = new Set([
  'was',
  'is',
  'were',
  'are',
  'has',
  'had',
  'have',
  'will',
  'would',
  'did',
  'does',
]);
