/**
 * Whether a page's extracted text is a list of links to articles rather than an article: search results, a
 * section front, a tag or archive page. Readability finds the biggest block of text, and on such a page that
 * block is the list itself: ten linked titles, each with a line or two of snippet. Summarised, it read as an
 * article made of other articles' first sentences. Pure: the caller (adapters/html-article.ts) turns the
 * extracted DOM into blocks.
 *
 * The measure is the shape, not any site's markup or words: a **linked title** is a block of a few words that
 * are nearly all link text; an **entry** is a linked title and the short text after it up to the next one (its
 * snippet, a URL line, a date), when that text is short. A page whose entries are many and hold most of its
 * words is a listing. An article with a few linked subheadings, or a "more stories" list after long prose,
 * keeps most of its words outside entries.
 */

/** One block of extracted text (a paragraph, a heading, a list item), in page order. */
export interface TextBlock {
  /** Words in the block. */
  words: number;
  /** Of them, words inside a link. */
  linkWords: number;
}

/** Thresholds of the listing test; one configuration, named. */
export const LISTING = {
  /** A linked title: at least this share of its words are link text … */
  titleLinkShare: 0.8,
  /** … and it has at least this many words (a lone "Next" is no title) … */
  titleMinWords: 2,
  /** … and at most this many (a linked paragraph is prose). */
  titleMaxWords: 30,
  /** The text after a linked title, up to the next one, is its snippet when it has at most this many words. */
  snippetMaxWords: 60,
  /** A listing has at least this many entries … */
  minEntries: 5,
  /** … holding at least this share of the page's words. */
  minShare: 0.6,
} as const;

export interface ListingShape {
  /** Linked titles that start an entry (with their snippet, if any). */
  entries: number;
  /** Share of the page's words inside entries. */
  share: number;
  listing: boolean;
}

/**
 * The listing shape of a page's blocks.
 * @example listingShape(Array.from({ length: 10 }, (_, i) => [{ words: 8, linkWords: 8 }, { words: 25, linkWords: 0 }]).flat()).listing // true
 */
export function listingShape(blocks: readonly TextBlock[]): ListingShape {
  const total = blocks.reduce((n, b) => n + b.words, 0);
  const isTitle = (b: TextBlock) =>
    b.words >= LISTING.titleMinWords &&
    b.words <= LISTING.titleMaxWords &&
    b.linkWords >= LISTING.titleLinkShare * b.words;
  let entries = 0;
  let inEntries = 0;
  for (let i = 0; i < blocks.length; i++) {
    if (!isTitle(blocks[i]!)) continue;
    let snippet = 0;
    let j = i + 1;
    for (; j < blocks.length && !isTitle(blocks[j]!); j++) snippet += blocks[j]!.words;
    entries++;
    inEntries += blocks[i]!.words + (snippet <= LISTING.snippetMaxWords ? snippet : 0);
  }
  const share = total === 0 ? 0 : inEntries / total;
  return { entries, share, listing: entries >= LISTING.minEntries && share >= LISTING.minShare };
}
