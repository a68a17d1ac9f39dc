import { type ByScript, byScript, isLatin, isPlain, scriptOf } from '../letter-classes.js';
import { CHANT_WORDS, CUE_WORDS, FIRST_SECOND_PERSON, FRAMING_WORDS, TITLE_SMALL_WORDS } from './lexicon.js';
import { type Attribution, type SieveId, startsParagraph } from './sieve.js';
import type { QuoteSpan } from './spans.js';
import { startsLower, startsUpper } from './tokens.js';

/** Names of the features a quotation candidate is scored on, in vector order. */
export const FEATURE_NAMES: readonly string[] = (
  'bias words1 words2 words3to5 words6plus logWords single viaTail viaHead viaColon viaNeighbour ' +
  'speakerFound endsWithPunct startsUpper titleCase afterLowerWord afterFramingWord startsParagraph ' +
  'firstLine beforeLowerWord beforeCommaOrStop unclosed severalSentences firstSecondPerson ' +
  'wholeParagraph afterPossessiveOrTitle cueRightBefore cueRightAfter lowerStartNoCueBefore afterColon ' +
  'shortNoSpeaker logChars chantOrSign parenOrYearAfter byAfter excerptBefore quotesInParagraph'
).split(' ');

/** A word: letters and numbers, with apostrophes and hyphens inside (in each form: letter-classes.ts). */
const WORD_RE = byScript((c) => `[${c.letterOrNumber}][${c.letterOrNumber}’'-]*`, 'g');
/** A word of the first or second person (data/first-second-person.txt). */
const PERSON_RE = new RegExp(`\\b(?:${[...FIRST_SECOND_PERSON].join('|')})\\b`, 'iu');

/** The words of `text` (`WORD_RE`), by the cheapest form that reads it; `plain` when the caller knows it `isPlain`. */
export const wordsOf = (text: string, plain = isPlain(text)): string[] =>
  text.match(WORD_RE[plain ? 'plain' : isLatin(text) ? 'latin' : 'unicode']) ?? [];

