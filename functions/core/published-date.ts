/**
 * Publication dates as ingest reads them from feeds and pages. `Date.parse` is not used on its own:
 * it reads "March 10" as 10 March 2001, "5" as 1 May 2001, "10/03/2026" as 3 October, and a time
 * without a zone in the zone of whatever machine runs it.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** RFC 822 zone names, and the common ones feeds write although RFC 822 lacks them (BST, CET, CEST …). */
const ZONE_MINUTES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  wet: 0,
  west: 60,
  bst: 60,
  cet: 60,
  cest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  jst: 540,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};
const ISO_DATE_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
// The time is optional: some feeds write the day alone ("Tue, 10 Mar 2026"), read as its start in the zone given (UTC).
const RFC822_DATE_RE =
  /^(?:[a-z]+,?\s+)?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([a-z]+|[+-]\d{4})?(?:\s*\([^)]*\))?$/i;

function offsetMinutes(zone: string | undefined): number | null {
  if (!zone) return 0; // no zone: UTC, not the zone of whatever machine reads the feed
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3] ?? 0));
  return ZONE_MINUTES[zone.toLowerCase()] ?? null;
}

function utcIso(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number,
) {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const time = Date.UTC(y, mo, d, h, mi, s, ms) - offset * 60_000;
  if (!Number.isFinite(time) || new Date(Date.UTC(y, mo, d)).getUTCDate() !== d) return null;
  return new Date(time).toISOString();
}

/**
 * A feed date as an ISO time: ISO 8601 (Atom, dc:date) or RFC 822 (RSS pubDate), in the zone it names
 * (UTC when it names none). Anything else is null rather than a guess: `Date.parse` reads "March 10"
 * as 10 March 2001, "5" as 1 May 2001 and "10/03/2026" as 3 October, and a zone-less time in the
 * zone of the machine.
 */
export function feedDate(raw: string | null): string | null {
  const value = raw?.replace(/\s+/g, ' ').trim();
  if (!value) return null;
  const iso = ISO_DATE_RE.exec(value);
  if (iso) {
    const offset = offsetMinutes(iso[8]);
    if (offset === null) return null;
    const ms = iso[7] ? Math.round(Number(iso[7]) * 1000) : 0;
    return utcIso(
      +iso[1]!,
      +iso[2]! - 1,
      +iso[3]!,
      +(iso[4] ?? 0),
      +(iso[5] ?? 0),
      +(iso[6] ?? 0),
      ms,
      offset,
    );
  }
  const rfc = RFC822_DATE_RE.exec(value);
  if (rfc) {
    const month = MONTHS.indexOf(rfc[2]!.toLowerCase());
    const offset = offsetMinutes(rfc[7]);
    if (month < 0 || offset === null) return null;
    const year = rfc[3]!.length === 2 ? (+rfc[3]! < 50 ? 2000 : 1900) + +rfc[3]! : +rfc[3]!;
    return utcIso(year, month, +rfc[1]!, +(rfc[4] ?? 0), +(rfc[5] ?? 0), +(rfc[6] ?? 0), 0, offset);
  }
  return null;
}

const DATE_ONLY_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_NAME_RE =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i;

/**
 * A page's publication date (meta tags, JSON-LD, `<time datetime>`): an ISO time with its zone as
 * written, another machine date as an ISO time (`feedDate`: a zone-less time is UTC), a bare ISO date kept as the date it is (no invented midnight), a date written for people
 * that names its year and an English month ("10 March 2026", "March 10, 2026") kept as written; anything
 * else (no year, "10/03/2026", "yesterday") is null, so that nothing downstream reads a wrong date into it.
 */
export function pageDate(raw: string | null | undefined): string | null {
  const value = raw?.replace(/\s+/g, ' ').trim();
  if (!value) return null;
  if (DATE_ONLY_RE.test(value)) return feedDate(value) ? value : null;
  // a machine date with a time; a day alone ("10 March 2026", "Tue, 10 Mar 2026") is kept as written below
  const machine = /\d:\d/.test(value) ? feedDate(value) : null;
  // an ISO time with its zone is unambiguous: kept as the page wrote it
  if (machine) return /^\d{4}-.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : machine;
  if (
    /\b\d{4}\b/.test(value) &&
    MONTH_NAME_RE.test(value) &&
    !/\d[/.]\d/.test(value) &&
    Number.isFinite(Date.parse(value))
  )
    return value;
  return null;
}

/**
 * How far ahead of the time a source was read a publication date is still believed: a clock running a
 * little fast, a local time labelled UTC (at most 14 hours off), a page dated for the morning edition.
 */
export const FUTURE_DATE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/** A date as written (feedDate's forms, or a date for people as pageDate keeps it) as epoch milliseconds. */
function instantOf(published: string): number {
  const machine = feedDate(published);
  return machine ? Date.parse(machine) : Date.parse(published);
}

/**
 * A publication date as a briefing believes it, read at `now`: a date more than FUTURE_DATE_TOLERANCE_MS
 * ahead is not believed (a typo, a placeholder such as 2099, a scheduled post's date) and becomes null,
 * so the item is undated (its page's date, else its arrival, stands in) rather than the newest of all,
 * with `note` saying why. Any other date, or none, is returned as it is, with a null note.
 * @example believedDate('2099-01-01T00:00:00.000Z', new Date('2026-03-10T07:00:00Z')).published // null
 * @example believedDate('2026-03-10T09:00:00.000Z', new Date('2026-03-10T07:00:00Z')).published // '2026-03-10T09:00:00.000Z'
 */
export function believedDate(
  published: string | null | undefined,
  now: Date,
): { published: string | null; note: string | null } {
  if (!published) return { published: null, note: null };
  const at = instantOf(published);
  if (!Number.isFinite(at) || at - now.getTime() <= FUTURE_DATE_TOLERANCE_MS)
    return { published, note: null };
  const days = FUTURE_DATE_TOLERANCE_MS / 86_400_000;
  return {
    published: null,
    note: `dated ${published}, more than ${days} day${days === 1 ? '' : 's'} ahead of the reading time (${now.toISOString()}): read as undated`,
  };
}
