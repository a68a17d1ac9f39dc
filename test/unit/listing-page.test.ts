// The listing test on blocks: many linked titles with short snippets holding most of the words is a listing;
// linked subheadings over long prose, or a list of links after an article, is not.
import { describe, expect, it } from 'vitest';
import { LISTING, listingShape, type TextBlock } from '../../functions/core/listing-page.js';

const title = (words = 9): TextBlock => ({ words, linkWords: words });
const text = (words: number): TextBlock => ({ words, linkWords: 0 });
const repeat = (n: number, blocks: TextBlock[]) => Array.from({ length: n }, () => blocks).flat();

describe('listingShape', () => {
  it.each([
    {
      name: 'search results: title, URL line, snippet',
      blocks: repeat(10, [title(), text(5), text(30)]),
      listing: true,
    },
    { name: 'bare linked headlines', blocks: repeat(20, [title(8)]), listing: true },
    {
      name: 'a results count above five results',
      blocks: [text(4), ...repeat(5, [title(), text(25)])],
      listing: true,
    },
    {
      name: 'four results are too few',
      blocks: repeat(LISTING.minEntries - 1, [title(), text(30)]),
      listing: false,
    },
    {
      name: 'linked subheadings over long sections',
      blocks: repeat(6, [title(7), text(120)]),
      listing: false,
    },
    {
      name: 'an article and a list of eight links after it',
      blocks: [...repeat(6, [text(70)]), ...repeat(8, [title(9)])],
      listing: false,
    },
    {
      name: 'a prose paragraph that is all link is no title',
      blocks: repeat(10, [title(40), text(20)]),
      listing: false,
    },
    {
      name: 'a link of one word ("Next") is no title',
      blocks: repeat(10, [title(1), text(20)]),
      listing: false,
    },
    { name: 'no text', blocks: [], listing: false },
  ])('$name', ({ blocks, listing }) => {
    expect(listingShape(blocks).listing).toBe(listing);
  });

  it('counts the entries and their share of the words', () => {
    expect(listingShape([text(40), ...repeat(5, [title(8), text(24)])])).toEqual({
      entries: 5,
      share: 160 / 200,
      listing: true,
    });
  });
});
