import { describe, expect, it } from 'vitest';
import { backoffDelay, TokenBucket } from '../../functions/core/token-bucket.js';
import { RateGate } from '../../functions/use-cases/deliver-issue.js';

function clock(start = 0) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('TokenBucket', () => {
  it('allows a burst of one second, then paces to the rate', () => {
    const c = clock();
    const bucket = new TokenBucket({ ratePerSecond: 14, now: c.now });
    const granted = Array.from({ length: 20 }, () => bucket.take()).filter((w) => w === 0).length;
    expect(granted).toBe(14);
    const wait = bucket.take();
    expect(wait).toBe(72); // 1/14 s, rounded up
    c.advance(wait);
    expect(bucket.take()).toBe(0);
  });

  it('sends at most rate × seconds (+ burst) over a long run', () => {
    const c = clock();
    const bucket = new TokenBucket({ ratePerSecond: 10, now: c.now });
    let sent = 0;
    while (c.now() < 10_000) {
      const wait = bucket.take();
      if (wait === 0) sent++;
      else c.advance(wait);
    }
    expect(sent).toBeGreaterThanOrEqual(100);
    expect(sent).toBeLessThanOrEqual(110);
  });

  it('never stores more than its capacity while idle', () => {
    const c = clock();
    const bucket = new TokenBucket({ ratePerSecond: 5, capacity: 2, now: c.now });
    c.advance(60_000);
    expect([bucket.take(), bucket.take(), bucket.take() > 0]).toEqual([0, 0, true]);
  });

  it('follows a new rate (fresh GetSendQuota)', () => {
    const c = clock();
    const bucket = new TokenBucket({ ratePerSecond: 1, now: c.now });
    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBe(1000);
    bucket.setRate(50);
    expect(bucket.take()).toBe(20);
    expect(bucket.ratePerSecond).toBe(50);
  });

  it('does not go backwards with a clock that does', () => {
    const c = clock(1_000);
    const bucket = new TokenBucket({ ratePerSecond: 1, now: c.now });
    bucket.take();
    c.advance(-500);
    expect(bucket.take()).toBeGreaterThan(0);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, now: () => 0 })).toThrow(RangeError);
  });
});

describe('backoffDelay (full jitter)', () => {
  it.each([
    { attempt: 0, random: 0.999, out: 49 },
    { attempt: 3, random: 0.5, out: 200 },
    { attempt: 10, random: 0.5, out: 10_000 },
    { attempt: 40, random: 0.999, out: 19_980 },
    { attempt: 5, random: 0, out: 0 },
  ])('attempt $attempt, random $random → $out ms', ({ attempt, random, out }) => {
    expect(backoffDelay(attempt, () => random)).toBe(out);
  });

  it('stays within [0, min(cap, base·2^n))', () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      for (const r of [0, 0.25, 0.75, 0.999999]) {
        const delay = backoffDelay(attempt, () => r, { baseMs: 10, capMs: 1_000 });
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(1_000, 10 * 2 ** attempt));
      }
    }
  });
});

describe('RateGate', () => {
  it('paces every caller at the quota read once, even those that arrived during the read', async () => {
    const c = clock();
    const waits: number[] = [];
    let reads = 0;
    const gate = new RateGate(
      new TokenBucket({ ratePerSecond: 1, now: c.now }),
      async (ms) => {
        waits.push(ms);
        c.advance(ms);
      },
      c.now,
      async () => {
        reads++;
        return 50;
      },
    );
    await Promise.all(Array.from({ length: 60 }, () => gate.acquire()));
    expect(reads).toBe(1);
    // 50 in the first burst, then one every 20 ms: never the 1 s of the initial rate
    expect(Math.max(...waits)).toBeLessThanOrEqual(20);
    expect(c.now()).toBeGreaterThanOrEqual(190);
  });

  it('keeps the last rate when the quota cannot be read', async () => {
    const c = clock();
    const gate = new RateGate(
      new TokenBucket({ ratePerSecond: 10, now: c.now }),
      async (ms) => {
        c.advance(ms);
      },
      c.now,
      async () => {
        throw new Error('GetSendQuota timed out');
      },
    );
    for (let i = 0; i < 20; i++) await gate.acquire();
    expect(c.now()).toBeGreaterThanOrEqual(1_000);
  });
});
