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

  it('a feed that is not a source is an error: one `digest:` line on stderr, exit 1', async () => {
    const remove = await sources('remove', 'https://elsewhere.example.org/feed.rss');
    expect(remove.stderr).toBe('digest: https://elsewhere.example.org/feed.rss is not a source of harbour\n');
    expect(remove.stdout).toBe('');
    expect(remove.code).toBe(1);
  });

  it('removes the sources among several URLs, then names the others in one error line', async () => {
    const add = await sources('add', 'https://news.example.org/feeds/quay.rss');
    expect(add.code, add.stderr).toBe(0);
    const remove = await sources(
      'remove',
      'https://elsewhere.example.org/a.rss',
      'https://news.example.org/feeds/quay.rss',
      'https://elsewhere.example.org/b.rss',
    );
    expect(remove.stdout).toBe('removed https://news.example.org/feeds/quay.rss from harbour\n');
    expect(remove.stderr).toBe(
      'digest: https://elsewhere.example.org/a.rss, https://elsewhere.example.org/b.rss are not sources of harbour\n',
    );
    expect(remove.code).toBe(1);
  });

  it('the other subcommands answer an error the same way', async () => {
    const cases: [string[], string][] = [
      [
        ['add', 'ftp://news.example.org/feed.rss'],
        'digest: a feed must be an http(s) URL: ftp://news.example.org/feed.rss\n',
      ],
      [['queue', 'not a url'], 'digest: an article must be an http(s) URL: not a url\n'],
      [['settings', '--mode', 'sometimes'], 'digest: --mode must be auto or review\n'],
    ];
    for (const [args, stderr] of cases) {
      const run = await sources(...args);
      expect(run.stderr, args.join(' ')).toBe(stderr);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.code, args.join(' ')).toBe(1);
    }
    const unknown = await runCli(['sources', 'list', '--list', 'nosuch', '--data-dir', dataDir], {
      env: ENV,
    });
    expect(unknown.stderr).toMatch(/^digest: no list "nosuch"; lists: .*harbour/);
    expect(unknown.stdout).toBe('');
    expect(unknown.code).toBe(1);
  });
});
