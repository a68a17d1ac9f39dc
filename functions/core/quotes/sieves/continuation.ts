import { ASKS_RE } from '../marks.js';
import { type Sieve, startsParagraph } from '../sieve.js';
import type { QuoteSpan } from '../spans.js';

/**
 * A paragraph that is only a quotation carries on the quotation that ended the paragraph before
 * ("…,” Espinoza said.⏎⏎“…”): news copy names the speaker once for a run of quoted paragraphs.
 *
 * Within a question-and-answer exchange, the turns alternate instead: after "“…?” Lacy asked.⏎“…,”
 * Battaglia said.", a quotation paragraph of its own is Lacy's, the next Battaglia's ("“Forty. For $1.8
 * million.”⏎“Directly. …”"). An exchange is two quotation paragraphs in a row from speakers written
 * differently, with a question among the last four quotations; a turn is short (`exchangeTurnMaxChars`), and
 * a longer paragraph carries on the answer before it. Hearings, question periods and interviews are printed so.
 */
export const continuationSieve: Sieve = {
  id: 'continuation',
  description:
    'A quotation paragraph right after a paragraph whose last quotation has a speaker: the same speaker; in a question-and-answer exchange, the one two turns back.',
  run({ source, spans, attributions, config }, { span: q, index: i }) {
    const p = spans[i - 1];
    const a = attributions[i - 1];
    if (!p || !a || p.paraEnd >= q.paraStart || !startsParagraph(source, q)) return null;
    // Nothing but the attribution may follow the previous quotation in its paragraph.
    const between = source.slice(p.close + 1, q.paraStart);
    if (/\n\s*\S[^\n]*\n/u.test(between.replace(/^[^\n]*/u, ''))) return null;
    // the turn before the previous one: the last quotation of the paragraph before the previous quotation's
    let t = i - 2;
    while (t >= 0 && spans[t]!.paraStart === p.paraStart) t--;
    const turn = q.end - q.start <= config.exchangeTurnMaxChars ? attributions[t] : null;
    const alternates = turn && inExchange(source, spans, t, i) && words(turn.phrase) !== words(a.phrase);
    return alternates ? { phrase: turn.phrase, role: turn.role } : { phrase: a.phrase, role: a.role };
  },
};

/** Quotation paragraphs in a row at `t` and right before the one at `i`, and a question among the last four quotations. */
function inExchange(source: string, spans: readonly QuoteSpan[], t: number, i: number): boolean {
  const [two, one] = [spans[t]!, spans[i - 1]!];
  if (two.paraEnd >= one.paraStart || source.slice(two.paraEnd, one.paraStart).trim() !== '') return false;
  return spans.slice(Math.max(0, i - 3), i + 1).some((s) => ASKS_RE.test(source.slice(s.start, s.end)));
}

function words(phrase: readonly { lower: string }[]): string {
  return phrase.map((t) => t.lower).join(' ');
}
