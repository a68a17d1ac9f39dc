/**
 * Per-route, per-client request limits for the public subscriber routes: one token bucket per
 * (route, client), so that a flood of `/subscribe` from one client neither slows another client nor
 * touches the buckets of `/confirm` and `/unsubscribe`. Pure: the clock comes in from the caller.
 */
import { TokenBucket } from './token-bucket.js';

export type ThrottledRoute = 'subscribe' | 'confirm' | 'unsubscribe' | 'preferences';

export interface RouteLimit {
  /** Requests a client may make in a burst. */
  burst: number;
  /** Requests per minute a client earns back. */
  perMinute: number;
}

/**
 * A person subscribes a few times at most; a mail scanner or a corporate gateway may fetch many
 * confirm and unsubscribe links from one address. One-click unsubscribe (RFC 8058) is never limited
 * below 10 a second per client: a provider's servers post them for all their users.
 */
export const ROUTE_LIMITS: Readonly<Record<ThrottledRoute, RouteLimit>> = {
  subscribe: { burst: 20, perMinute: 10 },
  preferences: { burst: 60, perMinute: 60 },
  confirm: { burst: 120, perMinute: 120 },
  unsubscribe: { burst: 600, perMinute: 600 },
};

/** Buckets kept at most; the least recently used go first (a forgotten bucket is a full one). */
export const MAX_THROTTLE_KEYS = 10_000;

export class RouteThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly now: () => number,
    private readonly limits: Readonly<Record<ThrottledRoute, RouteLimit>> = ROUTE_LIMITS,
    private readonly maxKeys = MAX_THROTTLE_KEYS,
  ) {}

  /**
   * Takes one request from the client's bucket for the route: 0 when it may go ahead, otherwise the
   * milliseconds until it may.
   *
   * @example new RouteThrottle(() => performance.now()).take('subscribe', '192.0.2.1') // 0
   */
  take(route: ThrottledRoute, client: string): number {
    const key = `${route}\u0000${client}`;
    let bucket = this.buckets.get(key);
    if (bucket)
      this.buckets.delete(key); // re-inserted below: the Map's order is the use order
    else {
      const limit = this.limits[route];
      bucket = new TokenBucket({ ratePerSecond: limit.perMinute / 60, capacity: limit.burst, now: this.now });
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(key, bucket);
    return bucket.take();
  }
}
