import { byScript, scriptOf } from '../letter-classes.js';
import { groupParts } from '../quote-parts.js';
import type { KeyPoint, Quote } from '../types.js';
import { withoutCaption } from './captions.js';
import { wordsOf } from './features.js';
import { HEADLINE_SMALL_WORDS, NOVELTY_STOP_WORDS } from './lexicon.js';
import { lowersCharByChar, startsUpper, startsUpperOrNumber } from './tokens.js';

const SENTENCE_PUNCT_RE = /[.!?,;:]$/u;

/** A word's plural, possessive, past, -ing or -ly ending, the longest first (the leftmost match), removed before novelty compares words. */
const ENDING_RE = /(?:'s|s'|ies|es|s|ed|ing|ly)$/u;

const SENTENCE_BREAK_RE = /[.!?]\s+\S/u;

/** A title in quote marks ("Fox News Sunday", "Make Your Kid a Millionaire"): every word (`ws`) capitalised. */
function titleLike(text: string, ws: readonly string[]): boolean {
  if (ws.length === 0 || ws.length > 10 || SENTENCE_BREAK_RE.test(text)) return false;
  // a loop, not `every` with a callback: every quotation of ten words or fewer comes here
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (!startsUpperOrNumber(w) && (i === 0 || !HEADLINE_SMALL_WORDS.has(w.toLowerCase()))) return false;
  }
  return true;
}

/**
 * A quotation of ten words or fewer worth keeping: no title, and no scare quote or fragment (two words
 * or fewer, or a short lower-case phrase nobody is said to have spoken: "the “sex tape” reference").
 */
function usableShort(q: Quote): boolean {
  const words = wordsOf(q.text);
  const n = words.length;
  return !titleLike(q.text, words) && n > 2 && (n > 5 || q.speaker !== null || startsUpper(q.text));
}

/**
 * Eleven words or more (`wordsOf`'s words, each matched whole: the lookahead leaves no part of one
 * to count as another), read no further than the eleventh.
 */
const MORE_THAN_TEN_WORDS_RE = byScript(
  (c) =>
    `^(?:[^${c.letterOrNumber}]*[${c.letterOrNumber}][${c.letterOrNumber}’'-]*(?![${c.letterOrNumber}’'-])){11}`,
);

/** In text order, cut before any caption, without captions, titles, fragments and scare quotes. */
function usableQuotes(all: readonly Quote[]): Quote[] {
  const out: Quote[] = [];
  const ordered = [...all].sort((a, b) => a.start - b.start);
  for (let i = 0; i < ordered.length; i++) {
    const quote = withoutCaption(ordered[i]!);
    if (quote === null) continue;
    // most quotations have more than ten words: neither a title nor a fragment, without their words matched
    if (MORE_THAN_TEN_WORDS_RE[scriptOf(quote.text)].test(quote.text) || usableShort(quote)) out.push(quote);
  }
  return out;
}

type Group = ReturnType<typeof scored>;

/** The stems of the content words of `lower` (lower-cased words): no stop words, none of two letters or fewer. */
const contentStems = (lower: readonly string[]): string[] =>
  lower.filter((w) => w.length > 2 && !NOVELTY_STOP_WORDS.has(w)).map((w) => w.replace(ENDING_RE, ''));

/** Share of the quotation's content words (`lower`, as `contentStems` reads them) that the key points do not already say. */
function novelty(lower: readonly string[], known: ReadonlySet<string>): number {
  const stems = contentStems(lower);
  return stems.length === 0 ? 0 : stems.filter((s) => !known.has(s)).length / stems.length;
}

/** By the quotation's words: 0.2 under 5, 0.6 under 8, 1 up to 45, 0.7 up to 80, 0.4 beyond (one score per step passed). */
const LENGTH_STEPS = [5, 8, 46, 81];
const LENGTH_SCORES = [0.2, 0.6, 1, 0.7, 0.4];

/**
 * The text's words lower-cased, curly apostrophes made straight: the text lower-cased once instead of
 * word by word where that gives the same words (tokens.ts `lowersCharByChar`).
 */
function lowerTextWords(text: string): string[] {
  const lower = text.toLowerCase();
  if (!lowersCharByChar(text, lower)) return wordsOf(text).map((w) => straightApostrophes(w.toLowerCase()));
  return wordsOf(straightApostrophes(lower));
}

const straightApostrophes = (text: string): string => (text.includes('’') ? text.replaceAll('’', "'") : text);

