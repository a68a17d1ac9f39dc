import type { Sieve } from '../sieve.js';

/** An interrupted quotation (`"A," he said. "B."`): a part without its own attribution takes its neighbour's. */
export const neighbourSieve: Sieve = {
  id: 'neighbour',
  description:
    'Another quotation in the same paragraph, attributed by an earlier sieve: its speaker (`"A," he said. "B."`).',
  run({ spans, attributions }, { span: q, index: i }) {
    for (let j = i - 1; j >= 0; j--) {
      if (spans[j]!.paraEnd < q.paraStart) break;
      const a = attributions[j];
      if (a && a.sieve !== 'neighbour') return { phrase: a.phrase, role: a.role };
    }
    for (let j = i + 1; j < spans.length; j++) {
      if (spans[j]!.paraStart > q.paraEnd) break;
      const a = attributions[j];
      if (a && a.sieve !== 'neighbour') return { phrase: a.phrase, role: a.role };
    }
    return null;
  },
};
