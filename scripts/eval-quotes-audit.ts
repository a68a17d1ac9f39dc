// Speakers on real news of outlets and years the finder was not developed on: BBC News of 2004-2005 (from
// ../shared/eval/bbc-train.jsonl and bbc-dev.jsonl) and the Daily Mail and CNN of 2014-2015 (cnndm-dev.jsonl), which
// no quote rule or model reads. The labels (test/fixtures/quotes-bbc-audit/ and quotes-cnndm-audit/, see their
// READMEs) name who said each quoted passage the finder found in seeded draws of those articles, written by
// labellers who saw the articles and the passages but not the finder's speakers, code or documentation. They hold
// offsets and names only; the texts are read from ../shared. Each passage is labelled speech or not (a title, a
// slogan), so an audit measures the keep model's precision on real news as well as the speakers. The labellers of
// the BBC's third draw and of the Daily Mail and CNN also listed the quotations the finder missed (labels marked
// `missed`), so there the share of speech found is a recall; the first two BBC draws never showed a missed
// quotation to anyone. The first draw of each outlet
// had its errors read to find general changes (development data since); the others' are not printed (measures).
// Same CLI run as scripts/eval-quotes.ts. `run()` returns a markdown section for scripts/eval.ts. Run alone:
//   node scripts/run-tsx.mjs scripts/eval-quotes-audit.ts      (needs `npm run build`)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pct, runCli } from './eval-quotes.js';
import { type GoldQuote, overlap, predictedSpan, scoreSet, wilson } from './quote-scorer.js';
import { type SieveRow, sieveRows, sieveTable } from './quote-sieve-report.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (dir: string, file: string) => join(root, 'test/fixtures', dir, file);
/**
 * The draws, in the order they were made: the labels, the ../shared/eval file of their articles, a name, how it
 * was drawn, and whether its errors were read after its first score (development data; the others are measures).
 */
export const AUDITS = [
  {
    file: fixture('quotes-bbc-audit', 'audit-1.jsonl'),
    articles: 'bbc-train.jsonl',
    draw: 'BBC draw 1',
    drawn: 'seed 20261207',
    read: true,
  },
  {
    file: fixture('quotes-bbc-audit', 'audit-2.jsonl'),
    articles: 'bbc-train.jsonl',
    draw: 'BBC draw 2',
    drawn: 'seed 20261208',
    read: false,
  },
  {
    file: fixture('quotes-bbc-audit', 'audit-3.jsonl'),
    articles: 'bbc-dev.jsonl',
    draw: 'BBC draw 3',
    drawn: 'bbc-dev, seed 20261210',
    read: false,
  },
  {
    file: fixture('quotes-cnndm-audit', 'audit-1.jsonl'),
    articles: 'cnndm-dev.jsonl',
    draw: 'Daily Mail and CNN draw 1',
    drawn: 'seed 20261209',
    read: true,
  },
  {
    file: fixture('quotes-cnndm-audit', 'audit-2.jsonl'),
    articles: 'cnndm-dev.jsonl',
    draw: 'Daily Mail and CNN draw 2',
    drawn: 'the same shuffle',
    read: false,
  },
] as const;
const kitFile = (name: string) => join(root, '../shared/eval', name);

/** One labelled passage: [start, end) of the article's text, inside its quotation marks. */
export interface AuditLabel {
  id: string;
  start: number;
  end: number;
  /** Words someone said or wrote, quoted (not a title, a name or a scare-quoted phrase). */
  speech: boolean;
  speaker: string | null;
  speakerResolved: string | null;
  /** A quotation the finder of the draw did not return, added by its labeller. */
  missed?: true;
}

export const readAuditLabels = (path: string): AuditLabel[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AuditLabel);

export interface AuditScore {
  /** The draw's name ("BBC draw 1"), and with it how it was drawn and whether its errors were read. */
  name: string;
  draw: string;
  articles: number;
  passages: number;
  /** Labels that are quotations the draw's finder missed; 0 where the labellers were not asked for them. */
  missed: number;
  /** Labelled speech, and of those the ones the finder returns (overlap 0.3). */
  speech: number;
  found: number;
  /** Labelled speech a kept quote covers (0.3 of it), one quote covering several passages. */
  covered: number;
  /** Found speech passages whose labelled speaker can be checked (a name, or a description with no name), and right. */
  checkable: number;
  right: number;
  /** Labelled not speech, and of those the ones the finder still returns as quotes. */
  notSpeech: number;
  notSpeechKept: number;
  /** The checkable speakers by the sieve (`speakerRule`) that named them, and how many of those were right. */
  sieves: SieveRow[];
  read: boolean;
}

/** Why the audits cannot run here, or null when they can. */
export function auditUnavailable(): string | null {
  const absent = [...new Set(AUDITS.map((a) => a.articles))].filter((f) => !existsSync(kitFile(f)));
  return absent.length > 0 ? `no ${absent.map((f) => `../shared/eval/${f}`).join(', ')}` : null;
}

export const evaluate = (): AuditScore[] => AUDITS.map(evaluateDraw);

