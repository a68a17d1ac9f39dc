import { describe, expect, it } from 'vitest';
import { readSendEvent } from '../../functions/core/send-event.js';

const TAGS = { delivery: 'digest-delivery', issue: 'digest-issue' };
const mail = {
  messageId: 'ses-1',
  timestamp: '2026-12-02T09:00:00.000Z',
  destination: ['reader@example.net'],
  tags: { 'digest-delivery': ['iss.d1'], 'digest-issue': ['iss'] },
};
const read = (event: Record<string, unknown>) => readSendEvent({ mail, ...event }, (v) => v, TAGS);

describe('readSendEvent', () => {
  it.each([
    [
      { eventType: 'Delivery', delivery: { timestamp: '2026-12-02T09:00:05Z' } },
      'delivery',
      '2026-12-02T09:00:05Z',
    ],
    [{ eventType: 'Open', open: { timestamp: '2026-12-02T10:00:00Z' } }, 'open', '2026-12-02T10:00:00Z'],
    [{ eventType: 'Bounce', bounce: { bounceType: 'Permanent' } }, 'bounce', mail.timestamp],
    [{ eventType: 'Bounce', bounce: { bounceType: 'Transient' } }, 'softBounce', mail.timestamp],
    [{ notificationType: 'Bounce', bounce: { bounceType: 'Undetermined' } }, 'softBounce', mail.timestamp],
    [
      { eventType: 'DeliveryDelay', deliveryDelay: { timestamp: '2026-12-02T09:30:00Z' } },
      'delay',
      '2026-12-02T09:30:00Z',
    ],
    [{ eventType: 'Rendering Failure' }, 'reject', mail.timestamp],
    [{ eventType: 'Send' }, 'send', mail.timestamp],
  ])('%j is a %s event at %s', (event, kind, at) => {
    expect(read(event)).toMatchObject({ kind, at, issueId: 'iss', deliveryId: 'iss.d1', link: null });
  });

  it('a click carries its link, and copies of one event share one key while two clicks do not', () => {
    const click = {
      eventType: 'Click',
      click: { timestamp: '2026-12-02T10:01:00Z', link: 'https://x.org/a' },
    };
    const first = read(click);
    expect(first).toMatchObject({ kind: 'click', link: 'https://x.org/a' });
    expect(read(structuredClone(click))?.eventKey).toBe(first?.eventKey);
    const later = read({ ...click, click: { ...click.click, timestamp: '2026-12-02T10:02:00Z' } });
    const other = read({ ...click, click: { ...click.click, link: 'https://x.org/b' } });
    expect(new Set([first?.eventKey, later?.eventKey, other?.eventKey]).size).toBe(3);
  });

  it('ignores events that are not about one of our deliveries', () => {
    expect(readSendEvent({ eventType: 'Open', mail: { ...mail, tags: {} } }, (v) => v, TAGS)).toBeNull();
    expect(read({ eventType: 'Subscription' })).toBeNull();
  });
});