/** A group and its score: what it adds to the key points (the stems of their words: `known`). */
function scored(group: readonly Quote[], keyPoints: readonly KeyPoint[], known: ReadonlySet<string>) {
  const q = group[0]!;
  // loops, not callbacks: every group of an article with more quotations than places comes here
  let text = q.text;
  for (let i = 1; i < group.length; i++) text = `${text} ${group[i]!.text}`;
  const lower = lowerTextWords(text);
  // A key point that already holds the quotation verbatim makes it redundant.
  let inKeyPoint = false;
  for (let i = 0; i < keyPoints.length && !inKeyPoint; i++)
    inKeyPoint = keyPoints[i]!.start <= q.start && q.end <= keyPoints[i]!.end;
  const score =
    0.55 * novelty(lower, known) +
    0.2 * LENGTH_SCORES[LENGTH_STEPS.filter((step) => lower.length >= step).length]! +
    (q.speaker ? 0.2 : 0) +
    (q.role ? 0.05 : 0) +
    (SENTENCE_PUNCT_RE.test(group[group.length - 1]!.text) ? 0.05 : 0) -
    (inKeyPoint ? 0.5 : 0);
  return { parts: group, score, speaker: q.speaker };
}

/**
 * The quotations worth a place in the email: no scare quotes, titles or fragments; the ones that
 * add most to the key points first, one speaker not crowding out the others; in source order.
 *
 * @example
 * selectQuotes(findQuotes(source), { source, keyPoints }, { max: 3 })
 */
export function selectQuotes(
  all: readonly Quote[],
  context: { source: string; keyPoints: readonly KeyPoint[] },
  /** `max`: how many quotations to keep (the parts of an interrupted one count as one; at most one part beyond it in all). Default 3. */
  options: { max?: number } = {},
): Quote[] {
  const max = Math.max(0, Math.min(options.max ?? 3, 10));
  if (max === 0 || all.length === 0) return [];
  const usable = usableQuotes(all);
  // When every part fits, every group is chosen whole whatever the scores (each takes all its parts:
  // the parts before it, its own and the ones reserved for the pool add up to at most `max`), so none
  // is scored; the parts are already in source order.
  if (usable.length <= max) return usable;
  // the stems of the key points' content words (their texts read as one: a space between two joins no words)
  const known = new Set(contentStems(lowerTextWords(context.keyPoints.map((k) => k.text).join(' '))));
  const pool = groupParts(usable, context.source).map((g) => scored(g, context.keyPoints, known));
  // `max` quotations; the parts of an interrupted one count as one, with one part at most beyond `max`.
  const out: Quote[] = [];
  // the speakers chosen so far
  const heard = new Set<string | null>();
  for (let chosen = 0; pool.length > 0 && chosen < max && out.length <= max; chosen++) {
    const g = pool.splice(nextPick(pool, heard), 1)[0]!;
    heard.add(g.speaker);
    const taken = Math.max(1, max + 1 - out.length - partsToReserve(pool, heard, max - chosen - 1));
    for (let i = 0; i < taken && i < g.parts.length; i++) out.push(g.parts[i]!);
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Parts to keep free for the voices not yet heard: one for each of the `places` quotations still to
 * choose, while other speakers wait in the pool, so that a long interrupted quotation does not crowd
 * them out.
 */
function partsToReserve(pool: readonly Group[], heard: ReadonlySet<string | null>, places: number): number {
  // an unattributed quotation is a voice of its own
  const waiting = new Set<unknown>(pool.filter((g) => isNewVoice(g, heard)).map((g) => g.speaker ?? g));
  return Math.min(places, waiting.size);
}

/**
 * Distinct voices first: while a quotation from a speaker not yet `heard` remains (an unattributed
 * one counts as a voice of its own), the best of those; only then a second quotation from anyone.
 */
function nextPick(pool: readonly Group[], heard: ReadonlySet<string | null>): number {
  let best = 0;
  for (let i = 1; i < pool.length; i++) {
    // by the key (new voice, score): a new voice first, then the higher score; the first of equals
    const newer = Number(isNewVoice(pool[i]!, heard)) - Number(isNewVoice(pool[best]!, heard));
    if (newer > 0 || (newer === 0 && pool[i]!.score > pool[best]!.score)) best = i;
  }
  return best;
}

/** A voice not in `heard`: an unattributed quotation always is one. */
const isNewVoice = (g: Group, heard: ReadonlySet<string | null>): boolean =>
  g.speaker === null || !heard.has(g.speaker);
