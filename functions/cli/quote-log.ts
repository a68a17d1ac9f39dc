/**
 * How the CLI reports a quotation it could not attribute: the story is still printed or sent, that
 * quote without a speaker, and one line goes to stderr (one line per problem, as for errors). The
 * line names the place and the error, never the article's text.
 */
import type { QuoteFailure, QuoteLog } from '../core/quotes/index.js';

/** The stderr line of one quote that could not be attributed. */
export const quoteWarning = (entry: QuoteFailure): string =>
  `digest: warning: ${entry.message} (characters ${entry.start}-${entry.end}, ${entry.step}): ${entry.error}\n`;

export const cliQuoteLog: QuoteLog = (entry) => {
  process.stderr.write(quoteWarning(entry));
};
