// What a change to the quote finder changes: every quotation whose span, speaker, role or sieve differs between
// another build of the finder and this one, over every text the evaluation reads (../shared/eval's PolNeAR,
// BBC and CNN/DailyMail files when they are there, and test/fixtures/quotes-unseen/), so that a change is
// judged by all it does and not by the error it was made for. The measure batches of the unseen-style set are
// compared and counted, never printed: reading their outputs would make them development data
// (scripts/eval-quotes-unseen.ts `MEASURE_BATCHES`).
//   git stash && npm run build && cp -r dist ../dist-before && git stash pop
//   npm run build && node scripts/run-tsx.mjs scripts/quote-changes.ts ../dist-before
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AttributedQuote } from '../functions/core/quotes/index.js';
import { findQuotes } from '../functions/core/quotes/index.js';
import { REPO_ROOT, readJsonl, SHARED } from './bench-util.js';
import { MEASURE_BATCHES } from './eval-quotes-unseen.js';

export interface Text {
  id: string;
  text: string;
}

type Finder = (text: string) => readonly AttributedQuote[];

/** The batch of an unseen-style article by its id ("ca190-…" is batch 190, "us-…" batch 1); null for any other text. */
export function batchOfId(id: string): number | null {
  const m = /^(?:ca|us)(\d*)-/u.exec(id);
  return m ? (m[1] ? Number(m[1]) : 1) : null;
}

const line = (q: AttributedQuote) =>
  `${q.start}:${q.end} ${q.speaker ?? '–'} | ${q.role ?? '–'} | ${q.speakerRule ?? '–'} «${q.text.slice(0, 50)}»`;

export interface QuoteChanges {
  /** Texts whose quotations differ. */
  changed: number;
  /** Of those, the ones not printed (a measure batch's). */
  hidden: number;
  /** For each printed text, its id, then `- ` the quotations only `before` gives and `+ ` those only `after` gives. */
  lines: string[];
}

/** The quotations that differ between two finders over the texts; those of texts `hide` says are counted only. */
export function quoteChanges(
  texts: readonly Text[],
  before: Finder,
  after: Finder,
  hide: (id: string) => boolean,
): QuoteChanges {
  const out: QuoteChanges = { changed: 0, hidden: 0, lines: [] };
  for (const { id, text } of texts) {
    const [a, b] = [before(text).map(line), after(text).map(line)];
    if (a.join('\n') === b.join('\n')) continue;
    out.changed++;
    if (hide(id)) {
      out.hidden++;
      continue;
    }
    const [inA, inB] = [new Set(a), new Set(b)];
    out.lines.push(`## ${id}`, ...a.filter((x) => !inB.has(x)).map((x) => `  - ${x}`));
    out.lines.push(...b.filter((x) => !inA.has(x)).map((x) => `  + ${x}`));
  }
  return out;
}

/** Every text the evaluation reads that is here: ../shared/eval's files (if present) and the unseen-style batches. */
export function evaluationTexts(): Text[] {
  const texts: Text[] = [];
  const shared = join(SHARED, 'eval');
  for (const f of ['bbc-dev', 'bbc-train', 'cnndm-dev', 'quotes-polnear-train', 'quotes-polnear-dev']) {
    const path = join(shared, `${f}.jsonl`);
    if (!existsSync(path)) continue;
    for (const r of readJsonl<{ id: string; text?: string; article?: string }>(path))
      texts.push({ id: r.id, text: r.text ?? r.article ?? '' });
  }
  const fixtures = join(REPO_ROOT, 'test/fixtures/quotes-unseen');
  for (const f of readdirSync(fixtures)
    .filter((n) => n.endsWith('.jsonl'))
    .sort())
    texts.push(...readJsonl<Text>(join(fixtures, f)).map(({ id, text }) => ({ id, text })));
  return texts;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const other = process.argv[2];
  if (!other) {
    process.stderr.write('usage: quote-changes.ts <the other build, a copy of dist/>\n');
    process.exit(2);
  }
  const module = pathToFileURL(join(resolve(other), 'functions/core/quotes/index.js')).href;
  const { findQuotes: before } = (await import(module)) as { findQuotes: Finder };
  const texts = evaluationTexts();
  const hide = (id: string) => MEASURE_BATCHES.has(batchOfId(id) ?? 0);
  const c = quoteChanges(texts, before, findQuotes, hide);
  process.stdout.write(c.lines.map((l) => `${l}\n`).join(''));
  process.stdout.write(
    `${texts.length} texts, ${c.changed} differ (${c.hidden} of them in measure batches, not shown)\n`,
  );
}
