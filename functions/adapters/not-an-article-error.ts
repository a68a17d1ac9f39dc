/** The error of an input that holds no article; defined in the core (core/not-an-article-error.ts). */
export { NotAnArticleError } from '../core/not-an-article-error.js';
