/**
 * The one check of time zone names, for lists, schedules, subscribers and deploy configuration:
 * what the runtime's Intl knows (IANA names such as `Europe/Paris`, and `UTC`).
 */

const MAX_TIME_ZONE_LENGTH = 64;

/**
 * The runtime's own spelling of a time zone name, or null when it does not know it.
 * @example canonicalTimeZone('europe/paris') // 'Europe/Paris'
 */
export function canonicalTimeZone(name: string): string | null {
  if (!name || name.length > MAX_TIME_ZONE_LENGTH) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** True when `name` is a time zone name the runtime knows. */
export function isTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== null;
}
