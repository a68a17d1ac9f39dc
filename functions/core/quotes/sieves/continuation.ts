import {
  ASKING_VERBS,
  CLAUSE_BREAK,
  DETERMINERS,
  ORG_WORDS,
  PRONOUNS,
  QUESTION_WORDS,
  RELATIVE_PRONOUNS,
  ROLE_WORDS,
  TITLE_LEADS,
} from '../lexicon.js';
import { ASKS_RE } from '../marks.js';
import { appositiveName, clauseStart, clauseSubject, tokenAt } from '../phrases.js';
import { paragraphBefore, type Reading, type Sieve, type SieveContext, startsParagraph } from '../sieve.js';
import type { QuoteSpan } from '../spans.js';
import type { Token } from '../tokens.js';

/**
 * A paragraph that is only a quotation carries on the quotation that ended the paragraph before
 * ("…,” Espinoza said.⏎⏎“…”): news copy names the speaker once for a run of quoted paragraphs.
 *
 * Within a question-and-answer exchange, the turns alternate instead: after "“…?” Lacy asked.⏎“…,”
 * Battaglia said.", a quotation paragraph of its own is Lacy's, the next Battaglia's ("“Forty. For $1.8
 * million.”⏎“Directly. …”"). An exchange is two quotation paragraphs in a row from speakers written
 * differently, with a question in the last two turns or the one to come, or in the turn before them when its asker
 * spoke last (a third voice that breaks in ends the exchange: "“…,” said Coun. Roe." ⏎ "“…”" is Roe's); a turn
 * is short (`exchangeTurnMaxChars`), and a longer paragraph carries on the answer before it, unless that paragraph
 * was itself a turn given to another voice, which the longer one then answers ("Hrycyk asked Chief Gareau whether
 * …" ⏎ "“…,” he said." ⏎ "“So we're paying for the size.”" ⏎ "“We're paying for a hall that will work for the next
 * 50 years. …”" is Gareau's). Hearings, question periods and interviews are printed so.
 * An exchange may open with its question reported: after "Lee asked Roe whether …⏎“…,” she said.", a
 * short quotation paragraph of its own is Lee's turn (`askerBefore`).
 */
export const continuationSieve: Sieve = {
  id: 'continuation',
  // (the turns of an exchange: its asker may be found only by the last sieve, subject-before)
  runsAgain: true,
  description:
    'A quotation paragraph right after a paragraph whose last quotation has a speaker: the same speaker; in a question-and-answer exchange, the one two turns back.',
  run(context, { span: q, index: i }) {
    const { source, spans, attributions, config } = context;
    const [p, a] = [spans[i - 1], attributions[i - 1]];
    if (!p || !a || p.paraEnd >= q.paraStart || !startsParagraph(source, q)) return null;
    // Nothing but the attribution may follow the previous quotation in its paragraph.
    if (/\n\s*\S[^\n]*\n/u.test(source.slice(p.close + 1, q.paraStart).replace(/^[^\n]*/u, ''))) return null;
    // the turn before the previous one: the last quotation of the paragraph before the previous quotation's
    let t = i - 2;
    while (t >= 0 && spans[t]!.paraStart === p.paraStart) t--;
    const short = q.end - q.start <= config.exchangeTurnMaxChars;
    const asker = short ? askerBefore(context, spans[t]?.close ?? -1, p) : null;
    if (asker && words(asker) !== words(a.phrase)) return { phrase: asker, role: null };
    // the turn before the previous one is another voice's; a longer paragraph after a turn the sieve gave to another
    // voice answers it: "“So we're paying for the size.”" ⏎ "“We're …”"
    const other = words(attributions[t]?.phrase ?? a.phrase) !== words(a.phrase);
    const turn = short || (a.sieve === 'continuation' && other) ? attributions[t] : null;
    const alternates = turn && inExchange(context, t, i) && other;
    return alternates ? { phrase: turn.phrase, role: turn.role } : { phrase: a.phrase, role: a.role };
  },
};

/**
 * Quotation paragraphs in a row at `t` and right before the one at `i`, and a question: in one of them or at `i`,
 * in the quotation before `t` when its asker spoke right before `i`, or reported right before the one at `t`
 * ("Lee asked Roe whether …").
 */
