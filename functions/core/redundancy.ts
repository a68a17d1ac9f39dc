import { stemCached, tokenize } from './rouge.js';

/**
 * When two pieces of a story say the same thing. One definition serves the summarizer (no two key
 * points share their main fact), story composition (a key point against the quotes shown under it) and
 * the eval's readability report (the count of near-repeated pairs), so that what is measured is what is
 * prevented.
 */

/** Words that carry no fact: left out of the content comparison. */
const STOPWORDS = new Set(
  (
    'a an the and or but nor so yet of to in on at for by with from as into onto over under about after before ' +
    'than then that this these those there here it its is are was were be been being has have had do does did ' +
    'will would can could may might must shall should not no he she they we you i him her them us me his hers their ' +
    'our your my who whom whose which what when where why how also just more most very said say says told tell ' +
    'if while who all any some such only one two new'
  ).split(' '),
);

/** The stop words as the stemmer leaves them, so that stemmed tokens (cached by rouge.ts) can be filtered. */
const STEMMED_STOPWORDS = new Set([...STOPWORDS].flatMap((w) => tokenize(w, { stem: true })));

/**
 * Each token seen (as rouge.ts matches it, before stemming) and what it adds to a text's content words:
 * its stem, or '' for a stop word. One lookup per token instead of the stemmer's lookup and the stop
 * words' (every quote and sentence compared comes here); bounded like rouge.ts's stem cache.
 */
const contentStemOf = new Map<string, string>();

/** A token's content stem ('' for a stop word), as `tokenize(token, { stem: true })` stems it, remembered. */
function newContentStem(token: string): string {
  // a token of [a-z0-9] is one token to the tokenizer, which stems it when it is long enough: its
  // stemmer asked directly, without tokenising the token again
  const stem = token.length > 3 ? stemCached(token) : token;
  const s = STEMMED_STOPWORDS.has(stem) ? '' : stem;
  if (contentStemOf.size > 200_000) contentStemOf.clear();
  contentStemOf.set(token, s);
  return s;
}

/**
 * A token as rouge.ts's `tokenize` matches it (a run of [a-z0-9] in the lower-cased text), but none
 * of the stop words: the regex engine passes over them (about four tokens in ten) without a string
 * made and looked up for each. A stop word's stem is a stemmed stop word, so none is missed.
 */
const CANDIDATE_TOKEN_RE = new RegExp(
  `(?<![a-z0-9])(?!(?:${[...STOPWORDS].join('|')})(?![a-z0-9]))[a-z0-9]+`,
  'g',
);

/** Stemmed content words of a text (stop words out). */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  const tokens = text.toLowerCase().match(CANDIDATE_TOKEN_RE);
  if (tokens === null) return out;
  // an indexed loop: an array's iterator is slow in the mostly unoptimised CLI
  for (let i = 0; i < tokens.length; i++) {
    // the lookup written out, the call made only for a token not seen yet
    const s = contentStemOf.get(tokens[i]!) ?? newContentStem(tokens[i]!);
    if (s !== '') out.add(s);
  }
  return out;
}

/** Share of the smaller set found in the larger one (0 when either is empty). */
export function overlapOfSmaller(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  // two variables, not a destructured pair: its array and iterator are slow in the mostly unoptimised CLI
  const small = a.size <= b.size ? a : b;
  const big = small === a ? b : a;
  if (small.size === 0) return 0;
  let n = 0;
  for (const w of small) if (big.has(w)) n++;
  return n / small.size;
}

/** Two texts share their main fact when half of the shorter one's content words are in the other. */
export const NEAR_REPEAT_OVERLAP = 0.5;
const OPENING_WORDS = 3;
const NAME_OR_NUMBER_RE = /^(?:\p{Lu}|\d)/u;

/** The first words of a text, for the same-subject test ("Monsour Alshammari, 27, is …" / "… was …"). */
function opening(text: string): string[] {
  // The brackets go only when there are any, and the split stops after the pieces that can hold the
  // first words (only the first piece can be empty before them): the same words, without reading a
  // long text to its end.
  const plain = text.startsWith('[') || text.includes(']') ? text.replace(/^\[|\]/gu, '') : text;
  return plain
    .split(/[\s,;:]+/u, OPENING_WORDS + 1)
    .filter(Boolean)
    .slice(0, OPENING_WORDS);
}

/** Read only: one is shared by every comparison of its text (see `comparable`). */
export interface Comparable {
  readonly text: string;
  readonly words: ReadonlySet<string>;
  /** The first words, lower-cased, and how many of them are names or numbers. */
  readonly opening: readonly string[];
  readonly namesInOpening: number;
}

