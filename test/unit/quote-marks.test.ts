import { describe, expect, it } from 'vitest';
import { findQuoteCandidates } from '../../functions/core/quotes/index.js';
import { findQuoteSpans } from '../../functions/core/quotes/spans.js';

const texts = (source: string) => findQuoteSpans(source).map((q) => source.slice(q.start, q.end));

describe('quotation marks glued to the end of a word', () => {
  it('read the closing mark of German „…“ as a closer', () => {
    const source =
      'Die Stadt erhöht die Preise. „Wir haben keine andere Wahl“, sagte Anna Keller. „Die Kosten steigen.“ Sie ging.';
    expect(texts(source)).toEqual(['Wir haben keine andere Wahl', 'Die Kosten steigen.']);
  });

  it('read »…« with the marks turned inwards as two quotations, not one run across the sentence between', () => {
    const source = 'Der Minister widersprach. »Das ist falsch«, sagte Karl Brandt. »Wir bleiben dabei.«';
    expect(texts(source)).toEqual(['Das ist falsch', 'Wir bleiben dabei.']);
  });

  it('read a mistyped “ after the last word as the closer, so the quotation ends there', () => {
    const source = 'The pollster wrote: “Voters had not decided yet.“[Pollster.]\n\nThe count went on.';
    expect(texts(source)).toEqual(['Voters had not decided yet.']);
  });

  it('still read “ glued to a word and followed by a letter as an opener', () => {
    const source = 'She wrote the word“harbour” twice.';
    expect(texts(source)).toEqual(['harbour']);
  });

  it('give the German quotation its speaker', () => {
    const source =
      'Die Stadt erhöht die Preise. „Wir haben keine andere Wahl“, sagte Anna Keller am Dienstag.';
    const [c] = findQuoteCandidates(source);
    expect(c?.quote.text).toBe('Wir haben keine andere Wahl');
    expect(c?.quote.speaker).toBe('Anna Keller');
  });
});
