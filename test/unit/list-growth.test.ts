import { describe, expect, it } from 'vitest';
import { listGrowth } from '../../functions/core/list-growth.js';
import type { Subscriber } from '../../functions/ports/subscriber-store.js';

function person(
  status: Subscriber['status'],
  consentAt: string | null,
  updatedAt = '2026-12-01T00:00:00Z',
): Subscriber {
  return {
    email: `${Math.random().toString(36).slice(2)}@example.org`,
    list: 'default',
    status,
    topics: [],
    timezone: null,
    consent: consentAt ? { at: consentAt, method: 'cli', ip: null, userAgent: null } : null,
    createdAt: consentAt ?? '2026-11-01T00:00:00Z',
    updatedAt,
    confirmationSentAt: null,
  };
}

describe('list growth', () => {
  it.each([
    {
      name: 'a confirmation counts from its day on',
      people: [person('confirmed', '2026-11-30T12:00:00Z')],
      want: [0, 1, 1],
    },
    {
      name: 'pending people never count',
      people: [person('pending', '2026-11-29T12:00:00Z')],
      want: [0, 0, 0],
    },
    {
      name: 'someone who left counts until the day they left',
      people: [person('unsubscribed', '2026-11-20T00:00:00Z', '2026-12-01T09:00:00Z')],
      want: [1, 1, 0],
    },
  ])('$name', ({ people, want }) => {
    const points = listGrowth(people, new Date('2026-12-01T18:00:00Z'), 3);
    expect(points.map((p) => p.day)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01']);
    expect(points.map((p) => p.subscribed)).toEqual(want);
  });
});
