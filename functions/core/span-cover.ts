import { firstIndex } from './binary-search.js';
import type { Span } from './types.js';

/**
 * Spans (page furniture, say) sorted and merged once, so that how much of a span they cover, and whether
 * they touch it, take a binary search instead of a pass over all of them: a page of thousands of furniture
 * lines and thousands of sentences would otherwise cost their product. Overlapping spans count once.
 */
export class SpanCover {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(spans: readonly Span[]) {
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    for (const s of sorted) {
      const last = this.ends.length - 1;
      if (last >= 0 && s.start < this.ends[last]!) this.ends[last] = Math.max(this.ends[last]!, s.end);
      else {
        this.starts.push(s.start);
        this.ends.push(s.end);
      }
    }
  }

  /** How many characters of `span` the spans cover. */
  covered(span: Span): number {
    let total = 0;
    for (let k = this.firstEndingAfter(span.start); k < this.starts.length; k++) {
      const start = this.starts[k]!;
      if (start >= span.end) break;
      total += Math.min(span.end, this.ends[k]!) - Math.max(span.start, start);
    }
    return total;
  }

  /** Does any of the spans share a character with `span`? */
  touches(span: Span): boolean {
    const k = this.firstEndingAfter(span.start);
    return k < this.starts.length && this.starts[k]! < span.end;
  }

  /** Index of the first merged span that ends after `offset`. */
  private firstEndingAfter(offset: number): number {
    return firstIndex(this.ends.length, (i) => this.ends[i]! > offset);
  }
}
