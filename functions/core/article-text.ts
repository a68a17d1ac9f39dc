/**
 * The smallest text that is an article, decided once for every way in (a file, stdin, a URL, a jsonl line, a
 * briefing's feed item or queued page): buildStory checks it before summarising. Pure.
 *
 * An article has at least one sentence of MIN_SENTENCE_WORDS words, outside page furniture: the fewest words
 * the summarizer takes a key point from (sentence-cleaning.ts). Below that, the summary would be empty key
 * points and no error; now it is a NotAnArticleError that says why. A two-sentence news brief passes ("Rain
 * fell for six days. Rivers rose." has one sentence of five words); one word, a headline fragment or a run of
 * two-word lines does not.
 */
import { NotAnArticleError } from './not-an-article-error.js';
import type { Sentence } from './types.js';

/** Words in the longest sentence an article must have; the summarizer's own minimum for a key point. */
export const MIN_SENTENCE_WORDS = 5;

/**
 * Words as Unicode word segmentation finds them (ICU, in every Node.js): letters and digits, not a dash or a
 * bullet; and in scripts written without spaces (Chinese, Japanese, Thai) the words a dictionary finds, so that
 * a sentence of those is not one "word".
 */
let words: Intl.Segmenter | null = null;

/**
 * A lower bound of a sentence's words, counted up to `enough`: the pieces between white space that hold an
 * ASCII letter or digit. Each such piece holds at least one word by segmentation (which also splits
 * "five-year-old" and reads scripts without spaces), so reaching `enough` here settles it.
 */
const PIECE_RE = /\S+/gu;
const ASCII_WORD_RE = /[A-Za-z0-9]/u;
function spacedWordsAtLeast(text: string, enough: number): boolean {
  let n = 0;
  for (const [piece] of text.matchAll(PIECE_RE)) if (ASCII_WORD_RE.test(piece) && ++n >= enough) return true;
  return false;
}

/** Words of one sentence by Unicode word segmentation, counted up to `enough`. */
function segmentedWords(text: string, enough: number): number {
  // made on first use: building the segmenter loads ICU's word-break data (about 9 ms), which a text
  // whose first sentences are ordinary prose never needs
  words ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  let n = 0;
  for (const segment of words.segment(text)) if (segment.isWordLike && ++n >= enough) break;
  return n;
}

/** The words of the longest sentence, counted up to `enough` (a sentence of 300,000 words is not counted out). */
function longestSentenceWords(sentences: readonly Sentence[], enough: number): number {
  let longest = 0;
  for (const s of sentences) {
    const n = spacedWordsAtLeast(s.text, enough) ? enough : segmentedWords(s.text, enough);
    longest = Math.max(longest, n);
    if (longest >= enough) break;
  }
  return longest;
}

/**
 * Throws NotAnArticleError unless one of `sentences` (the article's sentences without its furniture) has at
 * least MIN_SENTENCE_WORDS words.
 * @example requireArticleText(splitSentences('Ferries')) // throws: not an article: no sentence of 5 words or more to summarize (the longest has 1)
 */
export function requireArticleText(sentences: readonly Sentence[]): void {
  const longest = longestSentenceWords(sentences, MIN_SENTENCE_WORDS);
  if (longest < MIN_SENTENCE_WORDS) {
    throw new NotAnArticleError(
      `not an article: no sentence of ${MIN_SENTENCE_WORDS} words or more to summarize (the longest has ${longest})`,
    );
  }
  // The summarizer reads words between spaces (sentence-cleaning.ts): a text written without them (Chinese,
  // Japanese, Thai) has words by segmentation but no sentence it can take a key point from, and would be sent
  // as a digest with no key points. It is refused, saying why, until the summarizer reads such scripts.
  if (!sentences.some((s) => spacedPiecesAtLeast(s.text, MIN_SENTENCE_WORDS))) {
    throw new NotAnArticleError(
      `cannot summarize: no sentence has ${MIN_SENTENCE_WORDS} words separated by spaces (text written without spaces between words, such as Chinese, Japanese or Thai, is not summarized yet)`,
    );
  }
}

/** Does the text hold at least `enough` pieces between white space (the summarizer's own word count)? */
function spacedPiecesAtLeast(text: string, enough: number): boolean {
  let n = 0;
  for (const _ of text.matchAll(PIECE_RE)) if (++n >= enough) return true;
  return false;
}
