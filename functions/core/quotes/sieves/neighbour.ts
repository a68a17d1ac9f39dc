import type { Sieve } from '../sieve.js';

/** An interrupted quotation (`"A," he said. "B."`): a part without its own attribution takes its neighbour's. */
export const neighbourSieve: Sieve = {
  id: 'neighbour',
  description:
    'Another quotation in the same paragraph, attributed by an earlier sieve: its speaker (`"A," he said. "B."`).',
  run({ spans, attributions, config }, { span: q, index: i }) {
    const first = Math.max(0, i - config.neighbourReach);
    const last = Math.min(spans.length - 1, i + config.neighbourReach);
    for (let j = i - 1; j >= first; j--) {
      if (spans[j]!.paraEnd < q.paraStart) break;
      const a = attributions[j];
      if (a && a.sieve !== 'neighbour') return { phrase: a.phrase, role: a.role };
    }
    for (let j = i + 1; j <= last; j++) {
      if (spans[j]!.paraStart > q.paraEnd) break;
      const a = attributions[j];
      if (a && a.sieve !== 'neighbour') return { phrase: a.phrase, role: a.role };
    }
    return null;
  },
};
