/**
 * The input holds no article: a page where Readability found no article text, a page that lists articles
 * rather than being one, or a text without a sentence to summarise (article-text.ts). In the core, so that the
 * one check every entry point passes through (buildStory) can throw it; it loads nothing, so that a caller of
 * the extraction worker (adapters/html-extract.ts) can name it without loading linkedom and Readability.
 */
export class NotAnArticleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NotAnArticleError';
  }
}