/** The words before a quotation that frame it as a name or a term (`the word "…"`, `dubbed "…"`; data/framing-words.txt). */
const FRAMING_RE = new RegExp(`(?:\\b(?:${[...FRAMING_WORDS].join('|')})\\s*)$`, 'iu');
/** Chants, signs and slogans: `chants of "…"`, `a sign reading "…"`, `a shirt that read "…"` (data/chant-words.txt). */
const CHANT_RE = new RegExp(
  `\\b(?:${[...CHANT_WORDS].join('|')})(?:\\s+(?:of|that\\s+read|saying))?\\s*[:,]?\\s*$`,
  'iu',
);
/** An excerpt of another article: `…," by Times' Jane Doe: "…"`. */
const EXCERPT_RE = /\bby\s+[^:"“”]{2,60}:\s*$/u;
// The patterns over letters below come in three forms (letter-classes.ts): a text is read by the cheapest.
const SENTENCE_INSIDE_RE = byScript((c) => `[.!?]\\s+[${c.upper}]`);
const BY_AFTER_RE = byScript((c) => `^[\\s,]*by\\s+[${c.upper}]`);
/** What the cue check strips from a word after the quotation: all but letters and apostrophes. */
const NOT_WORD_CHAR_RE = byScript((c) => `[^${c.letter}’']`, 'g');
const END_PUNCT = ',.!?;:…—-';
/**
 * The first three words after the quotation, past what comes before the first (`," said`, `— wrote`):
 * white space, commas and dashes.
 */
const AFTER_WORDS_RE = /^[\s,—–―-]*(\S*)(?:\s+(\S*))?(?:\s+(\S*))?/u;
/** A word of lower-case ASCII letters alone (or none). */
const LOWER_ASCII_WORD_RE = /^[a-z]*$/;
/** A possessive or a title right before the opening mark (`Trump's "…"`, `Mr. "…"`). */
const POSSESSIVE_OR_TITLE_RE = /['’]s\s*$|\b(?:Mr|Mrs|Ms|Dr)\.?\s*$/u;
/** A bracket (or a year in one) right after the closing mark. */
const PAREN_AFTER_RE = /^[\s,.;]*\(/u;
const ACCORDING_TO_RE = /according to\s*,?\s*$/iu;

/**
 * The keep/drop model was trained on four groups of evidence; each sieve belongs to one (or none:
 * a continued paragraph says nothing about whether the passage is speech).
 */
const KEEP_GROUP: Readonly<Record<SieveId, 'tail' | 'head' | 'colon' | 'neighbour' | null>> = {
  reported: 'head',
  tail: 'tail',
  head: 'head',
  'colon-line': 'colon',
  neighbour: 'neighbour',
  continuation: null,
  'subject-before': 'head',
};

/** Feature vector of one candidate, for the learned keep/drop model. */
export function quoteFeatures(
  source: string,
  q: QuoteSpan,
  attribution: Attribution | null,
  speakerFound: boolean,
  firstLineEnd: number,
  quotesInParagraph = 1,
): number[] {
  const text = source.slice(q.start, q.end);
  const plain = isPlain(text);
  const words = wordsOf(text, plain);
  const n = words.length;
  // (no pair destructured from an array here or below: in the interpreter that is an iterator and its calls)
  const via = attribution ? KEEP_GROUP[attribution.sieve] : null;
  const features = [
    1,
    n === 1 ? 1 : 0,
    n === 2 ? 1 : 0,
    n >= 3 && n <= 5 ? 1 : 0,
    n >= 6 ? 1 : 0,
    Math.log1p(n),
    q.single ? 1 : 0,
    via === 'tail' ? 1 : 0,
    via === 'head' ? 1 : 0,
    via === 'colon' ? 1 : 0,
    via === 'neighbour' ? 1 : 0,
    speakerFound ? 1 : 0,
    text.length > 0 && END_PUNCT.includes(text[text.length - 1]!) ? 1 : 0,
    startsUpper(text) ? 1 : 0,
    // only a short passage can be a title, so longer ones skip the count
    n > 0 && n <= 8 && words.every((w) => startsUpper(w) || TITLE_SMALL_WORDS.has(w.toLowerCase())) ? 1 : 0,
  ];
  // appended, not spread into the literal: the CLI runs this code mostly unoptimised, where a spread is costly
  contextFeatures(features, source, q, text, plain, n <= 3 && !speakerFound, firstLineEnd, quotesInParagraph);
  return features;
}

/**
 * Where the run that `re` matches at the end of `s` before `end` starts: the run of letters and apostrophes
 * (`WORD_RUN_END_RE`, `[\p{L}’']`), or of white space and what comes between a cue word and its opening mark
 * (`GAP_END_RE`, `said:`, `says —`). `s` is the text before a quotation, a few dozen characters. The run is read
 * back from `end` by the codes of its ASCII characters and curly marks (`codes`), a few of them, with no pattern;
 * only where it stops at a character outside ASCII (a letter the codes do not hold, an odd space) does `re` read
 * it, anchored at the end, which the regex engine tries from every start.
 */
function runStart(s: string, end: number, re: ByScript, codes: ReadonlySet<number>): number {
  let k = end;
  while (k > 0 && codes.has(s.charCodeAt(k - 1))) k--;
  const tail = k === 0 || s.charCodeAt(k - 1) < 128 ? null : s.slice(0, end);
  return tail === null ? k : end - re[scriptOf(tail)].exec(tail)![0].length;
}

const WORD_RUN_END_RE = byScript((c) => `[${c.letter}’']*$`);
const GAP_END_RE = byScript(() => '[\\s,:;—–-]*$');
/** The characters of each run that are ASCII or curly marks, by their codes. */
const LETTER_CODES = new Set([39, 0x2019, ...Array.from({ length: 26 }, (_, i) => [65 + i, 97 + i]).flat()]);
const GAP_CODES = new Set([...' \t\n\v\f\r,:;—–-'].map((c) => c.charCodeAt(0)));

/**
 * Is the word before the opening mark a cue, past the punctuation between them and a `that` (`said that
 * "…"`, `says: "…"`), or `according to`? The word is the one `/([\p{L}’']+)[\s,:;—–-]*(?:that\s*)?$/u`
 * captures, lower-cased: its leftmost match reads the word before a separate `that`, else the word at
 * the end.
 */
function isCueBefore(before: string, trimmed: string): boolean {
  const end = runStart(before, before.length, GAP_END_RE, GAP_CODES);
  const start = runStart(before, end, WORD_RUN_END_RE, LETTER_CODES);
  let word = start < end ? before.slice(start, end) : '';
  if (trimmed.endsWith('that')) {
    const e = runStart(before, trimmed.length - 4, GAP_END_RE, GAP_CODES);
    const s = runStart(before, e, WORD_RUN_END_RE, LETTER_CODES);
    if (s < e && s < start) word = before.slice(s, e);
  }
  word = word.toLowerCase();
  return CUE_WORDS.has(word) || (word === 'to' && ACCORDING_TO_RE.test(before));
}

/**
 * Is one of the first three words after the closing mark (past dashes and commas) a cue? A word
 * is compared lower-cased and without what is not a letter or an apostrophe.
 */
function cueAfter(afterText: string, plain: boolean): boolean {
  // one match reads the words that `split(/\s+/u, 3)` gave of the text past its leading spaces, commas and dashes
  const m = AFTER_WORDS_RE.exec(afterText)!;
  return isCueWord(plain, m[1]) || isCueWord(plain, m[2]) || isCueWord(plain, m[3]);
}

/**
 * One word after the quotation, lower-cased and stripped of all but letters and apostrophes, is a cue
 * (a missing one, read as empty, is none).
 */
function isCueWord(plain: boolean, word = ''): boolean {
  // a cue is lower-case ASCII letters alone: a word of them (most) is compared as it is, unconverted
  if (LOWER_ASCII_WORD_RE.test(word)) return CUE_WORDS.has(word);
  const lower = word.toLowerCase();
  return CUE_WORDS.has(lower.replace(NOT_WORD_CHAR_RE[plain ? 'plain' : scriptOf(lower)], ''));
}

/**
 * Appends what the passage's words (`text`, `plain` when it `isPlain`) and their surroundings say: the
 * words before the opening mark and after the closing mark, its paragraph, the headline, colons and
 * brackets. `short`: a passage of three words or fewer without a speaker.
 */
function contextFeatures(
  features: number[],
  source: string,
  q: QuoteSpan,
  text: string,
  plain: boolean,
  short: boolean,
  firstLineEnd: number,
  quotesInParagraph: number,
): void {
  // up to 40 characters before the opening mark, in its paragraph; when they are white space alone,
  // every test of the words before it fails (each needs a word or a mark there), so none is run
  const before = source.slice(Math.max(q.paraStart, q.open - 40), q.open);
  const trimmed = before.trimEnd();
  const hasBefore = trimmed !== '';
  // enough of the end of `before` for every pattern tested on it, which must match at the very end (the
  // longest reads 9 characters and the one before them), so that the regex engine does not try them
  // from every position of `before`
  const tail = hasBefore ? before.slice(Math.max(0, trimmed.length - 12)) : '';
  // `/:\s*$/`: a colon and nothing but white space after it
  const colonBefore = trimmed.endsWith(':');
  const cueBefore = hasBefore && isCueBefore(before, trimmed);
  // `before` is all of the paragraph before the opening mark when that is no longer than it
  const opensParagraph = !hasBefore && (q.open - q.paraStart <= 40 || startsParagraph(source, q));
  // up to 60 characters after the closing mark (none when it is missing), in its paragraph; when there
  // are none (a quotation that ends its paragraph), every test of the words after it fails
  const after = source.slice(q.close + 1, Math.min(q.paraEnd, q.close + 61));
  const afterPlain = after === '' || isPlain(after);
  const afterWord = after.slice(0, 3).trimStart();
  // the start of the word that ends where the white space before the opening mark starts
  const wordBefore = hasBefore ? runStart(before, trimmed.length, WORD_RUN_END_RE, LETTER_CODES) : 0;
  features.push(
    // a word before the opening mark whose first character is not upper-case
    wordBefore < trimmed.length && !startsUpper(before.slice(wordBefore)) ? 1 : 0,
    hasBefore && FRAMING_RE.test(tail) ? 1 : 0,
    opensParagraph ? 1 : 0,
    q.open < firstLineEnd ? 1 : 0,
    // `/^\s*\p{Ll}/u` and `/^\s*[,.;:]/u`: what follows the white space after the closing mark
    startsLower(afterWord) ? 1 : 0,
    (afterWord !== '' && ',.;:'.includes(afterWord[0]!)) || text.endsWith(',') || text.endsWith('.') ? 1 : 0,
    q.close >= q.paraEnd ? 1 : 0,
    SENTENCE_INSIDE_RE[plain ? 'plain' : scriptOf(text)].test(text) ? 1 : 0,
    PERSON_RE.test(text) ? 1 : 0,
    opensParagraph && source.slice(q.close + 1, q.paraEnd).trim().length < 3 ? 1 : 0,
    hasBefore && POSSESSIVE_OR_TITLE_RE.test(tail) ? 1 : 0,
    cueBefore ? 1 : 0,
    after !== '' && cueAfter(after, afterPlain) ? 1 : 0,
    !startsUpper(text) && !cueBefore ? 1 : 0,
    colonBefore || (!hasBefore && afterColonLine(source, q.paraStart)) ? 1 : 0,
    short ? 1 : 0,
    Math.log1p(text.length) / 5,
    hasBefore && CHANT_RE.test(before) ? 1 : 0,
    after !== '' && PAREN_AFTER_RE.test(after) ? 1 : 0,
    after.includes('by') && BY_AFTER_RE[afterPlain ? 'plain' : scriptOf(after)].test(after) ? 1 : 0,
    colonBefore && EXCERPT_RE.test(before) ? 1 : 0,
    Math.min(3, quotesInParagraph) / 3,
  );
}

/** Does the paragraph before the one at `paraStart` end in a colon (`Asked why, she said:`)? */
const afterColonLine = (source: string, paraStart: number): boolean =>
  /:\s*$/u.test(source.slice(Math.max(0, paraStart - 5), paraStart));

/** Logistic score of a feature vector. */
export function score(weights: readonly number[], features: readonly number[]): number {
  let z = 0;
  for (let i = 0; i < features.length; i++) z += (weights[i] ?? 0) * features[i]!;
  return 1 / (1 + Math.exp(-z));
}
