import { namesSomeone, tokenAt } from '../phrases.js';
import { headFrom, type Sieve } from '../sieve.js';
import { headAttribution } from './head.js';

/** "Lee agreed. “…”", "Lee told the radio station on Monday. “…”": a short sentence with a cue right before. */
export const sentenceBeforeSieve: Sieve = {
  id: 'sentence-before',
  description:
    'A sentence ending right before the opening mark with a cue near its end (`Lee agreed. "…"`); names and pronouns only.',
  run(context, quote) {
    const { source, tokens } = context;
    const q = quote.span;
    const from = headFrom(context, quote);
    let p = q.open - 1;
    while (p > from && (source[p] === ' ' || source[p] === '\t')) p--;
    if (p <= from || source[p] !== '.') return null;
    // the full stop is a token of its own, a sentence end, not the end of an abbreviation ("Sen.")
    if (tokens[tokenAt(tokens, p)]?.start !== p) return null;
    const found = headAttribution(context, p, q.single, from, context.config.previousSentenceReach);
    // Only a name or a pronoun: a description this far from the quotation is too often a misreading.
    return found && namesSomeone(found.phrase) ? found : null;
  },
};
