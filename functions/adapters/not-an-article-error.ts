/**
 * The page has no article text that Readability could find. Its own module, so that code which only
 * reports the error (html-extract.ts, in every function that reads feeds) never loads linkedom and
 * Readability: those run in the extraction worker.
 */
export class NotAnArticleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NotAnArticleError';
  }
}
