// Two `digest briefing` runs of one list at the same time (a cron run overlapping one started by hand), as two
// processes on one data dir: a story goes out in one issue only. Both runs read the list's sources before either
// sends: each article page answers only once both runs have asked for it, so both compose the same stories.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { FEED_FIXTURES, type FeedServer, startFeedServer } from '../support/feed-server.js';
import { outboxFiles } from '../support/outbox.js';

let dataDir: string;
let feeds: FeedServer;
// DIGEST_ALLOW_LOOPBACK is test-only: the feeds and article pages are served on 127.0.0.1.
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '', DIGEST_ALLOW_LOOPBACK: '1' };
const LIST = 'race';
const READER = 'reader@example.org';

const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir], { env: ENV, timeoutMs: 90_000 });

function mailsTo(address: string): string[] {
  return outboxFiles(dataDir)
    .map((name) => readFileSync(join(dataDir, 'outbox', name), 'utf8'))
    .filter((mail) => new RegExp(`^To: ${address.replace('.', '\\.')}\\r?$`, 'm').test(mail));
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-briefing-race-'));
  feeds = await startFeedServer();
  // The CLI runs on the real clock: date the items an hour ago, inside the 7-day maximum age.
  const hourAgo = new Date(Date.now() - 3_600_000).toUTCString();
  const pages = { 'race-harbour.html': 'harbour-reopens.html', 'race-tram.html': 'tram-line.html' };
  const items = Object.keys(pages)
    .map(
      (page) =>
        `<item><title>${page}</title><link>{{BASE}}/articles/${page}</link><guid>${page}</guid><pubDate>${hourAgo}</pubDate></item>`,
    )
    .join('');
  feeds.set('/feeds/race.rss', {
    type: 'application/rss+xml',
    body: `<rss version="2.0"><channel><title>Race Desk</title>${items}</channel></rss>`,
  });
  for (const [page, fixture] of Object.entries(pages))
    feeds.set(`/articles/${page}`, {
      type: 'text/html',
      body: readFileSync(join(FEED_FIXTURES, 'articles', fixture), 'utf8'),
      barrier: 2,
    });
  expect((await cli('subscribers', 'add', READER, '--confirmed', '--create', '--list', LIST)).code).toBe(0);
  expect((await cli('sources', 'add', feeds.feed('race.rss'), '--list', LIST)).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await feeds?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('two briefings of one list at once', { timeout: 120_000 }, () => {
  it('send its stories in one issue: the other run sends nothing, says which issue carried them, and exits 0', async () => {
    const runs = await Promise.all([
      cli('briefing', '--list', LIST, '--json', '--progress', 'none'),
      cli('briefing', '--list', LIST, '--json', '--progress', 'none'),
    ]);
    // Both runs read the pages (the barrier let them through together): both composed the same two stories.
    expect(feeds.hits('/articles/race-harbour.html')).toBe(2);
    const lines = runs.map((r) => JSON.parse(r.stdout.trim()) as Record<string, unknown>);
    expect(lines.map((l) => l.kind).sort(), runs.map((r) => r.stderr).join('\n')).toEqual([
      'conflict',
      'sent',
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const sent = lines.find((l) => l.kind === 'sent')!;
    const other = lines.find((l) => l.kind === 'conflict')!;
    expect(other).toMatchObject({
      issueId: null,
      sent: 0,
      // the story's URL is its page's canonical one
      conflict: {
        issueId: sent.issueId,
        url: expect.stringMatching(/\/articles\/(harbour-reopens|tram-line)\.html$/),
      },
    });
    // Each reader gets one issue.
    expect(mailsTo(READER)).toHaveLength(1);

    // The stderr of the run that sent nothing names the story and the issue that carries it.
    const quiet = runs[lines.indexOf(other)]!;
    expect(quiet.stderr).not.toMatch(/^issue: /m);
    const text = await cli('briefing', '--list', LIST, '--progress', 'none');
    // Everything went out once: a later run finds nothing new.
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^nothing new for race: 2 items read: 2 already sent; nothing sent$/m);
    expect(mailsTo(READER)).toHaveLength(1);
  });
});
