// Speakers on real news of an outlet and years the finder was not developed on: BBC News of 2004-2005, from
// ../shared/eval/bbc-train.jsonl, which no quote rule or model reads. The labels (test/fixtures/quotes-bbc-audit/,
// see its README) name who said each quoted passage the finder found in two seeded draws of 48 of those articles,
// written by labellers who saw the articles and the passages but not the finder's speakers, code or documentation.
// They hold offsets and names only; the texts are read from ../shared. Each passage is labelled speech or not
// (a title, a slogan), so the audit measures the keep model's precision on real news as well as the speakers.
// Recall is not measured: a quotation the finder missed was never shown to the labellers. The first draw's errors
// were read to find general changes (development data since); the second's are not printed (a measure).
// Same CLI run as scripts/eval-quotes.ts. `run()` returns a markdown section for scripts/eval.ts. Run alone:
//   node scripts/run-tsx.mjs scripts/eval-quotes-bbc.ts      (needs `npm run build`)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pct, runCli } from './eval-quotes.js';
import { type GoldQuote, isVerifiable, matchPredictions, speakerCorrect, wilson } from './quote-scorer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const AUDIT_DIR = join(root, 'test/fixtures/quotes-bbc-audit');
/** The draws, in the order they were made; `read`: its errors were read after its first score. */
export const BBC_AUDITS = [
  { file: join(AUDIT_DIR, 'audit-1.jsonl'), draw: 'draw 1 (seed 20261207), errors read', read: true },
  { file: join(AUDIT_DIR, 'audit-2.jsonl'), draw: 'draw 2 (seed 20261208), a measure', read: false },
] as const;
const BBC_TRAIN = join(root, '../shared/eval/bbc-train.jsonl');

/** One labelled passage: [start, end) of the article's text, inside its quotation marks. */
export interface AuditLabel {
  id: string;
  start: number;
  end: number;
  /** Words someone said or wrote, quoted (not a title, a name or a scare-quoted phrase). */
  speech: boolean;
  speaker: string | null;
  speakerResolved: string | null;
}

export const readAuditLabels = (path: string): AuditLabel[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AuditLabel);

export interface BbcAudit {
  draw: string;
  articles: number;
  passages: number;
  /** Labelled speech, and of those the ones the finder still returns (overlap 0.3). */
  speech: number;
  found: number;
  /** Found speech passages whose labelled speaker can be checked (a name, or a description with no name), and right. */
  checkable: number;
  right: number;
  /** Labelled not speech, and of those the ones the finder still returns as quotes. */
  notSpeech: number;
  notSpeechKept: number;
}

/** Why the audit cannot run here, or null when it can. */
export function auditUnavailable(): string | null {
  if (!existsSync(BBC_TRAIN)) return 'no ../shared/eval/bbc-train.jsonl';
  return null;
}

export const evaluate = (): BbcAudit[] => BBC_AUDITS.map((a) => evaluateDraw(a.file, a.draw));

function evaluateDraw(file: string, draw: string): BbcAudit {
  const labels = readAuditLabels(file);
  const ids = new Set(labels.map((l) => l.id));
  const texts = new Map<string, string>();
  for (const line of readFileSync(BBC_TRAIN, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { id: string; article: string };
    if (ids.has(r.id)) texts.set(r.id, r.article);
  }
  const rows = [...ids].map((id) => ({ id, text: texts.get(id) ?? '', quotes: [] }));
  const { outputs } = runCli(rows);
  const out: BbcAudit = {
    draw,
    articles: rows.length,
    passages: labels.length,
    speech: 0,
    found: 0,
    checkable: 0,
    right: 0,
    notSpeech: 0,
    notSpeechKept: 0,
  };
  for (const { id, text } of rows) {
    const predicted = outputs.get(id)?.allQuotes ?? [];
    const gold: GoldQuote[] = labels
      .filter((l) => l.id === id)
      .map((l) => ({ ...l, text: text.slice(l.start, l.end), kind: l.speech ? 'direct' : 'title' }));
    const speech = gold.filter((g) => g.kind === 'direct');
    const notSpeech = gold.filter((g) => g.kind !== 'direct');
    out.speech += speech.length;
    out.notSpeech += notSpeech.length;
    for (const [p, g] of matchPredictions(text, speech, predicted, 0.3)) {
      out.found++;
      // a labelled speaker that is neither a name nor a description (a pronoun with no name behind it) cannot be checked
      if (!isVerifiable(g)) continue;
      out.checkable++;
      if (speakerCorrect(predicted[p]!.speaker, g)) out.right++;
    }
    // (the scorer counts only direct gold: the passages that are not speech are matched as if they were)
    const asDirect = notSpeech.map((g) => ({ ...g, kind: 'direct' }));
    out.notSpeechKept += matchPredictions(text, asDirect, predicted, 0.3).size;
  }
  return out;
}

const interval = (k: number, n: number): string => {
  // (in per cent already)
  const [lo, hi] = wilson(k, n);
  return `[${lo.toFixed(1)}, ${hi.toFixed(1)}]`;
};

export function toMarkdown(audits: readonly BbcAudit[]): string {
  const row = (a: BbcAudit): string => {
    const kept = a.found + a.notSpeechKept;
    return [
      `| ${a.draw} | ${a.articles} / ${a.passages}`,
      `${pct(a.right / a.checkable)} ${interval(a.right, a.checkable)}, ${a.right} of ${a.checkable}`,
      `${pct(a.found / kept)} ${interval(a.found, kept)}, ${a.found} of ${kept}`,
      `${a.found} of ${a.speech}`,
      `${a.notSpeechKept} of ${a.notSpeech} |`,
    ].join(' | ');
  };
  return [
    HEADING,
    '',
    "Two seeded draws of 48 articles of `../shared/eval/bbc-train.jsonl` (no quote rule or model reads BBC data), and in them every quoted passage of 25 characters or more that the finder kept, each labelled by hand as speech or not and, for speech, with who said it (`test/fixtures/quotes-bbc-audit/`, see its README: the labellers saw the passages, not the finder's speakers). Through `digest summarize --jsonl` (the built CLI), `allQuotes`, matched at overlap 0.3, speakers checked with the rules of `scripts/quote-scorer.ts`; 95% Wilson intervals. Recall is not measured: a quotation the finder missed was never labelled. The first draw's errors were read to find general changes; the second is a measure, its errors not printed.",
    '',
    '| draw | articles / passages | speaker accuracy | labelled passages kept that are speech | speech passages still found | passages not speech still kept |',
    '|---|---|---|---|---|---|',
    ...audits.map(row),
  ].join('\n');
}

const HEADING = '## Quotes on real news of another outlet and years (BBC News 2004-2005, audited)';

export async function run(): Promise<string> {
  const why = auditUnavailable();
  return why ? `${HEADING}\n\nSkipped: ${why}.` : toMarkdown(evaluate());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${await run()}\n`);
}
