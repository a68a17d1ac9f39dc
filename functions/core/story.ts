import { requireArticleText } from './article-text.js';
import { findFurniture } from './furniture.js';
import { byScript, scriptOf } from './letter-classes.js';
import { paragraphLeadSentences } from './paragraph-points.js';
import { findQuotes, type QuoteLog, selectQuotes } from './quotes/index.js';
import { type Comparable, comparable, repeatsAny } from './redundancy.js';
import { splitSentences } from './sentences.js';
import { SpanCover } from './span-cover.js';
import { summarize } from './summarize.js';
import type { Article, KeyPoint, Quote, Sentence, Span, Story } from './types.js';

export interface StoryOptions {
  /** Key points wanted; by default the summarizer picks 3–5 from the article's length. */
  maxPoints?: number;
  /** Quotes kept for the email (the full list is always in `allQuotes`). */
  maxQuotes?: number;
  /**
   * False for key points alone: no quotation is looked for, and `quotes` and `allQuotes` are empty. The
   * bench counts what the quotes add to a batch against it (scripts/bench-quote-cost.ts).
   */
  quotes?: boolean;
  /**
   * Where a failure while attributing one quotation is logged; that quotation then keeps no speaker
   * and the story is built. Without it the error is thrown, as tests want.
   */
  log?: QuoteLog;
}

/** The fewest key points a reader gets when the article has that many usable sentences. */
const MIN_KEY_POINTS = 3;

/** Sentences that are not page furniture (captions, credits, separators, title and byline lines). */
function bodySentences(sentences: Sentence[], furniture: Span[]): Sentence[] {
  if (furniture.length === 0) return sentences;
  const cover = new SpanCover(furniture);
  return sentences.filter((s) => cover.covered(s) < (s.end - s.start) / 2);
}

/**
 * The quotes that say something the key points do not. A quote inside a key point's sentence, or one
 * that says what a key point says (see redundancy.ts), gives way: the key point already carries the
 * fact, and the email would print it twice. The key point stays because it is the summary's own
 * statement; the next quote worth showing takes the place.
 */
export function quotesBesides(quotes: readonly Quote[], keyPoints: readonly KeyPoint[]): Quote[] {
  if (keyPoints.length === 0) return [...quotes];
  // the key points are read for comparison only when a quote is not inside one of them
  let points: Comparable[] | null = null;
  const out: Quote[] = [];
  // loops, not callbacks: every quote of every article comes here, and the CLI runs mostly unoptimised
  for (let i = 0; i < quotes.length; i++) {
    const q = quotes[i]!;
    let inside = false;
    for (let j = 0; j < keyPoints.length && !inside; j++)
      inside = keyPoints[j]!.start <= q.start && q.end <= keyPoints[j]!.end;
    if (inside) continue;
    points ??= keyPoints.map((k) => comparable(k.shown ?? k.text));
    if (!repeatsAny(q.text, points)) out.push(q);
  }
  return out;
}

/** Runs of what is no letter or number (`/[^\p{L}\p{N}]+/gu`), in the form that fits a text (letter-classes.ts). */
const NON_WORD = byScript((c) => `[^${c.letterOrNumber}]+`, 'g');

/**
 * A quote's words for comparing with another's: lower case, each run of what is no letter or number one space
 * (compose.ts `words`, joined), spaced at both ends so a match is whole words. Read by the pattern that fits the
 * text: the Unicode one costs the regex engine millions of instructions to compile in a run that met no other
 * use of it, and reads each quote slower.
 */
export function wordsOfQuote(text: string): string {
  const lower = text.toLowerCase();
  return ` ${lower.replace(NON_WORD[scriptOf(lower)], ' ').trim()} `;
}

/**
 * The chosen quotes without one whose words another chosen quote already holds: an article may quote a few
 * words in its opening and the whole quotation later ("moving it to Mexico City" and "Cadillac's been a
 * great sponsor, but they're moving it to Mexico City"), or print a tweet twice, and the email would show
 * them twice. The longer stays; of two alike, the first. Read over the few quotes chosen, not all found.
 */
export function withoutRepeatedQuotes(quotes: readonly Quote[]): Quote[] {
  const words = quotes.map((q) => wordsOfQuote(q.text));
  return quotes.filter((_, i) =>
    words.every((w, j) => j === i || !w.includes(words[i]!) || (w.length === words[i]!.length && j > i)),
  );
}

/**
 * Turns an article into a story: key points and quotes, each pointing back to its place in
 * `article.source`. Pure and deterministic.
 * @throws NotAnArticleError when the text has no sentence to summarise (article-text.ts): every entry point
 * builds its story here, so a one-word file, jsonl line or feed page is refused alike.
 */
export function buildStory(article: Article, options: StoryOptions = {}): Story {
  const { source } = article;
  const furniture = findFurniture(source, { title: article.title, byline: article.byline });
  const sentences = bodySentences(splitSentences(source), furniture);
  requireArticleText(sentences);
  // Articles laid out in paragraphs: offer the summarizer the paragraph leads chosen for coverage.
  // When too few of them survive its checks (an unresolved "he said", say), it chooses from the
  // whole article instead, so that a reader still gets at least three points.
  const input = { source, title: article.title, sentences, exclude: furniture };
  const leads = options.maxPoints === undefined ? paragraphLeadSentences(source, sentences) : null;
  const fromLeads = leads
    ? summarize({ ...input, sentences: leads }, { maxPoints: leads.length, allOrNone: true })
    : null;
  const keyPoints =
    fromLeads && fromLeads.length >= MIN_KEY_POINTS
      ? fromLeads
      : summarize(input, options.maxPoints === undefined ? {} : { maxPoints: options.maxPoints });
  if (options.quotes === false) return storyOf(article, keyPoints, [], []);
  const allQuotes = findQuotes(source, {
    exclude: furniture,
    ...(options.log ? { log: options.log } : {}),
  });
  const quotes = chooseQuotes(quotesBesides(allQuotes, keyPoints), { source, keyPoints }, options);
  return storyOf(article, keyPoints, quotes, allQuotes);
}

/**
 * The quotes for the email: `selectQuotes`'s choice without repeats (withoutRepeatedQuotes). A repeat
 * dropped leaves its place to the next quote worth showing: the choice is made again without it, until
 * no chosen quote repeats another. Repeats are rare, so most stories choose once.
 */
function chooseQuotes(
  candidates: Quote[],
  context: { source: string; keyPoints: KeyPoint[] },
  options: StoryOptions,
): Quote[] {
  const settings = {
    ...(options.maxQuotes === undefined ? {} : { max: options.maxQuotes }),
    ...(options.log ? { log: options.log } : {}),
  };
  let pool = candidates;
  for (;;) {
    const chosen = selectQuotes(pool, context, settings);
    const kept = withoutRepeatedQuotes(chosen);
    // a quote is known by its start: the selection may return a copy of it (a caption cut off its end)
    const dropped = new Set(chosen.filter((q) => !kept.includes(q)).map((q) => q.start));
    const next = pool.filter((q) => !dropped.has(q.start));
    // each round takes at least one quote out of the pool, or stops: the loop ends
    if (next.length === pool.length) return kept;
    pool = next;
  }
}

function storyOf(article: Article, keyPoints: KeyPoint[], quotes: Quote[], allQuotes: Quote[]): Story {
  return {
    title: article.title,
    url: article.url,
    byline: article.byline,
    published: article.published,
    ...(article.siteName ? { siteName: article.siteName } : {}),
    source: article.source,
    keyPoints,
    quotes,
    allQuotes,
  };
}
