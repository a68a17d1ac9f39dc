// Readability of key points as a reader meets them, for `npm run eval`: measured on what the email
// prints (`shown` where present, else `text`). The word lists are the eval's own and deliberately
// stricter than the summarizer's rules: every "It"/"This" opening counts, a dummy "It is clear that"
// or "This week" included, so the figure is an upper bound on what a reader finds unresolved.
import { nearRepeatPairs } from '../functions/core/redundancy.js';

const CONNECTIVE_OPENER_RE =
  /^["“‘']?(?:But|And|Yet|So|Or|Nor|However|Meanwhile|Also|Moreover|Furthermore|Additionally|Besides|Nevertheless|Nonetheless|Still|Instead(?! of)|Indeed|Likewise|Similarly|Consequently|Therefore|Thus|Hence|Otherwise|In addition|As a result|On the other hand|At the same time|In fact|Even so)\b/u;
const POINTING_OPENER_RE =
  /^["“‘']?(?:It|Its|This|That|These|Those|He|She|His|Her|Him|They|Their|Them|Such|The latter|The former|Or so)\b/u;
export const LONG_POINT_WORDS = 45;

export interface Readability {
  points: number;
  connective: number;
  pointing: number;
  long: number;
  nearRepeatPairs: number;
  /** Stories with at least one near-repeated pair. */
  storiesWithRepeats: number;
}

/** Counts over the key points of many stories (each story: the texts a reader sees). */
export function readability(stories: readonly (readonly string[])[]): Readability {
  const r: Readability = {
    points: 0,
    connective: 0,
    pointing: 0,
    long: 0,
    nearRepeatPairs: 0,
    storiesWithRepeats: 0,
  };
  for (const points of stories) {
    for (const p of points) {
      r.points++;
      if (CONNECTIVE_OPENER_RE.test(p)) r.connective++;
      if (POINTING_OPENER_RE.test(p)) r.pointing++;
      if (p.split(/\s+/u).filter(Boolean).length > LONG_POINT_WORDS) r.long++;
    }
    const pairs = nearRepeatPairs(points).length;
    r.nearRepeatPairs += pairs;
    if (pairs > 0) r.storiesWithRepeats++;
  }
  return r;
}

const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;

/** One table row: share opening with a connective, with a pointing word, near repeats, over 45 words. */
export function readabilityRow(name: string, r: Readability): string {
  return `| ${name} | ${r.points} | ${r.connective} (${pct(r.connective, r.points)}) | ${r.pointing} (${pct(r.pointing, r.points)}) | ${r.nearRepeatPairs} | ${r.long} (${pct(r.long, r.points)}) |`;
}

export const READABILITY_HEADER = [
  `| key points | n | open with a conjunction or discourse marker | open with a pointing word | near-repeated pairs | over ${LONG_POINT_WORDS} words |`,
  '|---|---|---|---|---|---|',
];