function inExchange(context: SieveContext, t: number, i: number): boolean {
  const { source, spans, attributions } = context;
  const [two, one] = [spans[t]!, spans[i - 1]!];
  if (two.paraEnd >= one.paraStart || source.slice(two.paraEnd, one.paraStart).trim() !== '') return false;
  const asks = (s?: QuoteSpan) => s !== undefined && ASKS_RE.test(source.slice(s.start, s.end));
  if (asks(two) || asks(one) || asks(spans[i])) return true;
  // an older question (the turn before `t`: the last quotation of the paragraph before its own, as an answer may
  // hold two, "“A,” he said. “B.”") holds while its asker spoke last: a third voice ends the exchange
  let u = t - 1;
  while (u >= 0 && spans[u]!.paraStart === two.paraStart) u--;
  const same = words(attributions[u]?.phrase ?? []) === words(attributions[i - 1]!.phrase);
  return (asks(spans[u]) && same) || askerBefore(context, spans[u]?.close ?? -1, two) !== null;
}

const words = (phrase: readonly { lower: string }[]): string => phrase.map((t) => t.lower).join(' ');

/** A word that opens a clause of its own after a comma ("and", "where", "when" …), not a relative pronoun ("who"). */
const opensClause = (t: Token): boolean => CLAUSE_BREAK.has(t.lower) && !RELATIVE_PRONOUNS.has(t.lower);

/**
 * Who asked, when the paragraph right before the answer `p` reports a question put to someone ("Coun. Lee
 * asked Chief Roe whether …", "She pressed the minister on …"): the asking sentence's subject, a pronoun or a
 * capitalised name, whose turn `q` is, whether it asks again or answers back ("“Then it's a press
 * release.”"). Null otherwise. An answer that runs on is printed in its own paragraph with "she added", or
 * is longer than a turn.
 */
function askerBefore({ source, tokens }: Reading, priorClose: number, p: QuoteSpan): Token[] | null {
  const [start, end] = paragraphBefore(source, p.paraStart);
  // the paragraph holds no quotation: its last asking verb puts the question, to a person ("asked Roe", "asked
  // the minister", "asked state Sen. Roe", "asked him"), not "asked for" or "asked whether"
  if (priorClose >= start) return null;
  for (let k = tokenAt(tokens, end) - 1, from = tokenAt(tokens, start); k > from; k--) {
    if (!ASKING_VERBS.has(tokens[k]!.lower)) continue;
    const o = tokens[k + 1]?.lower ?? '';
    // (an asking verb without a person after it, "whether it had been asked for a study", is passed over; a role
    // in lower case may come before the name: "asked superintendent Darren Roe how many …"; a question word puts
    // the question to whoever answers it: "Beecroft asked how much the bond would add …")
    const put = ROLE_WORDS.has(o) || TITLE_LEADS.has(o) || QUESTION_WORDS.has(o);
    if (!(tokens[k + 1]?.cap || DETERMINERS.has(o) || put || PRONOUNS.has(o))) continue;
    // ("Jolin appeared by video, and Coun. Anne Grigg asked her …", "…, where Coun. Lee asked her …": a clause after a
    // comma and a word that opens one, not a relative pronoun, has its own subject)
    let c = clauseStart(tokens, from, k);
    for (let m = k - 2; m > c; m--) if (tokens[m]!.text === ',' && opensClause(tokens[m + 1]!)) c = m + 2;
    const subject = clauseSubject(tokens, c, k);
    // (a body puts no question in an exchange: "The Kwantlen Student Association had asked the board to delay …")
    // (someone described puts one: "One parent, who did not give her name, asked him …")
    const [lead, last] = [subject[0]?.lower ?? '', subject.at(-1)];
    const asks = last?.cap ? !ORG_WORDS.has(last.lower) : PRONOUNS.has(lead) || DETERMINERS.has(lead);
    // ("The committee's chair, Council Member Ann Lee, asked …": the name in apposition asks)
    return appositiveName(source, tokens, subject, k)?.phrase ?? (asks ? subject : null);
  }
  return null;
}
