// `npm run eval`: quality of key points (ROUGE on CNN/DM and BBC) and of quotes (PolNeAR, our own unseen-style
// articles, and audits of speakers on real BBC, Daily Mail and CNN news), written to docs/eval.md. Each part lives
// in its own module and returns a markdown section.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const parts = [
  './eval-summaries.ts',
  './eval-quotes.ts',
  './eval-quotes-unseen.ts',
  './eval-quotes-audit.ts',
] as const;

const sections: string[] = [];
for (const part of parts) {
  const mod = (await import(part)) as { run(): Promise<string> };
  sections.push(await mod.run());
}

const header = [
  '# Evaluation',
  '',
  `Produced by \`npm run eval\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.`,
  '',
].join('\n');
mkdirSync('docs', { recursive: true });
writeFileSync('docs/eval.md', `${header}\n${sections.join('\n\n')}\n`);
process.stdout.write(`${header}\n${sections.join('\n\n')}\n`);
