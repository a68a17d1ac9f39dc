import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  retryAfterSeconds,
  takeInWindow,
  type WindowRule,
  type WindowTake,
} from '../../functions/core/sliding-window.js';

const QUARTER_HOUR = 15 * 60_000;
const HOUR = 3_600_000;
const SIGN_IN: WindowRule = { limit: 10, windowMs: QUARTER_HOUR };
const FORWARD: WindowRule = { limit: 50, windowMs: HOUR };
const t = (iso: string) => Date.parse(`2026-12-03T${iso}Z`);
const ones = (iso: string, n: number): WindowTake[] =>
  Array.from({ length: n }, () => ({ at: t(iso), count: 1 }));

describe('takeInWindow at the edges of the window', () => {
  const cases: {
    name: string;
    log: WindowTake[];
    count: number;
    rule: WindowRule;
    now: string;
    allowed: boolean;
    retryAt: string | null;
  }[] = [
    { name: 'an empty log', log: [], count: 1, rule: SIGN_IN, now: '15:00:00', allowed: true, retryAt: null },
    {
      name: 'the tenth of ten',
      log: ones('14:59:00', 9),
      count: 1,
      rule: SIGN_IN,
      now: '14:59:59',
      allowed: true,
      retryAt: null,
    },
    {
      name: 'ten at 14:59:59, the next at 15:00:00 (where a fixed window starts afresh)',
      log: ones('14:59:59', 10),
      count: 1,
      rule: SIGN_IN,
      now: '15:00:00',
      allowed: false,
      retryAt: '15:14:59',
    },
    {
      name: 'ten at 14:59:59, the next at 15:13:31 (where a sliding-window counter lets ten more in)',
      log: ones('14:59:59', 10),
      count: 1,
      rule: SIGN_IN,
      now: '15:13:31',
      allowed: false,
      retryAt: '15:14:59',
    },
    {
      name: 'ten at 14:59:59, the next a millisecond before they leave',
      log: ones('14:59:59', 10),
      count: 1,
      rule: SIGN_IN,
      now: '15:14:58.999',
      allowed: false,
      retryAt: '15:14:59',
    },
    {
      name: 'ten at 14:59:59, the next a full window after them',
      log: ones('14:59:59', 10),
      count: 1,
      rule: SIGN_IN,
      now: '15:14:59',
      allowed: true,
      retryAt: null,
    },
    {
      name: 'five old and five recent: the old five leave first',
      log: [...ones('14:50:00', 5), ...ones('14:59:59', 5)],
      count: 1,
      rule: SIGN_IN,
      now: '15:04:59.999',
      allowed: false,
      retryAt: '15:05:00',
    },
    {
      name: 'five old and five recent, once the old five have left',
      log: [...ones('14:50:00', 5), ...ones('14:59:59', 5)],
      count: 1,
      rule: SIGN_IN,
      now: '15:05:00',
      allowed: true,
      retryAt: null,
    },
    {
      name: 'a take dated ahead of now (another clock) still counts',
      log: [...ones('15:00:00', 9), ...ones('15:02:00', 1)],
      count: 1,
      rule: SIGN_IN,
      now: '15:01:00',
      allowed: false,
      retryAt: '15:15:00',
    },
    {
      name: 'forwards: 10 more on top of 45 waits for the 30 to leave',
      log: [
        { at: t('14:10:00'), count: 30 },
        { at: t('14:40:00'), count: 15 },
      ],
      count: 10,
      rule: FORWARD,
      now: '15:05:00',
      allowed: false,
      retryAt: '15:10:00',
    },
    {
      name: 'forwards: 5 more on top of 45 fit',
      log: [
        { at: t('14:10:00'), count: 30 },
        { at: t('14:40:00'), count: 15 },
      ],
      count: 5,
      rule: FORWARD,
      now: '15:05:00',
      allowed: true,
      retryAt: null,
    },
    {
      name: 'forwards: a take larger than the limit never fits',
      log: [],
      count: 51,
      rule: FORWARD,
      now: '15:00:00',
      allowed: false,
      retryAt: null,
    },
  ];
  it.each(cases)('$name', ({ log, count, rule, now, allowed, retryAt }) => {
    const decision = takeInWindow(log, count, rule, t(now));
    expect(decision.allowed).toBe(allowed);
    expect(decision.retryAt).toBe(retryAt === null ? null : t(retryAt));
    if (retryAt !== null) expect(takeInWindow(log, count, rule, t(retryAt)).allowed).toBe(true);
  });

  it('an allowed take is logged; takes that left the window are dropped, so the log stays within the limit', () => {
    const log = [...ones('14:00:00', 10), ...ones('14:50:00', 3)];
    const decision = takeInWindow(log, 2, SIGN_IN, t('15:00:00'));
    expect(decision.allowed).toBe(true);
    expect(decision.takes).toEqual([...ones('14:50:00', 3), { at: t('15:00:00'), count: 2 }]);
    expect(decision.expiresAt).toBe(t('15:15:00'));
  });

  it('a refused take is not logged', () => {
    const log = ones('14:59:59', 10);
    const decision = takeInWindow(log, 1, SIGN_IN, t('15:00:00'));
    expect(decision.takes).toEqual(log);
    expect(decision.expiresAt).toBe(t('15:14:59'));
  });

  it('refuses counts and limits that are not positive integers', () => {
    expect(() => takeInWindow([], 0, SIGN_IN, 0)).toThrow(RangeError);
    expect(() => takeInWindow([], 1.5, SIGN_IN, 0)).toThrow(RangeError);
    expect(() => takeInWindow([], 1, { limit: 0, windowMs: 1 }, 0)).toThrow(RangeError);
    expect(() => takeInWindow([], 1, { limit: 1, windowMs: 0 }, 0)).toThrow(RangeError);
  });
});

