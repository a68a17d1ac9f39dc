import type { Sieve } from '../sieve.js';

/** An interrupted quotation (`"A," he said. "B."`): a part without its own attribution takes its neighbour's. */
export const neighbourSieve: Sieve = {
  id: 'neighbour',
  description:
    'Another quotation in the same paragraph, attributed by an earlier sieve: its speaker (`"A," he said. "B."`).',
  run({ spans, attributions, config }, { span: q, index: i }) {
    // the nearest attributed part before, then after, within the reach and the paragraph (a part before it ends
    // in it, a part after it starts in it: the quotations are in text order)
    // (a counted step, not an array of steps: the CLI runs this mostly unoptimised, where an iterator costs)
    for (let step = -1; step <= 1; step += 2)
      for (let j = i + step; (j - i) * step <= config.neighbourReach; j += step) {
        const s = spans[j];
        if (!s || s.paraEnd < q.paraStart || s.paraStart > q.paraEnd) break;
        const a = attributions[j];
        if (a && a.sieve !== 'neighbour') return { phrase: a.phrase, role: a.role };
      }
    return null;
  },
};
