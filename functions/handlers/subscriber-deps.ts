/**
 * What the subscriber HTTP handlers need. Tests and `digest dev` build it from local parts; each
 * Lambda builds it once per container from its environment (see live-subscriber-deps).
 */
import type { ConfirmationSender } from '../core/subscription.js';
import type { Clock } from '../ports/clock.js';
import type { ListStore } from '../ports/list-store.js';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import type { Log } from './http/errors.js';

export interface SubscriberHandlerDeps {
  store: SubscriberStore;
  /** Which lists exist, and their titles. */
  lists: ListStore;
  confirmations: ConfirmationSender;
  /** Token key(s): the first signs, any verifies (rotation). */
  secret: string | readonly string[];
  clock: Clock;
  /** Public base URL of the HTTP API (links on pages). */
  baseUrl: () => string;
  log?: Log;
  /**
   * POST /subscribe answers no sooner than this (ms) after the request arrived, so that the time a
   * confirmation send takes does not tell a caller whether an address was already known.
   * The Lambdas set it; tests leave it at 0.
   */
  minSubscribeResponseMs?: number;
}
