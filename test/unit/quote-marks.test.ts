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

describe('a quotation reopened in the same line (a paragraph break lost)', () => {
  it('reads its own mark after a sentence end as the next paragraph of the open quotation, not a nest', () => {
    const source =
      'Announcing the plans, Ms Vale said: "The council has forgotten the taxpayers. "Far from helping, the spending led to higher rates." Her deputy, Tom Reyes, argued for cuts. "We can do better," he said.';
    expect(texts(source)).toEqual([
      'The council has forgotten the taxpayers. "Far from helping, the spending led to higher rates.',
      'We can do better,',
    ]);
    expect(findQuoteCandidates(source).map((c) => c.quote.speaker)).toEqual(['Vale', 'Tom Reyes']);
  });

  it('reads the same with curly marks', () => {
    const source =
      'Vale said: “The council has forgotten us. “Far from helping, it raised rates.” Reyes disagreed.';
    expect(texts(source)).toEqual(['The council has forgotten us. “Far from helping, it raised rates.']);
  });

  it('reads the same with single curly marks, the way British papers print them', () => {
    const source =
      'Last night Tory MP Ann Lee, who sits on the committee, said: ‘I would back a recall. ‘It is shocking that anyone would take a child there.’ The minister said he felt ‘terrible’. ‘We were not told,’ said Mr Hart.';
    expect(texts(source)).toEqual([
      'I would back a recall. ‘It is shocking that anyone would take a child there.',
      'terrible',
      'We were not told,',
    ]);
    expect(findQuoteCandidates(source)[0]!.quote.speaker).toBe('Ann Lee');
  });

  it('lets a stray single mark that opens no sentence be passed over by the next quotation, as before', () => {
    // ‘90s opens nothing that closes; the quotation after a sentence end is a new one, not its next paragraph
    const source = 'Fans of the ‘90s band queued all night. ‘We loved every minute,’ said Tom Reed.';
    expect(texts(source)).toEqual(['We loved every minute,']);
  });

  it('still nests a quotation quoted mid-sentence, or marked with the other marks', () => {
    const inside = 'Vale said: "He called the plan "a disaster" and left the room," before the vote.';
    expect(texts(inside)).toEqual(['He called the plan "a disaster" and left the room,']);
    const otherMarks =
      'Vale wrote: "The report is clear. “They did nothing,” one analyst told us. We agree."';
    expect(texts(otherMarks)).toEqual([
      'The report is clear. “They did nothing,” one analyst told us. We agree.',
    ]);
  });
});
