// Which publication dates a briefing believes, read at a given time: up to a day ahead (a fast clock, a
// local time labelled UTC) is believed; further ahead (2099, a typo's year) is not, and says why.
import { describe, expect, it } from 'vitest';
import { believedDate } from '../../functions/core/published-date.js';

const READ_AT = new Date('2026-03-10T07:00:00Z');

describe('believedDate', () => {
  it.each([
    { published: null, out: null },
    { published: '2026-03-09T16:00:00.000Z', out: '2026-03-09T16:00:00.000Z' },
    { published: '2026-03-10T09:00:00.000Z', out: '2026-03-10T09:00:00.000Z' }, // two hours ahead
    { published: '2026-03-11T07:00:00.000Z', out: '2026-03-11T07:00:00.000Z' }, // exactly a day ahead
    { published: '2026-03-11T07:00:01.000Z', out: null },
    { published: '2099-01-01T00:00:00.000Z', out: null },
    { published: '2026-03-11', out: '2026-03-11' }, // a bare date: its start is within the day
    { published: '12 March 2026', out: null }, // a date for people, as a page writes it
    { published: 'Thu, 12 Mar 2026 07:00:00 GMT', out: null },
    { published: '10 March 2026', out: '10 March 2026' },
  ])('$published → $out', ({ published, out }) => {
    const date = believedDate(published, READ_AT);
    expect(date.published).toBe(out);
    expect(date.note === null).toBe(out === published);
  });

  it('says why a date is not believed', () => {
    expect(believedDate('2099-01-01T00:00:00.000Z', READ_AT).note).toBe(
      'dated 2099-01-01T00:00:00.000Z, more than 1 day ahead of the reading time (2026-03-10T07:00:00.000Z): read as undated',
    );
  });
});
