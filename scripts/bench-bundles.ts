// Lambda bundles: the size of each function's bundle as `cdk synth` builds it (minified ESM, source
// map beside it), and its cold start: the time a fresh `node` takes to import it, median of N runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { BenchOptions } from './bench.js';
import { measured } from './bench-results.js';
import { fmt, median, REPO_ROOT, table } from './bench-util.js';

interface Template {
  Resources: Record<
    string,
    { Type: string; Metadata?: Record<string, string>; Properties?: Record<string, unknown> }
  >;
}

/** Placeholder configuration so that a handler module's top level can load outside AWS. */
const LOAD_ENV = {
  SUBSCRIBERS_TABLE: 'bench',
  DELIVERIES_TABLE: 'bench',
  BRIEFINGS_TABLE: 'bench',
  ARCHIVE_BUCKET: 'bench',
  SEND_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/bench',
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench',
  API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench',
  SES_CONFIGURATION_SET: 'bench',
  DIGEST_FROM: 'Digest <digest@example.org>',
  DIGEST_POSTAL_ADDRESS: '1 Example Street',
  DIGEST_BASE_URL: 'https://digest.example.org',
  DIGEST_UNSUBSCRIBE_MAILBOX: 'unsubscribe@example.org',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

function synth(outDir: string): void {
  const r = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules/aws-cdk/bin/cdk'), 'synth', '--quiet', '-o', outDir],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
    },
  );
  if (r.status !== 0) throw new Error(`cdk synth failed: ${r.stderr.slice(0, 2000)}`);
}

function bundlesOf(outDir: string): { name: string; dir: string }[] {
  const out: { name: string; dir: string }[] = [];
  for (const file of readdirSync(outDir).filter((f) => f.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(outDir, file), 'utf8')) as Template;
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const assetPath = resource.Metadata?.['aws:asset:path'];
      if (resource.Type !== 'AWS::Lambda::Function' || !assetPath) continue;
      const dir = join(outDir, assetPath);
      if (!existsSync(join(dir, 'index.mjs')) && !existsSync(join(dir, 'index.js'))) continue;
      out.push({ name: logicalId.replace(/Function[0-9A-F]{8}$/, '').replace(/[0-9A-F]{8}$/, ''), dir });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function coldStartMs(entry: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const t=performance.now();await import(${JSON.stringify(entry)});console.log(performance.now()-t)`,
      ],
      { encoding: 'utf8', env: { ...process.env, ...LOAD_ENV } },
    );
    if (r.status !== 0) return Number.NaN;
    times.push(Number(r.stdout.trim().split('\n').pop()));
  }
  return median(times);
}

/** --tiny: one function bundled directly with esbuild (as the construct does), without a CDK synth. */
async function tinyBundles(outDir: string): Promise<{ name: string; dir: string }[]> {
  const dir = join(outDir, 'subscribe');
  await build({
    entryPoints: [join(REPO_ROOT, 'functions/handlers/subscribe.ts')],
    outfile: join(dir, 'index.mjs'),
    bundle: true,
    minify: true,
    sourcemap: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['@aws-sdk/*'],
    banner: { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  return [{ name: 'subscribe', dir }];
}

export async function run({ tiny }: BenchOptions): Promise<string> {
  // inside the repo, so that the bundles resolve the AWS SDK from node_modules as the runtime provides it
  const outDir = mkdtempSync(join(REPO_ROOT, '.bench-cdk-'));
  try {
    return await measure(outDir, tiny);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

async function measure(outDir: string, tiny: boolean): Promise<string> {
  if (!tiny) synth(outDir);
  const runs = tiny ? 1 : 7;
  const bundles = tiny ? await tinyBundles(outDir) : bundlesOf(outDir);
  const rows = bundles.map(({ name, dir }) => {
    const entry = existsSync(join(dir, 'index.mjs')) ? join(dir, 'index.mjs') : join(dir, 'index.js');
    const kb = statSync(entry).size / 1024;
    const mapKb = existsSync(`${entry}.map`) ? statSync(`${entry}.map`).size / 1024 : 0;
    const mjml = readFileSync(entry, 'utf8').includes('mjml-core') ? 'yes' : 'no';
    const cold = coldStartMs(entry, runs);
    measured[`bundleKb.${name}`] = kb;
    measured[`coldStartMs.${name}`] = cold;
    return [
      name,
      fmt(kb, 1),
      fmt(mapKb, 1),
      mjml,
      Number.isNaN(cold) ? 'fails to load outside Lambda' : fmt(cold, 1),
    ];
  });
  return [
    '## Lambda bundles',
    '',
    `${tiny ? 'One function bundled directly with esbuild (--tiny)' : 'Built by `cdk synth`'} (local esbuild, minified ESM, AWS SDK v3 from the runtime). Cold start = the time a fresh \`node\` takes to import the bundle (module load and top-level code; no AWS calls), median of ${runs} runs.`,
    '',
    table(['function', 'bundle KB', 'source map KB', 'contains MJML', 'import ms'], rows),
    '',
    'Every bundle is held under 500 KB by test/infra/bundles.test.ts except two. Schedule reads feeds, summarizes, renders the digest, and mails the editor its review and expiry notices through nodemailer’s MIME composer (135 KB, 74 KB of it a MIME-type table). Admin is the console: besides its pages it composes issues (the summarizer, quotes and the feed reader, as Schedule does), re-renders edited ones, imports and exports CSV, and sends test copies (the MIME composer). Both run for an editor, not per subscriber, so their cold start is paid once per editing session or scheduled tick. The import time includes loading the AWS SDK clients a function uses (the runtime’s copy); compare Schedule with SendWorker, which loads the same MIME composer.',
  ].join('\n');
}
