// `digest sources` as a user types it: URLs as written (no trailing slash, upper-case host), on a fresh data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

let dataDir: string;
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' };
const sources = (...args: string[]) =>
  runCli(['sources', ...args, '--list', 'harbour', '--data-dir', dataDir], { env: ENV });

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-sources-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('digest sources', { timeout: 120_000 }, () => {
  it('removes a feed given in the same spelling it was added with', async () => {
    const add = await sources(
      'add',
      'HTTPS://News.Example.org',
      'https://news.example.org/feeds/port.atom',
      '--create',
    );
    expect(add.code).toBe(0);
    expect(add.stdout).toBe(
      'added https://news.example.org/ to harbour\nadded https://news.example.org/feeds/port.atom to harbour\n',
    );
    // The user repeats what they typed; the stored form is the normalised one.
    const again = await sources('add', 'https://NEWS.example.org');
    expect(again.stdout).toBe('https://news.example.org/ is already a source of harbour\n');
    const remove = await sources('remove', 'HTTPS://News.Example.org');
    expect(remove.stderr).toBe('');
    expect(remove.stdout).toBe('removed https://news.example.org/ from harbour\n');
    expect(remove.code).toBe(0);
    const list = await sources('list', '--json');
    expect(JSON.parse(list.stdout).feeds.map((f: { url: string }) => f.url)).toEqual([
      'https://news.example.org/feeds/port.atom',
    ]);
  });

  it('says so, and exits 1, for a feed that is not a source', async () => {
    const remove = await sources('remove', 'https://elsewhere.example.org/feed.rss');
    expect(remove.stdout).toBe('https://elsewhere.example.org/feed.rss is not a source of harbour\n');
    expect(remove.code).toBe(1);
  });
});
