/**
 * The schedule window an invocation belongs to, in the list's own time zone. Two invocations
 * that fall in the same window (a retry, a duplicate schedule, a manual run) share one key, and
 * the store lets only one of them create the issue (`ISSUE#<list>#<window>`).
 */
import { isTimeZone } from './time-zone.js';

export type Cadence = 'hourly' | 'daily' | 'weekly';

export const CADENCES: readonly Cadence[] = ['hourly', 'daily', 'weekly'];

export class WindowError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WindowError';
  }
}

function localParts(at: Date, timeZone: string): { year: number; month: number; day: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 week-numbering year and week of a calendar date. */
function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return {
    year: date.getUTCFullYear(),
    week: Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7),
  };
}

/**
 * The window key of a scheduled time in a time zone.
 * @example windowKey(new Date('2026-03-09T23:30:00Z'), 'Europe/Oslo', 'daily') // '2026-03-10'
 * @example windowKey(new Date('2026-03-09T23:30:00Z'), 'America/New_York', 'daily') // '2026-03-09'
 * @example windowKey(new Date('2026-03-10T07:00:00Z'), 'UTC', 'weekly') // '2026-W11'
 * @example windowKey(new Date('2026-10-25T01:00:00Z'), 'Europe/Oslo', 'hourly') // '2026-10-25T02b' (02:00 again)
 */
export function windowKey(at: Date, timeZone: string, cadence: Cadence = 'daily'): string {
  if (!Number.isFinite(at.getTime())) throw new WindowError('the scheduled time is not a valid date');
  if (!isTimeZone(timeZone)) throw new WindowError(`unknown time zone: ${timeZone}`);
  const { year, month, day, hour } = localParts(at, timeZone);
  switch (cadence) {
    case 'hourly': {
      const key = `${year}-${pad(month)}-${pad(day)}T${pad(hour)}`;
      // The night clocks go back, a local hour happens twice: its second pass is a window of its own
      // (`…T02b`), or that hour's schedule would find the window taken and send nothing.
      const before = localParts(new Date(at.getTime() - 3_600_000), timeZone);
      const again =
        before.year === year && before.month === month && before.day === day && before.hour === hour;
      return again ? `${key}b` : key;
    }
    case 'weekly': {
      const w = isoWeek(year, month, day);
      return `${w.year}-W${pad(w.week)}`;
    }
    default:
      return `${year}-${pad(month)}-${pad(day)}`;
  }
}
