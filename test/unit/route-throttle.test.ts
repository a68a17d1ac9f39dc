import { describe, expect, it } from 'vitest';
import { ROUTE_LIMITS, RouteThrottle } from '../../functions/core/route-throttle.js';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const granted = (
  throttle: RouteThrottle,
  route: Parameters<RouteThrottle['take']>[0],
  client: string,
  n: number,
) => Array.from({ length: n }, () => throttle.take(route, client)).filter((wait) => wait === 0).length;

describe('RouteThrottle', () => {
  it('a client gets its burst on a route, then waits for the refill', () => {
    const c = clock();
    const throttle = new RouteThrottle(c.now);
    expect(granted(throttle, 'subscribe', '192.0.2.1', 100)).toBe(ROUTE_LIMITS.subscribe.burst);
    const wait = throttle.take('subscribe', '192.0.2.1');
    expect(wait).toBe(Math.ceil(60_000 / ROUTE_LIMITS.subscribe.perMinute));
    c.advance(wait);
    expect(throttle.take('subscribe', '192.0.2.1')).toBe(0);
  });

  it('a flood of /subscribe spends neither /confirm, /unsubscribe nor another client', () => {
    const throttle = new RouteThrottle(clock().now);
    granted(throttle, 'subscribe', '192.0.2.1', 10_000);
    expect(granted(throttle, 'confirm', '192.0.2.1', ROUTE_LIMITS.confirm.burst)).toBe(
      ROUTE_LIMITS.confirm.burst,
    );
    expect(granted(throttle, 'unsubscribe', '192.0.2.1', 600)).toBe(600);
    expect(granted(throttle, 'subscribe', '198.51.100.7', 5)).toBe(5);
  });

  it('one-click unsubscribe is never limited below 10 a second per client', () => {
    const c = clock();
    const throttle = new RouteThrottle(c.now);
    let ok = 0;
    for (let second = 0; second < 600; second++) {
      ok += granted(throttle, 'unsubscribe', '192.0.2.1', 10);
      c.advance(1000);
    }
    expect(ok).toBe(6000);
  });

  it('keeps a bounded number of buckets; a forgotten one starts full (never stricter)', () => {
    const throttle = new RouteThrottle(clock().now, ROUTE_LIMITS, 3);
    granted(throttle, 'subscribe', 'a', 100);
    for (const client of ['b', 'c', 'd']) throttle.take('subscribe', client);
    expect(throttle.take('subscribe', 'a')).toBe(0); // `a` was the least recently used, and evicted
  });
});
