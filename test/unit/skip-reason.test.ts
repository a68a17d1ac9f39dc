import { describe, expect, it } from 'vitest';
import { skipReason } from '../../functions/core/delivery.js';
import type { Subscriber } from '../../functions/ports/subscriber-store.js';

const record = (status: Subscriber['status'], topics: string[] = []): Subscriber => ({
  email: 'reader@example.org',
  list: 'default',
  status,
  topics,
  timezone: null,
  consent: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  confirmationSentAt: null,
});

describe('skipReason: may a queued recipient still be sent the issue?', () => {
  it.each([
    ['confirmed, not suppressed', record('confirmed'), false, undefined, null],
    ['confirmed, carries the topic', record('confirmed', ['rail']), false, 'rail', null],
    ['confirmed, dropped the topic', record('confirmed', ['harbour']), false, 'rail', 'topic-dropped'],
    ['confirmed with no topics, topic issue: gets every issue', record('confirmed'), false, 'rail', null],
    ['unsubscribed', record('unsubscribed'), false, undefined, 'unsubscribed'],
    ['pending', record('pending'), false, undefined, 'unsubscribed'],
    ['no record (removed, forgotten)', null, false, undefined, 'unsubscribed'],
    ['suppressed though confirmed', record('confirmed'), true, undefined, 'suppressed'],
    ['suppressed and unsubscribed', record('unsubscribed'), true, 'rail', 'suppressed'],
  ] as const)('%s', (_, subscriber, suppressed, topic, expected) => {
    expect(skipReason({ subscriber, suppressed }, topic)).toBe(expected);
  });
});
