import type { Quote } from './types.js';

/** Quotes joined by an attribution this short ("," he said, ") are parts of one utterance. */
const MAX_INTERRUPTION = 80;

/** Parts of an interrupted quotation ("We will go," he said, "and we will stay.") stay together. */
export function groupParts(quotes: readonly Quote[], source: string): Quote[][] {
  const groups: Quote[][] = [];
  for (const q of quotes) {
    // the part before it: the last of the last group
    const prev = groups.at(-1)?.at(-1);
    const joined =
      q.speaker !== null &&
      prev?.speaker === q.speaker &&
      q.start - prev.end <= MAX_INTERRUPTION &&
      !source.slice(prev.end, q.start).includes('\n');
    if (joined) groups[groups.length - 1]!.push(q);
    else groups.push([q]);
  }
  return groups;
}
