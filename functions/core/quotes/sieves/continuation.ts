import { type Sieve, startsParagraph } from '../sieve.js';

/**
 * A paragraph that is only a quotation carries on the quotation that ended the paragraph before
 * ("…,” Espinoza said.⏎⏎“…”): news copy names the speaker once for a run of quoted paragraphs.
 */
export const continuationSieve: Sieve = {
  id: 'continuation',
  description:
    'A quotation paragraph right after a paragraph whose last quotation has a speaker: the same speaker.',
  run({ source, spans, attributions }, { span: q, index: i }) {
    const p = spans[i - 1];
    const a = attributions[i - 1];
    if (!p || !a || p.paraEnd >= q.paraStart || !startsParagraph(source, q)) return null;
    // Nothing but the attribution may follow the previous quotation in its paragraph.
    const between = source.slice(p.close + 1, q.paraStart);
    if (/\n\s*\S[^\n]*\n/u.test(between.replace(/^[^\n]*/u, ''))) return null;
    return { phrase: a.phrase, role: a.role };
  },
};
