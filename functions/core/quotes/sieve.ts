/**
 * Speaker attribution as ordered sieves, the shape of Stanford CoreNLP's quote attribution: each
 * sieve looks for one kind of evidence, the first sieve (in order) that names a speaker phrase for
 * a quotation wins, and later sieves only see the quotations still without one.
 */
import type { AttributionConfig } from './config.js';
import type { QuoteSpan } from './spans.js';
import type { Token } from './tokens.js';

export type SieveId =
  | 'reported'
  | 'tail'
  | 'head'
  | 'colon-line'
  | 'neighbour'
  | 'continuation'
  | 'subject-before';

/** A speaker phrase and the role an appositive gives it, before the sieve that found it is known. */
export interface Found {
  /** The speaker phrase ("Geng", "he", "White House press secretary Josh Earnest", "the ministry"). */
  phrase: Token[];
  /** A role given in an appositive next to the phrase (", a spokesman for the ministry,"). */
  role: string | null;
}

/** A speaker phrase for a quotation, and the sieve that found it. */
export interface Attribution extends Found {
  sieve: SieveId;
}

/** What a sieve may read: the text, its tokens, every quotation, and the attributions made so far. */
export interface SieveContext {
  source: string;
  tokens: readonly Token[];
  spans: readonly QuoteSpan[];
  /** One entry per span; earlier sieves have filled some. */
  attributions: readonly (Attribution | null)[];
  config: AttributionConfig;
}

/** A quotation as a sieve sees it: its span and its place in `context.spans`. */
export type SieveQuote = { span: QuoteSpan; index: number };

/** What reading a speaker phrase around a quotation needs: the text, its tokens and the reaches. */
export type Reading = Pick<SieveContext, 'source' | 'tokens' | 'config'>;

/** The phrase as a speaker with its role; null when the phrase is empty. */
export const asFound = (phrase: Token[], role: string | null = null): Found | null =>
  phrase.length ? { phrase, role } : null;

export interface Sieve {
  id: SieveId;
  description: string;
  /**
   * The sieve decides from other quotations' attributions, some of which only later sieves find: once every sieve
   * has run, it runs again over the quotations still without a speaker and those it attributed (attribute.ts
   * `attributeAll`). The continuation sieve does, for the turns of an exchange. The neighbour sieve does not: run
   * again, it would hand a paragraph's earlier quotations the speaker that subject-before found for its last from
   * the paragraph before, which on unlabelled news was as often the wrong voice as the right one, and gained
   * nothing on labelled data.
   */
  runsAgain?: boolean;
  run(context: SieveContext, quote: SieveQuote): Found | null;
}

/**
 * Where the clause before the quotation at `index` may start, in [start, end): at `start` (its paragraph's or line's),
 * or after the previous quotation when that closes in there.
 */
export function clauseFrom(spans: readonly QuoteSpan[], index: number, start: number, end: number): number {
  const prev = spans[index - 1];
  return prev && prev.close >= start && prev.close < end ? prev.close + 1 : start;
}

export const startsParagraph = (source: string, q: QuoteSpan): boolean =>
  source.slice(q.paraStart, q.open).trim() === '';

/** The paragraph before the one that starts at `at`: [its start, the end of its text], past the blank lines between. */
export function paragraphBefore(text: string, at: number): [start: number, end: number] {
  // (`at` steps back to the end of the paragraph's text)
  while (at > 0 && text.charCodeAt(at - 1) <= 32) at--;
  return [text.lastIndexOf('\n', at - 1) + 1, at];
}
