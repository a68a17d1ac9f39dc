/**
 * A list's growth, day by day: how many people were subscribed (confirmed and not yet gone) at the
 * end of each of the last N days, from the records the subscriber store keeps. Someone who left
 * counts until their record changed to `unsubscribed`. Pure: the day to end on comes in.
 */
import type { Subscriber } from '../ports/subscriber-store.js';

export interface GrowthPoint {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  subscribed: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @example listGrowth(subscribers, new Date('2026-12-02T10:00:00Z'), 30) // 30 points, 2026-11-03 … 2026-12-02
 */
export function listGrowth(subscribers: readonly Subscriber[], today: Date, days: number): GrowthPoint[] {
  const lastEnd = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + DAY_MS;
  const spans = subscribers
    .filter((s) => s.status !== 'pending')
    .map((s) => ({
      from: Date.parse(s.consent?.at ?? s.createdAt),
      until: s.status === 'unsubscribed' ? Date.parse(s.updatedAt) : Number.POSITIVE_INFINITY,
    }));
  const points: GrowthPoint[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const end = lastEnd - i * DAY_MS;
    const subscribed = spans.filter((s) => s.from < end && s.until >= end).length;
    points.push({ day: new Date(end - DAY_MS).toISOString().slice(0, 10), subscribed });
  }
  return points;
}
