import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../functions/core/quotes/index.js';
import { buildStory } from '../../functions/core/story.js';

// Articles up to the loader's limit (5 MB) are accepted, so the core must stay linear on texts that are
// huge or repeat one shape thousands of times. Each text below once took minutes or exhausted the heap
// (a Lambda would time out or crash); the assertions are on what comes out, and the suite's own timeout
// is the only clock.

const SYLLABLES = ['ba', 'do', 'fe', 'gu', 'ki', 'lo', 'mu', 'na', 'pe', 'ro', 'sa', 'tu', 'vi', 'wo', 'ze'];

/** A made-up word of three syllables, different for every n below 15³. */
function madeUpWord(n: number): string {
  const s = SYLLABLES;
  const word = s[n % 15]! + s[Math.floor(n / 15) % 15]! + s[Math.floor(n / 225) % 15]!;
  return word[0]!.toUpperCase() + word.slice(1);
}

function article(source: string) {
  return { source, title: null, url: null, byline: null, published: null };
}

function expectVerbatim(
  source: string,
  spans: readonly { text: string; start: number; end: number }[],
): void {
  for (const s of spans) expect(source.slice(s.start, s.end)).toBe(s.text);
}

describe('huge and repetitive articles', () => {
  it('finds the one quotation after 100,000 lines without any', () => {
    const source = `${'A line of plain text about the harbour\n'.repeat(100_000)}"We will reopen the harbour," said Tomas Reyhan.`;
    const quotes = findQuotes(source);
    expect(quotes.map((q) => [q.text, q.speaker])).toEqual([['We will reopen the harbour,', 'Tomas Reyhan']]);
    expectVerbatim(source, quotes);
  });

  it('gives each of 20,000 quotations in one paragraph to the unnamed source described before them', () => {
    const source = `A nurse who asked not to be named spoke first. ${'“We are short again,” she said. '.repeat(20_000)}`;
    const quotes = findQuotes(source);
    expect(quotes).toHaveLength(20_000);
    expect(new Set(quotes.map((q) => q.speaker))).toEqual(new Set(['A nurse']));
  });

  it('names each of 5,000 people quoted in one paragraph', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `${madeUpWord(i)} ${madeUpWord(i + 1000)}`);
    const source = names.map((name, i) => `"We counted ${i} boats," said ${name}.`).join(' ');
    const quotes = findQuotes(source);
    expect(quotes).toHaveLength(5000);
    expect(quotes.filter((q, i) => q.speaker !== names[i])).toEqual([]);
    expectVerbatim(source, quotes);
  });

  it('resolves a surname named 20,000 times to the full name', () => {
    const source = 'Ann Lee said "the tide is late." Lee said "the boats wait." '.repeat(20_000);
    const quotes = findQuotes(source);
    expect(quotes).toHaveLength(40_000);
    expect(new Set(quotes.map((q) => q.speaker))).toEqual(new Set(['Ann Lee']));
  });

  it('reads a paragraph of 80,000 scare quotes', () => {
    const source = 'the "new" plan and '.repeat(80_000);
    const quotes = findQuotes(source);
    expect(quotes.every((q) => q.speaker === null)).toBe(true);
    expectVerbatim(source, quotes);
  });

  it('builds a story from 60,000 lines without a full stop', () => {
    const source = `${'A line of plain text without an end\n'.repeat(60_000)}The council approved the new harbour plan on Monday after a long debate.`;
    const story = buildStory(article(source));
    expect(story.keyPoints.length).toBeGreaterThan(0);
    expectVerbatim(source, story.keyPoints);
  });

  it('builds a story from one sentence of 300,000 words', () => {
    const words = Array.from({ length: 60_000 }, (_, i) =>
      i % 7 === 0 ? 'Then Ana went' : 'and the river rose',
    );
    const source = `${words.join(' ')}.`;
    const story = buildStory(article(source));
    expectVerbatim(source, story.keyPoints);
    expectVerbatim(source, story.quotes);
  });
});
