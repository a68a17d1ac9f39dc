// `npm run bench`: what users pay for, measured in one run on this machine, next to the alternatives.
// Each part lives in its own module and returns a markdown section. `--tiny` runs every part on a
// tiny input (CI only checks that the bench runs); the full run writes docs/benchmarks.md.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { SHARED } from './bench-util.js';

export interface BenchOptions {
  tiny: boolean;
}

const tiny = process.argv.includes('--tiny');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const parts = [
  './bench-summarize.ts',
  './bench-render.ts',
  './bench-delivery.ts',
  './bench-fanout.ts',
  './bench-bundles.ts',
  './bench-scale.ts',
] as const;

// Parts that read the evaluation kit (../shared beside the repository, not part of it): without it they are
// skipped with a line saying so, and the rest of the bench still runs.
const KIT_FILES: Partial<Record<(typeof parts)[number], { title: string; files: string[] }>> = {
  './bench-summarize.ts': { title: 'Summarize', files: ['eval/cnndm-dev.jsonl'] },
};

const sections: string[] = [];
for (const part of parts) {
  if (only && !part.includes(only)) continue;
  const kit = KIT_FILES[part];
  const missing = kit?.files.find((file) => !existsSync(join(SHARED, file)));
  if (kit && missing) {
    const reason = `../shared/${missing} is not beside the repository (the evaluation kit)`;
    sections.push(`## ${kit.title}\n\nskipped: ${reason}.`);
    process.stderr.write(`bench: ${part} skipped: ${reason}\n`);
    continue;
  }
  const started = performance.now();
  const mod = (await import(part)) as { run(options: BenchOptions): Promise<string> };
  sections.push(await mod.run({ tiny }));
  process.stderr.write(`bench: ${part} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

const cpu = cpus();
const header = [
  '# Benchmarks',
  '',
  `Produced by \`npm run bench${tiny ? ' -- --tiny' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}/${process.arch}.`,
  'Timings vary with whatever else the machine runs: figures are medians, and comparisons are ratios measured in the same run.',
  'What changed between runs, and why, is in [performance-notes.md](performance-notes.md) (written by hand; this file is generated).',
  '',
].join('\n');
const doc = `${header}\n${sections.join('\n\n')}\n`;
if (!tiny && !only) {
  mkdirSync('docs', { recursive: true });
  writeFileSync('docs/benchmarks.md', doc);
}
process.stdout.write(doc);
