/** Runs the sieves in order over every quotation of a text. */
import type { Span } from '../types.js';
import type { AttributionConfig } from './config.js';
import type { Attribution, Sieve, SieveContext, SieveId } from './sieve.js';
import { SIEVES } from './sieves/index.js';
import type { QuoteSpan } from './spans.js';
import type { Token } from './tokens.js';

/** Where a failure inside the attribution is reported; the Powertools Logger fits this shape. */
export interface QuoteLogger {
  warn(message: string, ...extra: unknown[]): void;
}

export interface AttributeOptions {
  config: AttributionConfig;
  /** Sieves that do not run. */
  disabled: ReadonlySet<SieveId>;
  /**
   * With a logger, a failure while attributing one quotation leaves that quotation without a speaker
   * and is logged; without one (tests, evaluation), the error is thrown.
   */
  logger?: QuoteLogger;
  /** The sieves to run, in order; `SIEVES` unless a test or an experiment gives others. */
  sieves?: readonly Sieve[];
}

/**
 * One attribution per span, or null. Each sieve sees every quotation still without one, in text
 * order, so a later sieve can read what an earlier one found (a neighbour's speaker).
 */
export function attributeAll(
  source: string,
  tokens: readonly Token[],
  spans: readonly QuoteSpan[],
  options: AttributeOptions,
): (Attribution | null)[] {
  const attributions: (Attribution | null)[] = spans.map(() => null);
  const failed = new Set<number>();
  const context: SieveContext = { source, tokens, spans, attributions, config: options.config };
  for (const sieve of options.sieves ?? SIEVES) {
    if (options.disabled.has(sieve.id)) continue;
    for (let index = 0; index < spans.length; index++) {
      if (attributions[index] || failed.has(index)) continue;
      const span = spans[index]!;
      try {
        const found = sieve.run(context, { span, index });
        if (found) attributions[index] = { ...found, sieve: sieve.id };
      } catch (error) {
        reportOrThrow(options.logger, error, span, sieve.id);
        failed.add(index);
      }
    }
  }
  return attributions;
}

export function reportOrThrow(
  logger: QuoteLogger | undefined,
  error: unknown,
  span: Span,
  step: string,
): void {
  if (!logger) throw error;
  logger.warn('quote attribution failed; the quotation keeps no speaker', {
    step,
    start: span.start,
    end: span.end,
    error: error instanceof Error ? error.message : String(error),
  });
}
