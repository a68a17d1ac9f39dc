import { CUE_WORDS, TITLE_SMALL_WORDS } from './lexicon.js';
import type { Attribution, SieveId } from './sieve.js';
import type { QuoteSpan } from './spans.js';

/** Names of the features a quotation candidate is scored on, in vector order. */
export const FEATURE_NAMES = [
  'bias',
  'words1',
  'words2',
  'words3to5',
  'words6plus',
  'logWords',
  'single',
  'viaTail',
  'viaHead',
  'viaColon',
  'viaNeighbour',
  'speakerFound',
  'endsWithPunct',
  'startsUpper',
  'titleCase',
  'afterLowerWord',
  'afterFramingWord',
  'startsParagraph',
  'firstLine',
  'beforeLowerWord',
  'beforeCommaOrStop',
  'unclosed',
  'severalSentences',
  'firstSecondPerson',
  'wholeParagraph',
  'afterPossessiveOrTitle',
  'cueRightBefore',
  'cueRightAfter',
  'lowerStartNoCueBefore',
  'afterColon',
  'shortNoSpeaker',
  'logChars',
  'chantOrSign',
  'parenOrYearAfter',
  'byAfter',
  'excerptBefore',
  'quotesInParagraph',
] as const;

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}’'-]*/gu;
const PERSON_RE =
  /\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|me|my|we|we're|we’re|our|us|you|your|you're|you’re)\b/iu;
const FRAMING_RE =
  /(?:\b(?:the|a|an|of|as|called|dubbed|titled|labeled|labelled|named|nicknamed|so-called|term|word|phrase|his|her|their|its|our|this|these|those|about|on|in|for|from|with|by|to|and|or)\s*)$/iu;
/** Chants, signs and slogans: `chants of "…"`, `a sign reading "…"`, `a shirt that read "…"`. */
const CHANT_RE =
  /\b(?:chant(?:s|ed|ing)?|shout(?:s|ed|ing)?|yell(?:s|ed|ing)?|read|reads|reading|banners?|signs?|slogans?|shirts?|hats?)(?:\s+(?:of|that\s+read|saying))?\s*[:,]?\s*$/iu;
/** An excerpt of another article: `…," by Times' Jane Doe: "…"`. */
const EXCERPT_RE = /\bby\s+[^:"“”]{2,60}:\s*$/u;
const SENTENCE_INSIDE_RE = /[.!?]\s+\p{Lu}/u;

function isUpper(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/**
 * The keep/drop model was trained on four groups of evidence; each sieve belongs to one (or none:
 * a continued paragraph says nothing about whether the passage is speech).
 */
const KEEP_GROUP: Readonly<Record<SieveId, 'tail' | 'head' | 'colon' | 'neighbour' | null>> = {
  tail: 'tail',
  'dash-line': 'tail',
  head: 'head',
  'sentence-before': 'head',
  'colon-line': 'colon',
  neighbour: 'neighbour',
  continuation: null,
  'paraphrase-before': null,
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
  const c = featureContext(source, q);
  const via = attribution ? KEEP_GROUP[attribution.sieve] : null;
  const n = c.words.length;
  const capitalised = c.words.filter((w) => isUpper(w[0]) || TITLE_SMALL_WORDS.has(w.toLowerCase())).length;
  const prevWord = /([\p{L}’']+)\s*$/u.exec(c.before)?.[1] ?? '';
  return [
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
    /[,.!?;:…—-]/u.test(c.text[c.text.length - 1] ?? '') ? 1 : 0,
    isUpper(c.text[0]) ? 1 : 0,
    n > 0 && n <= 8 && capitalised === n ? 1 : 0,
    prevWord !== '' && !isUpper(prevWord[0]) ? 1 : 0,
    FRAMING_RE.test(c.before) ? 1 : 0,
    ...surroundFeatures(source, q, c, speakerFound, firstLineEnd, quotesInParagraph),
  ];
}

interface FeatureContext {
  text: string;
  words: string[];
  /** Up to 40 characters before the opening mark, in its paragraph. */
  before: string;
  closeLen: number;
  /** Up to 60 characters after the closing mark, in its paragraph. */
  afterText: string;
}

function featureContext(source: string, q: QuoteSpan): FeatureContext {
  const text = source.slice(q.start, q.end);
  const closeLen = q.close < q.paraEnd ? 1 : 0;
  return {
    text,
    words: text.match(WORD_RE) ?? [],
    before: source.slice(Math.max(q.paraStart, q.open - 40), q.open),
    closeLen,
    afterText: source.slice(q.close + closeLen, Math.min(q.paraEnd, q.close + closeLen + 60)),
  };
}

/** Where the passage sits and what surrounds it: paragraph, headline, cue words, colons, brackets. */
function surroundFeatures(
  source: string,
  q: QuoteSpan,
  c: FeatureContext,
  speakerFound: boolean,
  firstLineEnd: number,
  quotesInParagraph: number,
): number[] {
  const { text, before, afterText, closeLen } = c;
  const after = afterText.slice(0, 3);
  const lastBefore = /([\p{L}’']+)[\s,:;—–-]*(?:that\s*)?$/u.exec(before)?.[1]?.toLowerCase() ?? '';
  const cueBefore =
    CUE_WORDS.has(lastBefore) || (lastBefore === 'to' && /according to\s*,?\s*$/iu.test(before));
  const afterWords = afterText
    .replace(/^[\s,—–―-]+/u, '')
    .split(/\s+/u)
    .slice(0, 3)
    .map((w) => w.toLowerCase().replace(/[^\p{L}’']/gu, ''));
  const opensParagraph = source.slice(q.paraStart, q.open).trim() === '';
  return [
    opensParagraph ? 1 : 0,
    q.open < firstLineEnd ? 1 : 0,
    /^\s*[\p{Ll}]/u.test(after) ? 1 : 0,
    /^[\s]*[,.;:]/u.test(after) || /[,.]$/u.test(text) ? 1 : 0,
    q.close >= q.paraEnd ? 1 : 0,
    SENTENCE_INSIDE_RE.test(text) ? 1 : 0,
    PERSON_RE.test(text) ? 1 : 0,
    opensParagraph && source.slice(q.close + closeLen, q.paraEnd).trim().length < 3 ? 1 : 0,
    /['’]s\s*$|\b(?:Mr|Mrs|Ms|Dr)\.?\s*$/u.test(before) ? 1 : 0,
    cueBefore ? 1 : 0,
    afterWords.some((w) => CUE_WORDS.has(w)) ? 1 : 0,
    !isUpper(text[0]) && !cueBefore ? 1 : 0,
    /:\s*$/u.test(before) ||
    (before.trim() === '' && /:\s*$/u.test(source.slice(Math.max(0, q.paraStart - 5), q.paraStart)))
      ? 1
      : 0,
    c.words.length <= 3 && !speakerFound ? 1 : 0,
    Math.log1p(text.length) / 5,
    CHANT_RE.test(before) ? 1 : 0,
    /^[\s,.;]*\(/u.test(afterText) ? 1 : 0,
    /^[\s,]*by\s+\p{Lu}/u.test(afterText) ? 1 : 0,
    EXCERPT_RE.test(before) ? 1 : 0,
    Math.min(3, quotesInParagraph) / 3,
  ];
}

/** Logistic score of a feature vector. */
export function score(weights: readonly number[], features: readonly number[]): number {
  let z = 0;
  for (let i = 0; i < features.length; i++) z += (weights[i] ?? 0) * features[i]!;
  return 1 / (1 + Math.exp(-z));
}
