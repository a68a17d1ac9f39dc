/**
 * The dates an email shows, as text for people in a given time zone: the date ("26 November 2026") and a
 * story's publication time ("2 Dec 2026, 10:00 CET"). The render model formats them in the list's zone when the
 * issue is rendered once; personalisation formats them again in a reader's own zone (core/personalise.ts), once per
 * zone and issue. Pure, and free of the rest of the render model, so that the send path can import it alone.
 */

/** `day`: the date, day month year. `time`: a story's publication, with the time and the zone's name. */
export type DateStyle = 'day' | 'time';

/** The locale of every date when none is given. */
export const DEFAULT_DATE_LOCALE = 'en-GB';

const DATE_ONLY_RE = /^\d{4}-\d{2}-\d{2}$/;
// Only machine dates are reformatted (feeds' dates come out of the parser as ISO 8601); a date a
// page prints for people ("26 November 2026") is already readable and has no zone to convert.
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * How a story's publication date reads: `instant` (an ISO 8601 time, shown in a time zone), `day` (an ISO 8601
 * day, the same everywhere) or `text` (anything else, shown as written). `published` is already squished.
 * @example publishedKind('2026-12-02T09:00:00Z') // { kind: 'instant', time: 1796202000000 }
 */
export function publishedKind(
  published: string,
): { kind: 'instant' | 'day'; time: number } | { kind: 'text'; time: null } {
  const time = ISO_DATE_RE.test(published) ? Date.parse(published) : Number.NaN;
  if (!Number.isFinite(time)) return { kind: 'text', time: null };
  return { kind: DATE_ONLY_RE.test(published) ? 'day' : 'instant', time };
}

function dayFormat(locale: string, timeZone: string, month: 'long' | 'short'): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month, year: 'numeric', timeZone });
}

/**
 * An instant as text in `timeZone`: `day` as "26 November 2026" (always en-GB), `time` as "2 Dec 2026, 10:00 CET"
 * in `locale`. An unknown zone or locale still gives a readable date: the day in UTC.
 * @example formatDate(Date.parse('2026-12-02T09:00:00Z'), 'time', 'Europe/Oslo') // '2 Dec 2026, 10:00 CET'
 */
export function formatDate(
  time: number,
  style: DateStyle,
  timeZone = 'UTC',
  locale = DEFAULT_DATE_LOCALE,
): string {
  const date = new Date(time);
  if (style === 'day') {
    try {
      return dayFormat(DEFAULT_DATE_LOCALE, timeZone, 'long').format(date);
    } catch {
      return dayFormat(DEFAULT_DATE_LOCALE, 'UTC', 'long').format(date);
    }
  }
  try {
    return new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone,
    }).format(date);
  } catch {
    return dayFormat(DEFAULT_DATE_LOCALE, 'UTC', 'short').format(date);
  }
}

/**
 * An ISO 8601 day ("2026-12-02") as text, the same in every zone: "2 Dec 2026".
 * @example formatDay(Date.parse('2026-12-02'), 'en-GB') // '2 Dec 2026'
 */
export function formatDay(time: number, locale = DEFAULT_DATE_LOCALE): string {
  try {
    return dayFormat(locale, 'UTC', 'short').format(new Date(time));
  } catch {
    return dayFormat(DEFAULT_DATE_LOCALE, 'UTC', 'short').format(new Date(time));
  }
}
