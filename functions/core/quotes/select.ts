import type { KeyPoint, Quote } from '../types.js';

export function selectQuotes(
  all: Quote[],
  _context: { source: string; keyPoints: KeyPoint[] },
  options: { max?: number } = {},
): Quote[] {
  return all.slice(0, options.max ?? 3);
}
