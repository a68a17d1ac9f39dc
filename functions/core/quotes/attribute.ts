/** Runs the sieves in order over every quotation of a text. */
import { redactText } from '../log-redaction.js';
import type { Span } from '../types.js';
import type { AttributionConfig } from './config.js';
import { endsLikeNounPhrase, startsLikeNounPhrase, trimNounPhrase } from './phrases.js';
import type { Attribution, Sieve, SieveContext, SieveId, SieveQuote } from './sieve.js';
import { SIEVES } from './sieves/index.js';
import type { QuoteSpan } from './spans.js';
import type { Token } from './tokens.js';

/**
 * One quotation that could not be attributed, or the email's quotations that could not be chosen, as
 * logged: where (offsets, the sieve or step) and why (the error's name and message, cut short,
 * addresses masked), never the article's text.
 */
export type QuoteFailure = {
  level: 'warn';
  event: 'quote-attribution-failed' | 'quote-selection-failed';
  message: string;
  step: string;
  start: number;
  end: number;
  error: string;
};

/** Where attribution failures go; the Lambdas' and the CLI's `Log` functions fit this shape. */
export type QuoteLog = (entry: QuoteFailure) => void;

/** An error message in a log line stays short: enough to find the bug, too little to carry text. */
const MAX_ERROR_CHARS = 200;

export interface AttributeOptions {
  config: AttributionConfig;
  /** Sieves that do not run. */
  disabled: ReadonlySet<SieveId>;
  /**
   * With a log, a failure while attributing one quotation leaves that quotation without a speaker
   * and is logged; without one (tests, evaluation), the error is thrown.
   */
  log?: QuoteLog;
  /** The sieves to run, in order; `SIEVES` unless a test or an experiment gives others. */
  sieves?: readonly Sieve[];
}

/**
 * One attribution per span, or null (`attributions`), and the indices of the spans where a sieve threw (`failed`,
 * only with a log), which keep no speaker at all. Each sieve sees every quotation still without an attribution, in
 * text order, so a later sieve can read what an earlier one found (a neighbour's speaker). A sieve that decides
 * from the others' attributions (`runsAgain`) then runs once more over the quotations still without one and
 * those it attributed: "“…?”" ⏎ "“…,” Roe said." ⏎ "“…”" takes its turn from the question's asker, whom only
 * the last sieve (`subject-before`) found. Its second answer stands; where it finds none, the first does.
 */
export function attributeAll(
  source: string,
  tokens: readonly Token[],
  spans: readonly QuoteSpan[],
  options: AttributeOptions,
): { attributions: (Attribution | null)[]; failed: ReadonlySet<number> } {
  const attributions: (Attribution | null)[] = spans.map(() => null);
  const failed = new Set<number>();
  const context: SieveContext = { source, tokens, spans, attributions, config: options.config };
  // one quote object per span for all the sieves, not one per sieve and span
  const quotes: SieveQuote[] = spans.map((span, index) => ({ span, index }));
  const sieves = (options.sieves ?? SIEVES).filter((sieve) => !options.disabled.has(sieve.id));
  // every sieve in order; then those that run again (`runsAgain`), now that all have run
  for (const [p, sieve] of [...sieves, ...sieves.filter((s) => s.runsAgain)].entries())
    for (let index = 0; index < spans.length; index++) {
      const a = attributions[index];
      // (the set of failures is asked only once a sieve has failed, with a log, which is almost never)
      if ((a && (p < sieves.length || a.sieve !== sieve.id)) || (failed.size > 0 && failed.has(index)))
        continue;
      try {
        const found = sieve.run(context, quotes[index]!);
        // built field by field: a spread of objects from many sieves is slow in the mostly unoptimised
        // CLI, and a sieve's answer is a phrase and a role (the same fields, in the same order)
        // a fragment ("the head of the", "for ice cream") is no speaker: a later sieve may still find one
        const phrase = found ? trimNounPhrase(found.phrase) : null;
        if (found && phrase && endsLikeNounPhrase(phrase) && startsLikeNounPhrase(phrase))
          attributions[index] = { phrase, role: found.role, sieve: sieve.id };
      } catch (error) {
        reportOrThrow(options.log, error, spans[index]!, sieve.id);
        failed.add(index);
      }
    }
  return { attributions, failed };
}

/** What a failed attribution logs. */
const ATTRIBUTION_FAILED = {
  event: 'quote-attribution-failed',
  message: 'a quotation could not be attributed and keeps no speaker',
} as const;

/**
 * Throws `error` when there is no log (tests see it); otherwise logs one entry for the quotation (or,
 * with `what`, for the step that failed over `span`).
 */
export function reportOrThrow(
  log: QuoteLog | undefined,
  error: unknown,
  span: Span,
  step: string,
  what: Pick<QuoteFailure, 'event' | 'message'> = ATTRIBUTION_FAILED,
): void {
  if (!log) throw error;
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const { start, end } = span;
  log({ level: 'warn', ...what, step, start, end, error: redactText(why.slice(0, MAX_ERROR_CHARS)) });
}
