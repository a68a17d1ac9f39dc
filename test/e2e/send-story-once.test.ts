// One story, one issue, for `digest send URL…` as for a briefing: an article an editor sent by hand is not mailed
// again by the list's next briefing when its feed offers it, and an article a briefing already sent is not sent
// again by hand. The built CLI on a fresh data dir, the articles and the feed on a loopback server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';
import { outboxFiles } from '../support/outbox.js';

// DIGEST_ALLOW_LOOPBACK is test-only: the pages and the feed are served on 127.0.0.1.
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '', DIGEST_ALLOW_LOOPBACK: '1' };
const LIST = 'quayside';

const page = (title: string, paragraphs: string[]) =>
  `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;

const FERRY = page('Island Ferry Keeps Three Crossings While Gearboxes Are Rebuilt', [
  'The island ferry operator said on Monday that it would run three crossings a day instead of five until two gearboxes come back from the shipyard.',
  '“We will not sail a boat we cannot trust,” said Marta Ilves, the chief engineer of the operator. “Both vessels wait on the same part, and only one yard makes it.”',
  'Parents on the outer islands said the cut falls hardest on the school run, and the island council asked for the first crossing to keep its time.',
  'The operator expects the parts within four weeks. Freight bookings will be honoured, but foot passengers are asked to book ahead.',
]);
const BAKERY = page('Quay Street Bakery Reopens as a Volunteer Kitchen', [
  'A bakery on Quay Street that closed two years ago reopened on Saturday as a community kitchen run by volunteers, with soup and bread for anyone who walks in.',
  '“People kept knocking on the door long after the ovens went cold,” said Lena Ottaway, who led the campaign to buy the building. “So we opened it again, differently.”',
  'The kitchen runs on a grant from the harbour trust and on donations, and it will open four days a week with evening cooking classes for teenagers.',
  'The trust said it would look at the grant again after six months.',
]);

let dataDir: string;
let feeds: FeedServer;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-send-once-'));
  feeds = await startFeedServer();
  feeds.set('/articles/ferry.html', { type: 'text/html; charset=utf-8', body: FERRY });
  feeds.set('/articles/bakery.html', { type: 'text/html; charset=utf-8', body: BAKERY });
  // The CLI runs on the real clock: the items are an hour old, inside the 7-day maximum age.
  const hourAgo = new Date(Date.now() - 3_600_000).toUTCString();
  const item = (path: string, title: string) =>
    `<item><title>${title}</title><link>{{BASE}}${path}</link><pubDate>${hourAgo}</pubDate></item>`;
  feeds.set('/feeds/quay.rss', {
    type: 'application/rss+xml',
    body: `<rss version="2.0"><channel><title>Quay</title>${item('/articles/ferry.html', 'Ferry')}${item('/articles/bakery.html', 'Bakery')}</channel></rss>`,
  });
  const add = await runCli(
    [
      'subscribers',
      'add',
      'reader@example.org',
      '--confirmed',
      '--create',
      '--list',
      LIST,
      '--data-dir',
      dataDir,
    ],
    { env: ENV },
  );
  expect(add.code).toBe(0);
});
afterAll(async () => {
  await feeds?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir], { env: ENV, timeoutMs: 120_000 });

/** The subjects of the mails in the outbox, in the order they were written. */
const subjects = () =>
  outboxFiles(dataDir).map((name) => {
    const mail = readFileSync(join(dataDir, 'outbox', name), 'utf8');
    return /^Subject: (.*)$/m.exec(mail)?.[1] ?? '';
  });

describe('digest send URL: a story goes out in one issue only', { timeout: 180_000 }, () => {
  let briefingIssue = '';

  it("an article sent by hand is left out of the list's next briefing, which sends only the other one", async () => {
    const sent = await cli('send', `${feeds.origin}/articles/ferry.html`, '--list', LIST, '--json');
    expect(sent.stderr).toMatch(/^issue: \S+$/m);
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout.trim())).toMatchObject({ sent: 1, failed: 0, unknown: 0 });

    const briefing = await cli('briefing', '--list', LIST, '--feed', feeds.feed('quay.rss'), '--json');
    expect(briefing.code).toBe(0);
    const outcome = JSON.parse(briefing.stdout.trim());
    expect(outcome).toMatchObject({ kind: 'sent', sent: 1, read: { alreadySent: 1 } });
    expect(outcome.subject).toMatch(/Bakery/);
    briefingIssue = outcome.issueId;
    expect(subjects().filter((s) => s.includes('Ferry'))).toHaveLength(1);
  });

  it('an article a briefing already sent is refused by hand, naming that issue; nothing is archived or sent', async () => {
    const before = outboxFiles(dataDir).length;
    const again = await cli('send', `${feeds.origin}/articles/bakery.html`, '--list', LIST, '--json');
    expect(again.stderr).toBe(
      `digest: not sent: the story "Quay Street Bakery Reopens as a Volunteer Kitchen" (${feeds.origin}/articles/bakery.html) ` +
        `already went out in issue ${briefingIssue}, and a story goes out in one issue only; send the others without it\n`,
    );
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(outboxFiles(dataDir)).toHaveLength(before);
    const table = await cli('stats', '--list', LIST);
    expect(table.stdout.match(/^\d{8}-\w+ /gm)).toHaveLength(2);
  });

  it('a test copy of the same article is still sent, and claims nothing', async () => {
    const copy = await cli(
      'send',
      `${feeds.origin}/articles/bakery.html`,
      '--list',
      LIST,
      '--test-to',
      'desk@example.org',
    );
    expect(copy.code).toBe(0);
    expect(subjects().at(-1)).toMatch(/^\[Test\] .*Bakery/);
  });
});
