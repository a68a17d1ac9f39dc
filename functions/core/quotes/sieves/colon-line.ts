import { clauseFrom, type Sieve, startsParagraph } from '../sieve.js';
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
    // the last character before the paragraph that is no white space
    const p = source.slice(0, q.paraStart).trimEnd().length - 1;
    if (p < 0 || source[p] !== ':') return null;
    // the clause runs from the colon's line, or from a quotation closing in it
    const from = clauseFrom(spans, index, source.lastIndexOf('\n', p - 1) + 1, p);
    // The colon stays inside the clause, so that "X released the following statement:" reads X.
    return headAttribution(context, p + 1, q.single, from, config.colonLineReach);
  },
};
