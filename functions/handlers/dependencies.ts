/**
 * What the handlers need. Tests and `digest dev` build these from local parts (cli/local-deps.ts,
 * cli/local-briefing.ts); each Lambda builds only its own part, once per container, in the composition root
 * (handlers/runtime/), so that a route bundles only what its own code path needs. Each briefing route declares the
 * part it reads (ArchiveReadDeps, QueueArticleDeps, ForwardHttpDeps, ApproveHttpDeps; a whole BriefingHttpDeps
 * satisfies every one).
 */
import type { BearerCheck } from '../core/api-keys.js';
import { LIST_ID_RE } from '../core/list-id.js';
import type { RouteThrottle } from '../core/route-throttle.js';
import type { ConfirmationSender } from '../core/subscription.js';
import type { Clock } from '../ports/clock.js';
import type { ListStore } from '../ports/list-store.js';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import type { BriefingDeps } from '../use-cases/briefing.js';
import type { DraftDeps } from '../use-cases/briefing-drafts.js';
import type { ForwardDeps } from '../use-cases/forward.js';
import type { Log } from './http/errors.js';
import type { HttpEvent } from './http/types.js';

/** The subscriber routes: subscribe, confirm, unsubscribe, preferences. */
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
  /**
   * Runs the per-address work of POST /subscribe (store reads and writes, the confirmation mail) after
   * the answer is sent, so that neither its time nor its failure tells a caller whether an address was
   * known. `digest dev` sets it; a Lambda cannot work after answering, so there the work runs before
   * the answer, under `minSubscribeResponseMs`.
   */
  afterResponse?: (work: () => Promise<void>) => void;
  /** Per-route, per-client limits (one instance shared by the four routes); absent: no limit. */
  throttle?: RouteThrottle;
}

export interface BriefingHttpDeps {
  briefing: BriefingDeps;
  forward: ForwardDeps;
  /** Checks the caller's bearer key (locally) or reads the Lambda authorizer's verdict (AWS). */
  authenticate: (event: HttpEvent) => Promise<BearerCheck>;
  /** Which lists exist, and their titles. */
  lists: ListStore;
  postalAddress: string;
  log?: Log;
}

/** The issue page and the archive page and feed: the archive and the public base URL only. */
export interface ArchiveReadDeps {
  briefing: Pick<BriefingDeps, 'archive' | 'baseUrl'>;
  lists: ListStore;
  log?: Log;
}

/** POST /articles (and the S3 drops, without the HTTP parts): the briefings store and the clock. */
export interface QueueArticleDeps {
  briefing: Pick<BriefingDeps, 'store' | 'now'>;
  authenticate: BriefingHttpDeps['authenticate'];
  lists: ListStore;
  log?: Log;
}

/** POST /issues/<id>/forward. */
export interface ForwardHttpDeps {
  forward: ForwardDeps;
  authenticate: BriefingHttpDeps['authenticate'];
  log?: Log;
}

/** The approve route: the draft workflow (store, archive, render, fan-out, mail, the token secret). */
export interface ApproveHttpDeps {
  briefing: DraftDeps;
  log?: Log;
}

/** The list id rule shared by routes and commands (core/list-id.ts). */
export const LIST_NAME_RE = LIST_ID_RE;
