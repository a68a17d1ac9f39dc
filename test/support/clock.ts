/** A clock the test moves: `now()` answers `at` until the test sets another time. */
export function settableClock(iso: string): { at: Date; now(): Date } {
  return {
    at: new Date(iso),
    now() {
      return this.at;
    },
  };
}