function evaluateDraw({ file, articles, draw, drawn, read }: (typeof AUDITS)[number]): AuditScore {
  const labels = readAuditLabels(file);
  const ids = new Set(labels.map((l) => l.id));
  const texts = new Map<string, string>();
  for (const line of readFileSync(kitFile(articles), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { id: string; article: string };
    if (ids.has(r.id)) texts.set(r.id, r.article);
  }
  const rows = [...ids].map((id) => ({ id, text: texts.get(id) ?? '', quotes: [] }));
  const { outputs } = runCli(rows);
  // the scorer counts direct gold only: the speech passages are scored as direct quotes, and the passages that
  // are not speech matched as if they were (their matches are what the finder still keeps of them)
  const itemsOf = (speech: boolean) =>
    rows.map(({ id, text }) => ({
      source: text,
      predicted: outputs.get(id)?.allQuotes ?? [],
      gold: labels
        .filter((l) => l.id === id && l.speech === speech)
        .map((l): GoldQuote => ({ ...l, text: text.slice(l.start, l.end), kind: 'direct' })),
    }));
  const speechItems = itemsOf(true);
  const [said, kept] = [scoreSet(speechItems, 0.3).counts, scoreSet(itemsOf(false), 0.3).counts];
  // found, for the recall: a speech passage 0.3 of which a kept quote covers, so that one quotation the finder
  // reads across several paragraphs finds each paragraph a labeller wrote apart (the matching above pairs it
  // with one of them)
  const covered = labels.filter((l) => {
    if (!l.speech) return false;
    const text = texts.get(l.id) ?? '';
    const spans = (outputs.get(l.id)?.allQuotes ?? []).map((q) => predictedSpan(text, q));
    return spans.some((s) => s !== null && overlap(s, l) >= 0.3 * (l.end - l.start));
  }).length;
  return {
    name: draw,
    draw: `${draw} (${drawn}), ${read ? 'errors read' : 'a measure'}`,
    articles: rows.length,
    passages: labels.length,
    missed: labels.filter((l) => l.missed).length,
    speech: said.tp + said.fn,
    found: said.tp,
    covered,
    checkable: said.verifiable,
    right: said.speakerCorrect,
    notSpeech: kept.tp + kept.fn,
    notSpeechKept: kept.tp,
    // (the CLI prints each quote's speakerRule)
    sieves: sieveRows(speechItems),
    read,
  };
}

const interval = (k: number, n: number): string => {
  // (in per cent already)
  const [lo, hi] = wilson(k, n);
  return `[${lo.toFixed(1)}, ${hi.toFixed(1)}]`;
};

export function toMarkdown(audits: readonly AuditScore[]): string {
  const row = (a: AuditScore): string => {
    const kept = a.found + a.notSpeechKept;
    return [
      `| ${a.draw} | ${a.articles} / ${a.passages}`,
      `${pct(a.right / a.checkable)} ${interval(a.right, a.checkable)}, ${a.right} of ${a.checkable}`,
      `${pct(a.found / kept)} ${interval(a.found, kept)}, ${a.found} of ${kept}`,
      a.missed > 0
        ? `${pct(a.covered / a.speech)} ${interval(a.covered, a.speech)}, ${a.covered} of ${a.speech} (${a.missed} missed by the draw's finder)`
        : `${a.covered} of ${a.speech} (not a recall: missed quotations were not labelled)`,
      `${a.notSpeechKept} of ${a.notSpeech} |`,
    ].join(' | ');
  };
  return [
    HEADING,
    '',
    "Seeded draws of articles no quote rule or model reads (`../shared/eval/bbc-train.jsonl` and `bbc-dev.jsonl`: BBC News 2004-2005; `cnndm-dev.jsonl`: the Daily Mail and CNN, 2014-2015), and in them every quoted passage of 25 characters or more that the finder kept, each labelled by hand as speech or not and, for speech, with who said it (`test/fixtures/quotes-bbc-audit/`, `quotes-cnndm-audit/`, see their READMEs: the labellers saw the passages, not the finder's speakers). The labellers of the BBC's third draw and of the Daily Mail and CNN also added the quotations of 25 characters or more the finder missed, so there the speech found is a recall: a labelled passage is found when a kept quote covers 0.3 of it (one quotation read across several paragraphs finds each paragraph a labeller wrote apart). Through `digest summarize --jsonl` (the built CLI), `allQuotes`, matched at overlap 0.3, speakers checked with the rules of `scripts/quote-scorer.ts`; 95% Wilson intervals. The first draw of each outlet had its errors read to find general changes; the others are measures, their errors not printed.",
    '',
    '| draw | articles / passages | speaker accuracy | passages kept that are speech | speech found | passages not speech still kept |',
    '|---|---|---|---|---|---|',
    ...audits.map(row),
    '',
    "The development draws' checkable speakers by the sieve that named them (`speakerRule`; `ranker`: a person named nearby the learned ranker chose; `none`: no speaker), as `npm run eval` gives them for PolNeAR above. The measures are left out: which sieve errs on them is a reading of their errors.",
    '',
    sieveTable(audits.filter((a) => a.read).map((a) => ({ name: a.name, rows: a.sieves }))),
  ].join('\n');
}

const HEADING = '## Quotes on real news of other outlets and years (BBC, Daily Mail, CNN; audited)';

export async function run(): Promise<string> {
  const why = auditUnavailable();
  return why ? `${HEADING}\n\nSkipped: ${why}.` : toMarkdown(evaluate());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${await run()}\n`);
}
