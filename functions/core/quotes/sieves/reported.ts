import { isMark, tokenAt } from '../phrases.js';
import { clauseFrom, type Sieve } from '../sieve.js';
import { isSentenceEnd } from '../tokens.js';
import { headAttribution } from './head.js';

/**
 * A quotation inside a clause reported with "that" (`Melnychuk said Tuesday that the offer was "a pay cut"`): the
 * words are the reporting clause's subject's, whoever the clause between names (the cue before "that" is read as
 * the head sieve reads one before an opening mark). Not a whole utterance a colon or a comma introduces.
 */
export const reportedSieve: Sieve = {
  id: 'reported',
  description: 'Inside a clause reported with "that": `X said Tuesday that the offer was "a pay cut"` (X).',
  run(context, { span: q, index }) {
    const { tokens } = context;
    const [from, open] = [clauseFrom(context.spans, index, q.paraStart, q.open), tokenAt(tokens, q.open)];
    // (a whole utterance introduced by a colon or a comma is the introducing clause's: `O'Malley interjected: "…"`)
    if (tokens[open - 1]?.text === ':' || tokens[open - 1]?.text === ',') return null;
    for (let k = open - 1; k >= 0 && tokens[k]!.start >= from; k--) {
      const t = tokens[k]!;
      if (isSentenceEnd(t) || isMark(t)) return null;
      // (a "that" no cue reports, a determiner or a later one of two, "said in an email that … and that the trial
      // "…"", leaves the reading to one before it)
      const found = t.lower === 'that' ? headAttribution(context, t.start, false, from) : null;
      if (found) return found;
    }
    return null;
  },
};
