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
import { type GoldQuote, scoreSet, wilson } from './quote-scorer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const AUDIT_DIR = join(root, 'test/fixtures/quotes-bbc-audit');
/** The draws, in the order they were made, each named with whether its errors were read after its first score. */
export const BBC_AUDITS = [
  { file: join(AUDIT_DIR, 'audit-1.jsonl'), draw: 'draw 1 (seed 20261207), errors read' },
  { file: join(AUDIT_DIR, 'audit-2.jsonl'), draw: 'draw 2 (seed 20261208), a measure' },
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
  // the scorer counts direct gold only: the speech passages are scored as direct quotes, and the passages that
  // are not speech matched as if they were (their matches are what the finder still keeps of them)
  const countsOf = (speech: boolean) =>
    scoreSet(
      rows.map(({ id, text }) => ({
        source: text,
        predicted: outputs.get(id)?.allQuotes ?? [],
        gold: labels
          .filter((l) => l.id === id && l.speech === speech)
          .map((l): GoldQuote => ({ ...l, text: text.slice(l.start, l.end), kind: 'direct' })),
      })),
      0.3,
    ).counts;
  const [said, kept] = [countsOf(true), countsOf(false)];
  return {
    draw,
    articles: rows.length,
    passages: labels.length,
    speech: said.tp + said.fn,
    found: said.tp,
    checkable: said.verifiable,
    right: said.speakerCorrect,
    notSpeech: kept.tp + kept.fn,
    notSpeechKept: kept.tp,
  };
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
