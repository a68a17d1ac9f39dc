// Errors an operator meets first, as the built CLI prints them: one `digest: …` line on stderr
// that says what to do, and a non-zero exit.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/cli.js';

let dataDir: string;
// No DIGEST_ALLOW_LOOPBACK here: the refusal is what is tested.
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '', DIGEST_ALLOW_LOOPBACK: '' };
const HINT =
  'set DIGEST_ALLOW_LOOPBACK=1 to read from this machine; for local testing only, never in production';

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-errors-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('CLI errors', { timeout: 120_000 }, () => {
  it.each([
    [['send', '--bogus'], "digest: unknown option '--bogus'\n", 2],
    [['send', 'article.txt', '--subject'], "digest: option '--subject <text>' argument missing\n", 2],
    [['stats', '--bogus'], "digest: unknown option '--bogus'\n", 2],
    // briefing's 2 tells cron to resume a delivery: its usage errors exit 1, as every error of briefing does
    [['briefing', '--jsn'], "digest: unknown option '--jsn' (Did you mean --json?)\n", 1],
    [['forward', 'some-issue'], "digest: required option '--to <addresses>' not specified\n", 2],
    [['nosuch'], "digest: unknown command 'nosuch'\n", 2],
  ])("commander's own error for %j is one digest: line, and a usage exit code", async (args, line, code) => {
    const run = await runCli(args, { env: ENV });
    expect(run.code).toBe(code);
    expect(run.stderr).toBe(line);
    expect(run.stdout).toBe('');
  });

  // Our own refusals of a bad option or argument value, before anything is read or written, are usage errors too:
  // exit 2 in every command but briefing (exit-codes.ts, cli-error.ts UsageError).
  it.each([
    [['dev', '--port', '70000'], 'digest: --port must be 0-65535, not 70000\n'],
    [['keys', '--name', 'news\nroom'], 'digest: --name must not hold line breaks or control characters\n'],
    [
      ['subscribers', 'add', 'not-an-address'],
      'digest: not a valid address: the address must contain exactly one @\n',
    ],
    [['subscribers', 'list', '--list', 'Big List'], /^digest: --list: a list id is /],
    [['lists', 'update', 'default'], 'digest: nothing to change: give at least one flag\n'],
    [['sources', 'settings', '--max-stories', '0'], 'digest: --max-stories must be 1..20\n'],
  ])('our refusal of a bad value in %j is one digest: line, exit 2', async (args, line) => {
    const run = await runCli([...args, '--data-dir', dataDir], { env: ENV });
    if (typeof line === 'string') expect(run.stderr).toBe(line);
    else expect(run.stderr).toMatch(line);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
  });

  it('DIGEST_TRANSPORT=ses without a region says what to set', async () => {
    const run = await runCli(['subscribers', 'list', '--data-dir', dataDir], {
      env: {
        ...ENV,
        DIGEST_TRANSPORT: 'ses',
        AWS_REGION: '',
        AWS_DEFAULT_REGION: '',
        AWS_PROFILE: '',
        AWS_CONFIG_FILE: join(dataDir, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'no-aws-credentials'),
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'digest: DIGEST_TRANSPORT=ses needs an AWS region: set AWS_REGION (for example AWS_REGION=eu-west-1), or a region in the AWS profile you use (AWS_PROFILE, ~/.aws/config)\n',
    );
  });

  it('a refused loopback URL or feed mentions DIGEST_ALLOW_LOOPBACK', async () => {
    const page = await runCli(['summarize', 'http://127.0.0.1:9/article.html'], { env: ENV });
    expect(page.code).toBe(1);
    expect(page.stderr).toBe(
      `digest: refusing to fetch http://127.0.0.1:9/article.html: address 127.0.0.1 is loopback (${HINT})\n`,
    );
    const feed = await runCli(['briefing', '--data-dir', dataDir, '--feed', 'http://127.0.0.1:9/feed.rss'], {
      env: ENV,
    });
    expect(feed.code).toBe(3);
    expect(feed.stderr).toContain(
      `source failed: http://127.0.0.1:9/feed.rss: FeedFetchError: could not fetch feed: refusing to fetch http://127.0.0.1:9/feed.rss: address 127.0.0.1 is loopback (${HINT})\n`,
    );
  });
});

describe('a reader that stops early', { timeout: 120_000 }, () => {
  it('`digest summarize … | head` ends quietly: no EPIPE stack on stderr, exit 0', async () => {
    const article = join(dataDir, 'long.txt');
    writeFileSync(article, 'The council met on Monday and agreed the harbour budget. '.repeat(20_000));
    const child = spawn(process.execPath, [CLI, 'summarize', article, '--json'], {
      env: { ...process.env, ...ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // read the first bytes, then close the pipe, as `head -c 10` does
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
