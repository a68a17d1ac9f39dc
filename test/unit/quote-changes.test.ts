import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../functions/core/quotes/index.js';
import { batchOfId, quoteChanges } from '../../scripts/quote-changes.js';

describe('scripts/quote-changes.ts', () => {
  it('reads the batch of an unseen-style article from its id, and none from any other text', () => {
    expect(
      ['ca190-stonewall-argus-x', 'us7-wvpb-y', 'ca-cbc-winnipeg-transit', 'bbc-sport-432'].map(batchOfId),
    ).toEqual([190, 7, 1, null]);
  });

  it('lists what one finder gives and the other does not, and only counts the texts it hides', () => {
    const text =
      'Ferry fares\n\n"Islanders should not pay more to get to work," Helen Marcotte said on Tuesday.';
    const texts = [
      { id: 'bbc-politics-1', text },
      { id: 'ca999-measure', text },
      { id: 'bbc-politics-2', text: 'No quotation at all in this one.' },
    ];
    const withoutTail = (t: string) => findQuotes(t, { disabledSieves: ['tail'] });
    const c = quoteChanges(texts, findQuotes, withoutTail, (id) => id.startsWith('ca999'));
    expect([c.changed, c.hidden]).toEqual([2, 1]);
    expect(c.lines[0]).toBe('## bbc-politics-1');
    expect(c.lines.filter((l) => l.startsWith('  - '))).toHaveLength(1);
    expect(c.lines.find((l) => l.startsWith('  - '))).toContain('Helen Marcotte | – | tail');
    expect(c.lines.join('\n')).not.toContain('ca999');
  });
});
