/**
 * How the CLI reports a quotation it could not attribute: the story is still printed or sent, that
 * quote without a speaker, and one line goes to stderr (one line per problem, as for errors). The
 * line names the place and the error, never the article's text.
 */
import type { QuoteLog } from '../core/quotes/index.js';

export const cliQuoteLog: QuoteLog = (entry) => {
  process.stderr.write(
    `digest: warning: ${entry.message} (characters ${entry.start}-${entry.end}, ${entry.step}): ${entry.error}\n`,
  );
};
