/**
 * The first index in [0, length) at which `reached(i)` holds, for a test that, once it holds, holds for
 * every later index (a sorted list searched by a threshold); `length` when it never holds.
 *
 * @example firstIndex(3, (i) => [2, 5, 9][i]! >= 5) // 1
 */
export function firstIndex(length: number, reached: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reached(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The number of entries of an ascending list not above `x`: where `x` would go after its equals. Written
 * out rather than given to `firstIndex`, as it runs for every name and quotation of an article, and a test
 * closure per search costs an allocation and a call per step in the mostly unoptimised CLI.
 *
 * @example upperBound([2, 5, 5, 9], 5) // 3
 */
export function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The index of the first entry of a list in order of `start` that starts at or after `offset`; the list's
 * length when none does. Written out like `upperBound`: the quote finder asks it for every name, cue and
 * quotation it reads tokens and mentions around.
 *
 * @example firstStartingAt([{ start: 0 }, { start: 4 }, { start: 9 }], 5) // 2
 */
export function firstStartingAt(list: readonly { readonly start: number }[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
