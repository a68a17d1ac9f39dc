import { tokenize } from './rouge.js';
import type { Sentence } from './types.js';

/**
 * Key-point candidates for articles laid out in paragraphs, as web pages and wire copy are.
 *
 * A news paragraph is a unit of information, and its first sentence usually states it. On such
 * articles the position prior alone (the first few sentences) keeps re-telling the lead, so here we
 * choose among paragraph leads for coverage: a greedy maximal-marginal-relevance pass over
 * position and centrality, with redundancy against what is already chosen. Paragraphs that are
 * mostly a direct quotation are left to the quotes section.
 *
 * Text without paragraph breaks (the CNN/DailyMail benchmark stores articles that way) never comes
 * here: the summarizer's own position-and-cleaning model handles it. So `npm run eval`'s CNN/DM
 * figures measure that path only; BBC articles, which keep their paragraphs, exercise this one.
 */

/** Fewer body paragraphs than this: the article is one block, and the summarizer decides alone. */
export const MIN_PARAGRAPHS = 6;
/** One key point per this many body paragraphs, within 3–5. */
const PARAGRAPHS_PER_POINT = 3;
const POSITION_DECAY = 0.06;
/** Reported speech ("X claimed that …") belongs with the quotes; key points state what happened. */
const REPORTED_SPEECH_PENALTY = 0.25;
const REPORTED_SPEECH_RE =
  /\b(?:said|says|claimed|claims|stressed|noted|told|argued|added|insisted|warned|according to|voiced|laid blame)\b/i;
const CENTRALITY_WEIGHT = 1.2;
const REDUNDANCY_WEIGHT = 1.1;
const QUOTE_MARKS_RE = /["“”«»]/g;
const STARTS_WITH_QUOTE_RE = /^\s*["“«‘']/;

export interface Paragraph {
  index: number;
  sentences: Sentence[];
}

/** Groups sentences into paragraphs: a new paragraph starts wherever a line break separates two sentences. */
export function groupParagraphs(source: string, sentences: readonly Sentence[]): Paragraph[] {
  const out: Paragraph[] = [];
  let previous: Sentence | null = null;
  for (const sentence of sentences) {
    const newParagraph = previous === null || source.slice(previous.end, sentence.start).includes('\n');
    if (newParagraph) out.push({ index: out.length, sentences: [] });
    out[out.length - 1]!.sentences.push(sentence);
    previous = sentence;
  }
  return out;
}

function mostlyQuoted(text: string): boolean {
  if (STARTS_WITH_QUOTE_RE.test(text)) return true;
  const marks = text.match(QUOTE_MARKS_RE)?.length ?? 0;
  if (marks < 2) return false;
  // the share of the sentence between the first and last quote mark
  const first = text.search(QUOTE_MARKS_RE);
  const last = Math.max(text.lastIndexOf('"'), text.lastIndexOf('”'), text.lastIndexOf('»'));
  return last > first && (last - first) / text.length > 0.5;
}

function termVector(tokens: readonly string[]): Map<string, number> {
  const v = new Map<string, number>();
  for (const t of tokens) v.set(t, (v.get(t) ?? 0) + 1);
  return v;
}

function squaredNorm(v: Map<string, number>): number {
  let n = 0;
  for (const x of v.values()) n += x * x;
  return n;
}

/** Cosine of two vectors; `nb` is `b`'s squared norm when known (the document's, read for every candidate). */
function cosine(a: Map<string, number>, b: Map<string, number>, nb = squaredNorm(b)): number {
  let dot = 0;
  let na = 0;
  for (const [t, x] of a) {
    na += x * x;
    const y = b.get(t);
    if (y) dot += x * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Words that carry no topic: kept out of the centrality and redundancy vectors. */
const STOPWORDS = new Set(
  'the a an and or but of to in on at for by with from as is are was were be been has have had that this it its their his her they he she we not will would said says also after over into than which who'.split(
    ' ',
  ),
);

const contentTokens = (text: string) => tokenize(text, { stem: true }).filter((t) => !STOPWORDS.has(t));

/** How many key points a paragraphed article gets: one per three body paragraphs, 3 to 5. */
export function pointsForParagraphs(count: number): number {
  return Math.max(3, Math.min(5, Math.round(count / PARAGRAPHS_PER_POINT)));
}

/**
 * The sentences to offer the summarizer for a paragraphed article, in article order, or null when the
 * article is not laid out in enough paragraphs for this to apply.
 */
export function paragraphLeadSentences(source: string, sentences: readonly Sentence[]): Sentence[] | null {
  const paragraphs = groupParagraphs(source, sentences);
  if (paragraphs.length < MIN_PARAGRAPHS) return null;
  const k = pointsForParagraphs(paragraphs.length);

  // tf-idf over the article's sentences: words on every line (the story's topic) weigh little, so
  // redundancy means repeating the same specific facts, not sharing the topic
  const tokenized = sentences.map((s) => contentTokens(s.text));
  const df = new Map<string, number>();
  for (const tokens of tokenized) for (const t of new Set(tokens)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log((sentences.length + 1) / ((df.get(t) ?? 0) + 0.5));
  const weighted = (tokens: readonly string[]) => {
    const v = termVector(tokens);
    for (const [t, x] of v) v.set(t, x * idf(t));
    return v;
  };
  const documentVector = weighted(tokenized.flat());
  const documentNorm = squaredNorm(documentVector);
  const candidates = paragraphs
    .map((p) => ({ paragraph: p.index, sentence: p.sentences[0]! }))
    .filter(({ sentence }) => !mostlyQuoted(sentence.text) && sentence.text.split(/\s+/).length >= 6)
    .map((c) => {
      const vector = weighted(contentTokens(c.sentence.text));
      const relevance =
        1 / (1 + POSITION_DECAY * c.paragraph) +
        CENTRALITY_WEIGHT * cosine(vector, documentVector, documentNorm) -
        (REPORTED_SPEECH_RE.test(c.sentence.text) ? REPORTED_SPEECH_PENALTY : 0);
      return { ...c, vector, relevance };
    });

  const chosen: typeof candidates = [];
  while (chosen.length < k && chosen.length < candidates.length) {
    let best: (typeof candidates)[number] | null = null;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const c of candidates) {
      if (chosen.includes(c)) continue;
      const redundancy = chosen.reduce((m, d) => Math.max(m, cosine(c.vector, d.vector)), 0);
      const score = c.relevance - REDUNDANCY_WEIGHT * redundancy;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (!best) break;
    chosen.push(best);
  }
  return chosen.map((c) => c.sentence).sort((a, b) => a.start - b.start);
}