describe('retryAfterSeconds: the wait before a refused take, in whole seconds', () => {
  const cases: { name: string; log: WindowTake[]; count: number; now: string; seconds: number | null }[] = [
    { name: 'allowed: no wait', log: ones('14:50:00', 9), count: 1, now: '14:59:00', seconds: null },
    { name: 'a whole number of seconds', log: ones('14:50:00', 10), count: 1, now: '14:59:00', seconds: 360 },
    {
      name: 'a part of a second rounds up',
      log: [{ at: t('14:50:00.250'), count: 10 }],
      count: 1,
      now: '14:59:00',
      seconds: 361,
    },
    {
      name: 'half a second rounds up to 1',
      log: [{ at: t('14:45:00.500'), count: 10 }],
      count: 1,
      now: '15:00:00',
      seconds: 1,
    },
    { name: 'more than the limit: never', log: [], count: 11, now: '15:00:00', seconds: null },
  ];
  it.each(cases)('$name', ({ log, count, now, seconds }) => {
    const decision = takeInWindow(log, count, SIGN_IN, t(now));
    expect(retryAfterSeconds(decision, t(now))).toBe(seconds);
    if (seconds !== null) {
      // Tried again after that many seconds, the same take goes in; a second earlier it does not.
      expect(takeInWindow(log, count, SIGN_IN, t(now) + seconds * 1000).allowed).toBe(true);
      expect(takeInWindow(log, count, SIGN_IN, t(now) + (seconds - 1) * 1000).allowed).toBe(false);
    }
  });
});

describe('takeInWindow over any sequence of takes', () => {
  const arbitraryRun = fc.record({
    limit: fc.integer({ min: 1, max: 12 }),
    windowMs: fc.integer({ min: 1, max: 1_000 }),
    steps: fc.array(
      fc.record({ gap: fc.integer({ min: 0, max: 400 }), count: fc.integer({ min: 1, max: 6 }) }),
      {
        maxLength: 80,
      },
    ),
  });

  it('never lets more than the limit into any window-long span, and refuses only what would exceed it', () => {
    fc.assert(
      fc.property(arbitraryRun, ({ limit, windowMs, steps }) => {
        const rule = { limit, windowMs };
        let log: WindowTake[] = [];
        const granted: WindowTake[] = [];
        let now = 0;
        for (const { gap, count } of steps) {
          now += gap;
          // The units granted in (now − windowMs, now], counted from everything ever granted.
          const inSpan = granted.filter((g) => g.at > now - windowMs).reduce((s, g) => s + g.count, 0);
          const decision = takeInWindow(log, count, rule, now);
          expect(decision.allowed).toBe(inSpan + count <= limit);
          expect(decision.takes.length).toBeLessThanOrEqual(limit);
          if (decision.allowed) {
            granted.push({ at: now, count });
            log = decision.takes;
          } else if (decision.retryAt !== null) {
            expect(decision.retryAt).toBeGreaterThan(now);
            expect(takeInWindow(log, count, rule, decision.retryAt - 1).allowed).toBe(false);
            expect(takeInWindow(log, count, rule, decision.retryAt).allowed).toBe(true);
          } else expect(count).toBeGreaterThan(limit);
        }
        // Every span of one window holds at most the limit (the fullest ones end at a grant).
        for (const end of granted)
          expect(
            granted
              .filter((g) => g.at > end.at - windowMs && g.at <= end.at)
              .reduce((s, g) => s + g.count, 0),
          ).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 300 },
    );
  });
});
