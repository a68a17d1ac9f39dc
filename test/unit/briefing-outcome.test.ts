import { describe, expect, it } from 'vitest';
import {
  countOf,
  describeCounts,
  describeWindow,
  notBeforeOf,
  type ReadCounts,
  tallyRead,
} from '../../functions/core/briefing-outcome.js';

const zero: ReadCounts = {
  sources: 1,
  failedSources: 0,
  items: 0,
  alreadySent: 0,
  inDraft: 0,
  droppedByEditor: 0,
  tooOld: 0,
  duplicates: 0,
  unreadable: 0,
};

describe('countOf', () => {
  it.each([
    [0, 'story', 'stories', '0 stories'],
    [1, 'story', 'stories', '1 story'],
    [2, 'story', 'stories', '2 stories'],
    [1, 'item', undefined, '1 item'],
    [7, 'day', undefined, '7 days'],
  ])('%i %s', (n, one, many, out) => {
    expect(countOf(n, one, many)).toBe(out);
  });
});

describe('describeCounts', () => {
  it.each([
    {
      counts: { items: 4, alreadySent: 3, tooOld: 1 },
      days: 7,
      out: '4 items read: 3 already sent, 1 older than 7 days',
    },
    { counts: { items: 0 }, days: 7, out: '0 items read' },
    // A story waiting in a draft awaiting approval was not sent: said apart.
    {
      counts: { items: 3, alreadySent: 1, inDraft: 1, droppedByEditor: 1 },
      days: 7,
      out: '3 items read: 1 already sent, 1 in a pending draft, 1 dropped from an earlier issue',
    },
    { counts: { items: 1, tooOld: 1 }, days: 1, out: '1 item read: 1 older than 1 day' },
    {
      counts: { items: 3, duplicates: 1, unreadable: 2 },
      days: 7,
      out: '3 items read: 1 duplicate, 2 could not be read',
    },
    {
      counts: { sources: 2, failedSources: 1, items: 2, alreadySent: 2 },
      days: 7,
      out: '2 items read: 2 already sent, 1 source of 2 failed',
    },
  ])('$out', ({ counts, days, out }) => {
    expect(describeCounts({ ...zero, ...counts }, days)).toBe(out);
  });
});

describe('tallyRead', () => {
  it('adds what the sources skipped before fetching to what compose dropped', () => {
    const reports = [
      { ok: true, items: 7, alreadySent: 2, inDraft: 1, droppedByEditor: 1, tooOld: 1, failures: [{}] },
      { ok: false, items: 0, alreadySent: 0, tooOld: 0, failures: [] },
    ];
    const dropped = ['already-sent', 'in-draft', 'too-old', 'near-duplicate', 'over-cap'] as const;
    expect(tallyRead(reports, [...dropped])).toEqual({
      sources: 2,
      failedSources: 1,
      items: 7,
      alreadySent: 3,
      inDraft: 2,
      droppedByEditor: 1,
      tooOld: 2,
      duplicates: 1,
      unreadable: 1,
    });
  });
});

describe('the window', () => {
  it('is now minus the maximum age, said in UTC', () => {
    const notBefore = notBeforeOf(new Date('2026-03-10T07:00:00Z'), 7);
    expect(notBefore).toBe('2026-03-03T07:00:00.000Z');
    expect(describeWindow(notBefore, 7)).toBe('items published since 2026-03-03 07:00 UTC (the last 7 days)');
  });
});
