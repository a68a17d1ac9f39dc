import type { Sieve } from '../sieve.js';

/** An interrupted quotation (`"A," he said. "B."`): a part without its own attribution takes its neighbour's. */
export const neighbourSieve: Sieve = {
  id: 'neighbour',
  description:
    'Another quotation in the same paragraph, attributed by an earlier sieve: its speaker (`"A," he said. "B."`).',
  run({ spans, attributions, config }, { span: q, index: i }) {
    const reach = config.neighbourReach;
    // the nearest attributed part before, then after, within the paragraph and the reach
    for (let j = i - 1; j >= 0 && i - j <= reach && spans[j]!.paraEnd >= q.paraStart; j--) {
      const a = attributions[j];
      if (a && a.sieve !== 'neighbour') return { phrase: a.phrase, role: a.role };
    }
    for (let j = i + 1; j < spans.length && j - i <= reach && spans[j]!.paraStart <= q.paraEnd; j++) {
      const a = attributions[j];
      if (a && a.sieve !== 'neighbour') return { phrase: a.phrase, role: a.role };
    }
    return null;
  },
};
