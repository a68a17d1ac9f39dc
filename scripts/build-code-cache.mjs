// Step 3 of the build (after tsc): the jsonl batch's summarizer as one CommonJS bundle and V8's code cache
// of it (functions/cli/story-runner.ts explains the use). Runs in a process of its own, under the CLI's V8
// settings, so that V8 accepts the cache in the CLI. The cache holds the bytecode of every function the
// sample article and the primers ran, the way a batch's first articles would compile it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliDir = join(root, 'dist/functions/cli');
const { CLI_V8_FLAGS } = await import(join(cliDir, 'v8-flags.js'));
setFlagsFromString(CLI_V8_FLAGS);
const { BUNDLE_FILE, CACHE_FILE, CACHE_KEY_FILE, cacheKey, compileBundle } = await import(
  join(cliDir, 'story-runner.js')
);
const { quoteWarning } = await import(join(cliDir, 'quote-log.js'));

await build({
  entryPoints: [join(cliDir, 'jsonl-story.js')],
  outfile: join(cliDir, BUNDLE_FILE),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // loadArticle's lazy imports (the HTML extractor, the fetcher): the batch never calls loadArticle, and
  // esbuild drops it from the bundle; left out, they are not even read.
  external: ['./html-extract.js', './http-fetcher.js'],
  logLevel: 'warning',
});
const source = readFileSync(join(cliDir, BUNDLE_FILE), 'utf8');
const { script, runJob } = compileBundle(cliDir, source);
// The sample article, then the primers: our own articles in three house styles (double and single marks,
// straight and curly, attributions before and after, titles, possessives, appositions, accented names). A
// function first run in a batch is parsed and compiled there; one run here comes from the cache. The sample
// alone left most of the quote finder's attribution out (it has one quotation).
const primers = join(root, 'functions/cli/samples/primers');
const articles = [
  join(root, 'functions/cli/samples/harbour-ferry.txt'),
  ...readdirSync(primers)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(primers, f)),
];
for (const [seq, path] of articles.entries()) {
  const text = readFileSync(path, 'utf8');
  const answer = runJob({ seq, lineNo: seq + 1, item: { id: path, text, title: null } }, quoteWarning);
  if (!answer.out.includes('"keyPoints"')) throw new Error(`${path} did not summarise: ${answer.out}`);
}
const cache = script.createCachedData();
writeFileSync(join(cliDir, CACHE_FILE), cache);
writeFileSync(join(cliDir, CACHE_KEY_FILE), cacheKey(source));
process.stdout.write(
  `code cache: ${BUNDLE_FILE} ${(source.length / 1024).toFixed(0)} KB, cache ${(cache.length / 1024).toFixed(0)} KB\n`,
);
