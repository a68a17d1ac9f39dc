/**
 * The Lambdas' one logger: Powertools Logger (JSON lines with the request id and cold-start flag), created once per
 * container and given each invocation's Lambda context. Every entry passes through redactAddresses first, so that
 * no log line carries a full email address, whatever a handler puts in it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { redactAddresses } from '../../core/log-redaction.js';
import type { Log } from '../http/errors.js';

export const logger = new Logger({ serviceName: 'newsletter-digest' });

const LEVELS = new Set(['debug', 'info', 'warn', 'error']);

/** The `Log` the Lambdas hand to handlers: `{ level, event, ...fields }` → one redacted JSON line. */
export const lambdaLog: Log = (entry) => {
  const { level, event, message, ...fields } = redactAddresses(entry);
  const method = typeof level === 'string' && LEVELS.has(level) ? (level as 'info') : 'info';
  logger[method](String(message ?? event ?? 'log'), event === undefined ? fields : { event, ...fields });
};

/** lazyHandler's onInvoke: attaches the invocation's context (request id, function name, cold start). */
export function attachLambdaContext(context: unknown): void {
  if (context && typeof context === 'object' && 'awsRequestId' in context)
    logger.addContext(context as Context);
}
