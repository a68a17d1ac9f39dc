// Per-sieve precision of the speaker attribution, the way CoreNLP's quote-attribution evaluator
// prints it: for each sieve, how many matched quotes with a checkable gold speaker it attributed
// (fired), how many of those it got right, and its precision. Scored with the rules of
// ../shared/eval/README.md (direct quotes, overlap 0.3, one-to-one matching).
import { SIEVES } from '../functions/core/quotes/index.js';
import {
  type GoldQuote,
  isVerifiable,
  matchPredictions,
  type PredictedQuote,
  speakerCorrect,
} from './quote-scorer.js';

export interface SieveRow {
  sieve: string;
  fired: number;
  right: number;
}

interface Item {
  source: string;
  gold: readonly GoldQuote[];
  predicted: readonly (PredictedQuote & { speakerRule?: string | null })[];
}

/** One row per sieve in order, then `none` (matched quotes no sieve attributed). */
export function sieveRows(items: readonly Item[]): SieveRow[] {
  const rows = new Map<string, SieveRow>();
  for (const id of [...SIEVES.map((s) => s.id), 'ranker', 'none'])
    rows.set(id, { sieve: id, fired: 0, right: 0 });
  for (const it of items) {
    for (const [p, g] of matchPredictions(it.source, it.gold, it.predicted, 0.3)) {
      if (!isVerifiable(g)) continue;
      const q = it.predicted[p]!;
      const row = rows.get(q.speaker ? (q.speakerRule ?? 'none') : 'none')!;
      row.fired++;
      if (speakerCorrect(q.speaker, g)) row.right++;
    }
  }
  return [...rows.values()];
}

const pct = (a: number, b: number) => (b === 0 ? '–' : ((100 * a) / b).toFixed(1));

/** A markdown table with one column group per set ("train", "dev"). */
export function sieveTable(sets: readonly { name: string; rows: readonly SieveRow[] }[]): string {
  const head = `| sieve | ${sets.map((s) => `${s.name} fired | ${s.name} right | ${s.name} precision`).join(' | ')} |`;
  const rule = `|---|${sets.map(() => '---|---|---').join('|')}|`;
  const ids = sets[0]?.rows.map((r) => r.sieve) ?? [];
  const lines = ids.map((id) => {
    const cells = sets.map((s) => {
      const r = s.rows.find((x) => x.sieve === id)!;
      return `${r.fired} | ${r.right} | ${pct(r.right, r.fired)}`;
    });
    return `| ${id} | ${cells.join(' | ')} |`;
  });
  const totals = sets.map((s) => {
    const fired = s.rows.reduce((n, r) => n + r.fired, 0);
    const right = s.rows.reduce((n, r) => n + r.right, 0);
    return `${fired} | ${right} | ${pct(right, fired)}`;
  });
  return [head, rule, ...lines, `| all (speaker accuracy) | ${totals.join(' | ')} |`].join('\n');
}
