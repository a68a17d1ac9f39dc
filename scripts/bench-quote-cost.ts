// What the quotes add to the story building of a batch, counted in instructions with Valgrind. The sampled
// profiles of bench-summarize.ts spread by several points between runs on a shared machine, and by more than
// ten on a long batch; an instruction count of one build over the same articles holds still to a few tenths
// of a per cent (single runs put the figure below within a point of each other; the median of three moves
// less), so a change of a per cent is seen for what it is.
//
// Three kinds of run of one Node process, each counted `RUNS` times (the median is kept), under the CLI's V8
// settings (`--predictable` as well: one thread compiles), over the first 600 articles of bbc-train:
//   read:    the articles read and the built story module loaded, no story made;
//   without: `buildStory` for each, key points alone (`{ quotes: false }`);
//   with:    `buildStory` for each, as every command makes a story (quotes found, set aside, chosen).
// The quotes add (with − without) / (without − read) to the work of making the stories: the target "quotes
// add less than 20% to the summarize batch time", read literally, and without process start, which has no
// quotes in it. Instructions are not time (a cache miss costs more than an add); the sampled profiles read
// about the same share.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_V8_FLAGS } from '../functions/cli/v8-flags.js';
import { median, REPO_ROOT, readJsonl, SHARED } from './bench-util.js';

/** The articles counted: the first of bbc-train, as the long-batch rows of bench-summarize.ts read. */
const ARTICLES = 600;
/** Counts of each kind of run; the median is kept. */
const RUNS = 3;
const STORY_MODULE = join(REPO_ROOT, 'dist/functions/core/story.js');

export interface QuoteCost {
  /** Instructions of each run, in millions. */
  read: number;
  without: number;
  with: number;
  /** (with − without) / (without − read). */
  added: number;
  /** (with − without) / (with − read): the quotes' share of the story work. */
  share: number;
}

const HARNESS = `import { readFileSync } from 'node:fs';
const [mode, input, storyModule] = process.argv.slice(2);
const { buildStory } = await import(storyModule);
let n = 0;
if (mode !== 'read')
  for (const line of readFileSync(input, 'utf8').split('\\n')) {
    if (!line) continue;
    const article = { title: null, source: JSON.parse(line).text, url: null, byline: null, published: null };
    const story = buildStory(article, { quotes: mode === 'with' });
    n += story.keyPoints.length + story.allQuotes.length;
  }
console.log(n);
`;

/** Why the count cannot be made here, or null when it can. */
export function quoteCostUnavailable(): string | null {
  if (!existsSync(join(SHARED, 'eval/bbc-train.jsonl'))) return 'no ../shared/eval/bbc-train.jsonl';
  if (!existsSync(STORY_MODULE)) return 'no build (`npm run build`)';
  if (spawnSync('valgrind', ['--version']).status !== 0) return 'Valgrind is not installed';
  return null;
}

/** Millions of instructions of one harness run (Valgrind's cachegrind without its cache model). */
function countRun(dir: string, mode: 'read' | 'without' | 'with', input: string): number {
  const res = spawnSync(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      '--cachegrind-out-file=/dev/null',
      process.execPath,
      '--predictable',
      ...CLI_V8_FLAGS.split(' '),
      join(dir, 'harness.mjs'),
      mode,
      input,
      pathToFileURL(STORY_MODULE).href,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const refs = /I\s+refs:\s+([\d,]+)/u.exec(res.stderr)?.[1];
  if (res.status !== 0 || refs === undefined)
    throw new Error(`counting the ${mode} run failed (${res.status}): ${res.stderr.slice(-400)}`);
  return Number(refs.replaceAll(',', '')) / 1e6;
}

/** The three counts and what the quotes add; throws when a run fails (see `quoteCostUnavailable`). */
export function quoteCost(): QuoteCost {
  const dir = mkdtempSync(join(tmpdir(), 'quote-cost-'));
  try {
    writeFileSync(join(dir, 'harness.mjs'), HARNESS);
    const articles = readJsonl<{ id: string; article: string }>(join(SHARED, 'eval/bbc-train.jsonl'));
    const input = join(dir, 'articles.jsonl');
    writeFileSync(
      input,
      articles
        .slice(0, ARTICLES)
        .map((a) => JSON.stringify({ text: a.article }))
        .join('\n'),
    );
    const counts = { read: [] as number[], without: [] as number[], with: [] as number[] };
    // interleaved, so that whatever else the machine does falls on all three alike
    for (let r = 0; r < RUNS; r++)
      for (const mode of ['read', 'without', 'with'] as const) counts[mode].push(countRun(dir, mode, input));
    const read = median(counts.read);
    const without = median(counts.without);
    const withQuotes = median(counts.with);
    return {
      read,
      without,
      with: withQuotes,
      added: (withQuotes - without) / (without - read),
      share: (withQuotes - without) / (withQuotes - read),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const why = quoteCostUnavailable();
  if (why) console.log(`not measured: ${why}`);
  else console.log(JSON.stringify(quoteCost()));
}