/**
 * The texts made comparable lately: the summarizer compares its candidate sentences, and the key points
 * it chooses among them are compared again with the article's quotes. Read only, so shared; a few
 * articles' worth are kept.
 */
const recentComparables = new Map<string, Comparable>();

/** A text with what the comparison reads of it, computed once for repeated comparisons. */
export function comparable(text: string): Comparable {
  let c = recentComparables.get(text);
  if (c === undefined) {
    c = comparableWith(text, contentWords(text));
    if (recentComparables.size >= 2_000) recentComparables.clear();
    recentComparables.set(text, c);
  }
  return c;
}

/** `comparable(text)` when its content words are already known. */
function comparableWith(text: string, words: ReadonlySet<string>): Comparable {
  const first = opening(text);
  const lower: string[] = [];
  let namesInOpening = 0;
  for (let i = 0; i < first.length; i++) {
    lower.push(first[i]!.toLowerCase());
    if (NAME_OR_NUMBER_RE.test(first[i]!)) namesInOpening++;
  }
  return { text, words, opening: lower, namesInOpening };
}

/**
 * True when two key points (or a key point and a quote) say the same thing: at least half of the shorter
 * one's content words recur in the other, or both open with the same three words naming the same subject
 * (two or more of them names or numbers).
 *
 * @example
 * nearRepeat(comparable('Jo Lee, 27, is in the US on a visa.'), comparable('Jo Lee, 27, was arrested on Friday.')) // true
 */
export function nearRepeat(a: Comparable, b: Comparable): boolean {
  return overlapOfSmaller(a.words, b.words) >= NEAR_REPEAT_OVERLAP || sameSubject(a, b);
}

/** Both open with the same three words, two or more of them (in `a`) names or numbers. */
function sameSubject(a: Comparable, b: Comparable): boolean {
  if (a.opening.length < OPENING_WORDS || b.opening.length < OPENING_WORDS) return false;
  for (let i = 0; i < OPENING_WORDS; i++) if (a.opening[i] !== b.opening[i]) return false;
  return a.namesInOpening >= 2;
}

/**
 * Does `text` say what one of `others` says? What `others.some((o) => nearRepeat(comparable(text), o))`
 * answers, reading the text's first words only when a comparison gets to them (most texts share too
 * few words with any other, and the others seldom open with three words).
 */
export function repeatsAny(text: string, others: readonly Comparable[]): boolean {
  const words = contentWords(text);
  // copied once into an array (natively): a Set's iterator, read for every other text, is slow in the
  // mostly unoptimised CLI
  const list = [...words];
  let first: readonly string[] | null = null;
  for (let i = 0; i < others.length; i++) {
    const o = others[i]!;
    if (sharesEnough(list, o.words)) return true;
    if (o.opening.length < OPENING_WORDS) continue;
    first ??= subjectOpening(text);
    if (
      first.length === OPENING_WORDS &&
      first[0] === o.opening[0] &&
      first[1] === o.opening[1] &&
      first[2] === o.opening[2]
    )
      return true;
  }
  return false;
}

/**
 * What `sameSubject` reads of the text (as `a`): its first three words lower-cased when two or more
 * of them are names or numbers, and none otherwise, as then it names no subject to compare. Most
 * texts open with one name or none, and their words are not lower-cased.
 */
function subjectOpening(text: string): readonly string[] {
  const first = opening(text);
  if (first.length < OPENING_WORDS) return [];
  let names = 0;
  for (let i = 0; i < OPENING_WORDS; i++) if (NAME_OR_NUMBER_RE.test(first[i]!)) names++;
  if (names < 2) return [];
  return [first[0]!.toLowerCase(), first[1]!.toLowerCase(), first[2]!.toLowerCase()];
}

/**
 * `overlapOfSmaller(new Set(list), b) >= NEAR_REPEAT_OVERLAP` for a list of distinct words: the words
 * shared are as many counted from either side, and the count stops once it is enough.
 */
function sharesEnough(list: readonly string[], b: ReadonlySet<string>): boolean {
  // the smaller size by a comparison: Math.min is a call in the mostly unoptimised CLI
  let small = list.length;
  if (b.size < small) small = b.size;
  if (small === 0) return false;
  // n / small >= 0.5 exactly when n >= small * 0.5 (both exact in floating point)
  const enough = small * NEAR_REPEAT_OVERLAP;
  let n = 0;
  for (let i = 0; i < list.length; i++) if (b.has(list[i]!) && ++n >= enough) return true;
  return false;
}

/** The pairs (i < j) of texts that are near repeats of each other. */
export function nearRepeatPairs(texts: readonly string[]): [number, number][] {
  const items = texts.map(comparable);
  const out: [number, number][] = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) if (nearRepeat(items[i]!, items[j]!)) out.push([i, j]);
  return out;
}
