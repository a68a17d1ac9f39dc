import { type Sieve, startsParagraph } from '../sieve.js';
import { headAttribution } from './head.js';

/**
 * A quotation opening its paragraph after one that ends with a colon ("Caddell continued:",
 * "X released the following statement:"): that line introduces it.
 */
export const colonLineSieve: Sieve = {
  id: 'colon-line',
  description:
    'A quotation paragraph after a line ending in a colon (`Caddell continued:`): that line, or its subject.',
  run(context, { span: q, index }) {
    const { source, spans, config } = context;
    if (!startsParagraph(source, q)) return null;
    let p = q.paraStart - 1;
    while (p >= 0 && /\s/u.test(source[p]!)) p--;
    if (p < 0 || source[p] !== ':') return null;
    let ps = p;
    while (ps > 0 && source[ps - 1] !== '\n') ps--;
    const prev = spans[index - 1];
    const from = prev && prev.close >= ps && prev.close < p ? prev.close + 1 : ps;
    // The colon stays inside the clause, so that "X released the following statement:" reads X.
    return headAttribution(context, p + 1, q.single, from, config.colonLineReach);
  },
};
