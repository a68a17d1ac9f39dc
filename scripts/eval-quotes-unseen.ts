// Quote quality on test/fixtures/quotes-unseen/articles.jsonl: 16 fictional articles written for this
// project in Canadian and US outlet styles and labelled by hand before the finder ran on them. The set is
// for measurement only; it must never be used to tune the finder. Same CLI run and scoring as
// scripts/eval-quotes.ts, split by region. `run()` returns a markdown section for scripts/eval.ts. Run alone:
//   node scripts/run-tsx.mjs scripts/eval-quotes-unseen.ts      (needs `npm run build`)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pct, type Row, readRows, runCli, scoreLine } from './eval-quotes.js';
import {
  type GoldQuote,
  isVerifiable,
  matchPredictions,
  type PredictedQuote,
  predictedSpan,
  type Scores,
  scoreSet,
  speakerCorrect,
} from './quote-scorer.js';

const FIXTURE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'test/fixtures/quotes-unseen/articles.jsonl',
);

interface UnseenRow extends Row {
  region: 'ca' | 'us';
  outlet_style: string;
}

interface Item {
  id: string;
  source: string;
  gold: GoldQuote[];
  predicted: PredictedQuote[];
}

interface GroupScores {
  label: string;
  articles: number;
  at03: Scores;
  at08: Scores;
}

export interface UnseenEval {
  groups: GroupScores[];
  errors: string[];
  batchMs: number;
}

function group(label: string, items: readonly Item[]): GroupScores {
  return { label, articles: items.length, at03: scoreSet(items, 0.3), at08: scoreSet(items, 0.8) };
}

const head = (t: string) => (t.length > 60 ? `${t.slice(0, 57)}…` : t).replace(/\s+/gu, ' ');
const goldName = (g: GoldQuote) => g.speakerResolved ?? g.speaker ?? '—';

/** One line per wrong or missing speaker, missed quote and false positive, at overlap 0.3. */
function errorsOf(it: Item): string[] {
  const matched = matchPredictions(it.source, it.gold, it.predicted, 0.3);
  const out: string[] = [];
  for (const [p, g] of matched) {
    const q = it.predicted[p]!;
    if (isVerifiable(g) && !speakerCorrect(q.speaker, g))
      out.push(
        `| ${it.id} | speaker | ${head(g.text)} | ${goldName(g)} (“${g.speaker}”) | ${q.speaker ?? 'none'} |`,
      );
  }
  const taken = new Set(matched.values());
  for (const g of it.gold)
    if (g.kind === 'direct' && !taken.has(g))
      out.push(`| ${it.id} | missed | ${head(g.text)} | ${goldName(g)} | |`);
  it.predicted.forEach((q, p) => {
    if (matched.has(p)) return;
    const s = predictedSpan(it.source, q);
    const inMixed = s && it.gold.some((g) => g.kind === 'mixed' && insideHalf(s, g));
    out.push(
      `| ${it.id} | ${inMixed ? 'neutral (in a mixed quote)' : 'false positive'} | ${head(q.text)} | | ${q.speaker ?? 'none'} |`,
    );
  });
  return out;
}

function insideHalf(s: { start: number; end: number }, g: GoldQuote): boolean {
  return 2 * Math.max(0, Math.min(s.end, g.end) - Math.max(s.start, g.start)) >= s.end - s.start;
}

export function evaluate(path = FIXTURE): UnseenEval {
  const rows = readRows(path) as UnseenRow[];
  const { outputs, ms } = runCli(rows);
  const items = rows.map((r) => ({
    id: r.id,
    source: r.text,
    gold: r.quotes,
    predicted: outputs.get(r.id)?.allQuotes ?? [],
    region: r.region,
  }));
  return {
    groups: [
      group(
        'Canadian styles',
        items.filter((i) => i.region === 'ca'),
      ),
      group(
        'US political styles',
        items.filter((i) => i.region === 'us'),
      ),
      group('all', items),
    ],
    errors: items.flatMap(errorsOf),
    batchMs: ms,
  };
}

export function toMarkdown(e: UnseenEval): string {
  const rows = e.groups.flatMap((g) => [
    scoreLine(`${g.label} (${g.articles}), 0.3`, g.at03),
    scoreLine(`${g.label} (${g.articles}), 0.8`, g.at08),
  ]);
  const ca = e.groups[0]!.at03.speakerAccuracy;
  const us = e.groups[1]!.at03.speakerAccuracy;
  return [
    '## Quotes on our own unseen-style articles',
    '',
    '16 fictional articles written for this project in the styles of Canadian and US outlets (`test/fixtures/quotes-unseen/`, see its README), labelled by hand before the finder ran on them and used only for measurement. Through `digest summarize --jsonl` (the built CLI), scored on `allQuotes`, direct quotes, with the rules of `scripts/quote-scorer.ts` as for PolNeAR dev.',
    '',
    '| set, overlap | P | R | F1 | speaker acc. | end-to-end F1 | TP / FP / FN / neutral |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Targets: speaker accuracy ≥ 90 on US political news (measured ${pct(us)} at 0.3) and ≥ 86.5 on Canadian news (measured ${pct(ca)}); F1 ≥ 97 at 0.3 and ≥ 95 at 0.8. With 60 and 70 quotes, one quote moves a regional figure by 1.4 to 1.7 points. Batch wall time ${(e.batchMs / 1000).toFixed(2)} s.`,
    '',
    '### Errors at overlap 0.3',
    '',
    '| article | error | quote | gold speaker (surface) | predicted speaker |',
    '|---|---|---|---|---|',
    ...(e.errors.length ? e.errors : ['| – | none | | | |']),
  ].join('\n');
}

export async function run(): Promise<string> {
  return toMarkdown(evaluate());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${toMarkdown(evaluate())}\n`);
}
