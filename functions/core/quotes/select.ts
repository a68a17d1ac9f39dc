import type { KeyPoint, Quote } from '../types.js';
import { withoutCaption } from './captions.js';
import { HEADLINE_SMALL_WORDS, NOVELTY_STOP_WORDS } from './lexicon.js';

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}’'-]*/gu;
const SENTENCE_PUNCT_RE = /[.!?,;:]$/u;
/** Quotes joined by an attribution this short ("," he said, ") are parts of one utterance. */
const MAX_INTERRUPTION = 80;

export interface SelectOptions {
  /** How many quotations to keep (the parts of an interrupted one count as one; at most one part beyond it in all). Default 3. */
  max?: number;
}

function words(text: string): string[] {
  return (text.match(WORD_RE) ?? []).map((w) => w.toLowerCase().replace(/’/g, "'"));
}

function stem(w: string): string {
  return w.replace(/(?:'s|s'|ies|es|s|ed|ing|ly)$/u, '');
}

function contentWords(text: string): string[] {
  return words(text)
    .filter((w) => !NOVELTY_STOP_WORDS.has(w) && w.length > 2)
    .map(stem);
}

/** A title in quote marks ("Fox News Sunday", "Make Your Kid a Millionaire"): every word capitalised. */
export function looksLikeTitle(text: string): boolean {
  const ws = text.match(WORD_RE) ?? [];
  if (ws.length === 0 || ws.length > 10) return false;
  if (/[.!?]\s+\S/u.test(text)) return false;
  return ws.every(
    (w, i) => /^[\p{Lu}\p{N}]/u.test(w) || (i > 0 && HEADLINE_SMALL_WORDS.has(w.toLowerCase())),
  );
}

/**
 * A scare quote or a fragment: two words or fewer, or a short lower-case phrase nobody is said
 * to have spoken ("the “sex tape” reference").
 */
export function looksLikeFragment(q: Quote): boolean {
  const n = (q.text.match(WORD_RE) ?? []).length;
  if (n <= 2) return true;
  return n <= 5 && q.speaker === null && !/^\p{Lu}/u.test(q.text);
}

interface Group {
  parts: Quote[];
  score: number;
  speaker: string | null;
}

/** Parts of an interrupted quotation ("We will go," he said, "and we will stay.") stay together. */
function groupParts(quotes: readonly Quote[], source: string): Quote[][] {
  const groups: Quote[][] = [];
  for (const q of quotes) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (
      last &&
      prev &&
      prev.speaker !== null &&
      prev.speaker === q.speaker &&
      q.start - prev.end <= MAX_INTERRUPTION &&
      !source.slice(prev.end, q.start).includes('\n')
    ) {
      last.push(q);
    } else {
      groups.push([q]);
    }
  }
  return groups;
}

/** Share of the quotation's content words that the key points do not already say. */
function novelty(text: string, known: ReadonlySet<string>): number {
  const cw = contentWords(text);
  if (cw.length === 0) return 0;
  let fresh = 0;
  for (const w of cw) if (!known.has(w)) fresh++;
  return fresh / cw.length;
}

function lengthScore(n: number): number {
  if (n < 5) return 0.2;
  if (n < 8) return 0.6;
  if (n <= 45) return 1;
  if (n <= 80) return 0.7;
  return 0.4;
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
  options: SelectOptions = {},
): Quote[] {
  const max = Math.max(0, Math.min(options.max ?? 3, 10));
  if (max === 0 || all.length === 0) return [];
  const known = new Set<string>();
  for (const k of context.keyPoints) for (const w of contentWords(k.text)) known.add(w);
  const usable = [...all]
    .sort((a, b) => a.start - b.start)
    .map(withoutCaption)
    .filter((q): q is Quote => q !== null && !looksLikeTitle(q.text) && !looksLikeFragment(q));
  const groups: Group[] = groupParts(usable, context.source).map((parts) => {
    const text = parts.map((p) => p.text).join(' ');
    const n = words(text).length;
    const q = parts[0]!;
    // A key point that already holds the quotation verbatim makes it redundant.
    const inKeyPoint = context.keyPoints.some((k) => k.start <= q.start && q.end <= k.end);
    const complete = SENTENCE_PUNCT_RE.test(parts[parts.length - 1]!.text) ? 0.05 : 0;
    const score =
      0.55 * novelty(text, known) +
      0.2 * lengthScore(n) +
      (q.speaker ? 0.2 : 0) +
      (q.role ? 0.05 : 0) +
      complete -
      (inKeyPoint ? 0.5 : 0);
    return { parts, score, speaker: q.speaker };
  });
  const chosen: Group[] = [];
  const pool = [...groups];
  // `max` quotations; the parts of an interrupted one count as one, with one part at most beyond `max`.
  let parts = 0;
  while (pool.length > 0 && chosen.length < max && parts <= max) {
    const [g] = pool.splice(nextPick(pool, chosen), 1);
    if (!g) break;
    const taken = g.parts.slice(0, Math.max(1, max + 1 - parts - partsToReserve(pool, chosen, g, max)));
    chosen.push({ ...g, parts: taken });
    parts += taken.length;
  }
  return chosen.flatMap((g) => g.parts).sort((a, b) => a.start - b.start);
}

/**
 * Parts to keep free for the voices not yet heard: one for each quotation still to choose, while
 * other speakers wait in the pool, so that a long interrupted quotation does not crowd them out.
 */
function partsToReserve(pool: readonly Group[], chosen: readonly Group[], g: Group, max: number): number {
  const heard = new Set([...chosen.map((c) => c.speaker), g.speaker]);
  // an unattributed quotation is a voice of its own
  const waiting = new Set<unknown>(
    pool.filter((p) => p.speaker === null || !heard.has(p.speaker)).map((p) => p.speaker ?? p),
  );
  return Math.min(max - chosen.length - 1, waiting.size);
}

/**
 * Distinct voices first: while a quotation from a speaker not yet chosen remains (an unattributed
 * one counts as a voice of its own), the best of those; only then a second quotation from anyone.
 */
function nextPick(pool: readonly Group[], chosen: readonly Group[]): number {
  const heard = new Set(chosen.map((c) => c.speaker).filter((s) => s !== null));
  let best = -1;
  let bestKey = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  pool.forEach((g, i) => {
    const key = [g.speaker !== null && heard.has(g.speaker) ? 0 : 1, g.score];
    if (key[0]! > bestKey[0]! || (key[0] === bestKey[0] && key[1]! > bestKey[1]!)) {
      best = i;
      bestKey = key;
    }
  });
  return best;
}
