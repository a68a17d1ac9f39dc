import type { Sieve } from '../sieve.js';

/** An interrupted quotation (`"A," he said. "B."`): a part without its own attribution takes its neighbour's. */
export const neighbourSieve: Sieve = {
  id: 'neighbour',
  description:
    'Another quotation in the same paragraph, attributed by an earlier sieve: its speaker (`"A," he said. "B."`).',
  run({ spans, attributions, config }, { span: q, index: i }) {
    // the nearest attributed part before, then after, within the reach and the paragraph (a part before it ends
    // in it, a part after it starts in it: the quotations are in text order)
    for (const step of [-1, 1])
      for (let j = i + step; Math.abs(j - i) <= config.neighbourReach; j += step) {
        const s = spans[j];
        if (!s || s.paraEnd < q.paraStart || s.paraStart > q.paraEnd) break;
        const a = attributions[j];
        if (a && a.sieve !== 'neighbour') return { phrase: a.phrase, role: a.role };
      }
    return null;
  },
};
