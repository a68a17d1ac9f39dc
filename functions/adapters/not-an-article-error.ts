/**
 * The page has no article text that Readability could find. In its own module so that a caller of the
 * extraction worker (html-extract.ts) can name the error without loading linkedom and Readability,
 * which cost about 0.3 s of CPU to load and run only inside the worker.
 */
export class NotAnArticleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NotAnArticleError';
  }
}
