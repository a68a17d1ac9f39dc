// Briefing and forwarding as an editor drives them: the built `digest` (keys, briefing, forward)
// and `digest dev` over real HTTP, feeds served on loopback, the .eml files in the outbox.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';
import { header, parseMail } from '../support/mail.js';
import { outboxFiles } from '../support/outbox.js';

let dataDir: string;
let dev: DevServer;
let feeds: FeedServer;
let key: string;
// DIGEST_ALLOW_LOOPBACK is test-only: the feeds and article pages are served on 127.0.0.1.
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '', DIGEST_ALLOW_LOOPBACK: '1' };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-forward-'));
  feeds = await startFeedServer();
  dev = await startDevServer(dataDir, ENV);
  const keys = await runCli(['keys', '--data-dir', dataDir], { env: ENV });
  expect(keys.code).toBe(0);
  key = keys.stdout.trim();
});
afterAll(async () => {
  await dev?.stop();
  await feeds?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const outbox = () => outboxFiles(dataDir);

const post = (path: string, body: unknown, auth?: string) =>
  fetch(`${dev.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: JSON.stringify(body),
  });

// Each step runs the built CLI (a fresh process with dynalite) and the machine may be busy.
describe('digest briefing + forward through digest dev', { timeout: 120_000 }, () => {
  let issueId = '';

  it('keys: the same key again, on stdout only', async () => {
    expect(key).toMatch(/^dgk_[A-Za-z0-9_-]{20,}$/);
    const again = await runCli(['keys', '--data-dir', dataDir], { env: ENV });
    expect(again.stdout.trim()).toBe(key);
    expect(again.stderr).toBe('');
  });

  it('POST /articles needs the bearer key, then queues', async () => {
    const urls = [
      `${feeds.origin}/articles/market-centenary.html`,
      `${feeds.origin}/articles/tram-line.html`,
    ];
    expect((await post('/articles', { urls })).status).toBe(401);
    expect((await post('/articles', { urls }, 'Bearer dgk_wrongwrongwrongwrongwrongwrong')).status).toBe(403);
    expect((await post('/articles', { urls: ['ftp://x'] }, `Bearer ${key}`)).status).toBe(400);
    // a user name and password would be printed in every mail and the archive: refused, nothing queued
    const credentials = await post(
      '/articles',
      {
        urls: [
          urls[0],
          `${feeds.origin.replace('http://', 'http://editor:s3cret@')}/articles/tram-line.html`,
        ],
      },
      `Bearer ${key}`,
    );
    expect(credentials.status).toBe(400);
    expect(await credentials.json()).toEqual({
      error: `credentials in a URL are not accepted (a user name or password before the host): ${feeds.origin.replace('http://', 'http://***@')}/articles/tram-line.html`,
    });
    const ok = await post('/articles', { urls }, `Bearer ${key}`);
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ list: 'default', queued: 2, alreadyQueued: 0 });
  });

  it('digest briefing sends once; again with nothing new it sends nothing and says so', async () => {
    const add = await runCli(
      ['subscribers', 'add', 'reader@example.org', '--confirmed', '--data-dir', dataDir],
      { env: ENV },
    );
    expect(add.code).toBe(0);
    const before = outbox().length;
    // courier.rss is dated March 2026 (older than a first issue's week, unless the clock says otherwise);
    // no-dates.rss has no dates at all, so its items are new until sent.
    const first = await runCli(
      [
        'briefing',
        '--data-dir',
        dataDir,
        '--feed',
        feeds.feed('courier.rss'),
        '--feed',
        feeds.feed('no-dates.rss'),
        '--feed',
        feeds.feed('malformed.rss'),
      ],
      {
        env: ENV,
      },
    );
    // The malformed feed makes the exit 3 (a source failed); what the others gave is still sent.
    expect(first.code).toBe(3);
    expect(first.stderr).toMatch(/source failed: .*malformed\.rss: FeedParseError/);
    const sent = /^sent issue (\S+) ".+": 1 sent, 0 skipped, 0 failed, 0 unknown$/m.exec(first.stdout);
    expect(sent, first.stdout + first.stderr).not.toBeNull();
    issueId = sent![1]!;
    expect(first.stderr).toContain(`issue: ${issueId}`);
    expect(outbox().length).toBe(before + 1);

    const issue = (await (await fetch(`${dev.url}/issues/${issueId}.json`)).json()) as {
      stories: { url: string }[];
    };
    const urls = issue.stories.map((s) => s.url);
    expect(urls).toContain(`${feeds.origin}/articles/tram-line.html`); // from the undated feed
    expect(urls).toContain(`${feeds.origin}/articles/market-centenary.html`); // queued through the API
    const second = await runCli(
      [
        'briefing',
        '--data-dir',
        dataDir,
        '--feed',
        feeds.feed('courier.rss'),
        '--feed',
        feeds.feed('no-dates.rss'),
      ],
      { env: ENV },
    );
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^nothing new for default: .*nothing sent$/m);
    expect(outbox().length).toBe(before + 1);
  });

  it('the issue is on the web and in the archive feed', async () => {
    const page = await fetch(`${dev.url}/issues/${issueId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/token=/);
    const feed = await (await fetch(`${dev.url}/lists/default/feed.xml`)).text();
    expect(feed).toContain(`${dev.url}/issues/${issueId}`);
  });

  it('POST /issues/<id>/forward: key required, validated, and the mail carries no personal token', async () => {
    const path = `/issues/${issueId}/forward`;
    const body = {
      to: ['boss@example.org', 'Board@Example.org'],
      note: 'Worth a read <b>before</b> Monday & the board',
    };
    expect((await post(path, body)).status).toBe(401);
    expect((await post(path, body, 'Bearer dgk_wrongwrongwrongwrongwrongwrong')).status).toBe(403);
    expect((await post(path, { to: ['not an address'] }, `Bearer ${key}`)).status).toBe(400);
    const eleven = Array.from({ length: 11 }, (_, i) => `p${i}@example.org`);
    expect((await post(path, { to: eleven }, `Bearer ${key}`)).status).toBe(400);
    expect(
      (await post(path, { to: ['a@example.org'], note: 'x'.repeat(1001) }, `Bearer ${key}`)).status,
    ).toBe(400);
    expect((await post('/issues/nope-123/forward', body, `Bearer ${key}`)).status).toBe(404);

    const before = outbox();
    const res = await post(path, body, `Bearer ${key}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ issueId, sent: 2 });
    const added = outbox().filter((n) => !before.includes(n));
    expect(added).toHaveLength(2);
    for (const name of added) {
      const raw = readFileSync(join(dataDir, 'outbox', name), 'utf8');
      const mail = await parseMail(raw);
      expect(mail.subject).toMatch(/^Fwd: /);
      expect(header(mail, 'list-unsubscribe')).toBeUndefined();
      expect(raw).not.toMatch(/unsubscribe\?token=|preferences\?token=|%%\{/);
      const text = mail.text ?? '';
      const html = String(mail.html);
      expect(text).toContain('Worth a read <b>before</b> Monday & the board');
      expect(html).toContain('Worth a read &lt;b&gt;before&lt;/b&gt; Monday &amp; the board');
      expect(html).not.toContain('<b>before</b>');
      expect(text).toMatch(/local editor forwarded this issue/i); // the "forwarded by" line
      expect(text).toContain(`${dev.url}/lists/default/subscribe`);
      // the note comes before the issue
      expect(text.indexOf('Worth a read')).toBeLessThan(
        text.indexOf('Northern harbour') === -1 ? Infinity : text.indexOf('Northern harbour'),
      );
    }
  });

  it('digest forward works from the CLI, and the hourly cap applies across both', async () => {
    const cli = await runCli(
      // a note's own line breaks and tabs are taken as typed
      [
        'forward',
        issueId,
        '--to',
        'x@example.org,y@example.org',
        '--note',
        'FYI:\r\n\tthe second story is ours',
        '--data-dir',
        dataDir,
      ],
      {
        env: ENV,
      },
    );
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(`forwarded ${issueId} to 2 recipients\n`);
    // 4 used so far; 50 an hour: four calls of ten fit (44), the next ten do not, nor do 7 more.
    const ten = Array.from({ length: 10 }, (_, i) => `s${i}@example.org`);
    for (let i = 0; i < 4; i++)
      expect((await post(`/issues/${issueId}/forward`, { to: ten }, `Bearer ${key}`)).status).toBe(200);
    const over = await post(`/issues/${issueId}/forward`, { to: ten }, `Bearer ${key}`);
    expect(over.status).toBe(429);
    const seven = Array.from({ length: 7 }, (_, i) => `t${i}@example.org`).join(',');
    const refused = await runCli(['forward', issueId, '--to', seven, '--data-dir', dataDir], { env: ENV });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^digest: forward limit reached/);
  });

  it('a forward to suppressed addresses only is refused (CLI exit 1, API 422); one to some names the others', async () => {
    const file = join(dataDir, 'complained.csv');
    writeFileSync(file, 'email,status\nangry@example.org,complained\n');
    const imported = await runCli(['subscribers', 'import', file, '--data-dir', dataDir, '--no-progress'], {
      env: ENV,
    });
    expect(imported.code, imported.stderr).toBe(0);
    const suppressed = 'suppressed (bounced, complained or suppressed by hand)';
    const before = outbox().length;

    const nobody = await runCli(['forward', issueId, '--to', 'angry@example.org', '--data-dir', dataDir], {
      env: ENV,
    });
    expect(nobody.stderr).toBe(`digest: not sent to angry@example.org: ${suppressed}\n`);
    expect(nobody.stdout).toBe('');
    expect(nobody.code).toBe(1);
    const api = await post(`/issues/${issueId}/forward`, { to: ['Angry@example.org'] }, `Bearer ${key}`);
    expect(api.status).toBe(422);
    expect(await api.json()).toEqual({
      error: `not forwarded to anyone: the address is ${suppressed}: Angry@example.org`,
      issueId,
      sent: 0,
      suppressed: ['Angry@example.org'],
    });
    expect(outbox().length).toBe(before);

    // Some sent, some refused: the forward line on stdout, the refused one on stderr, exit 1 all the same.
    const some = await runCli(
      ['forward', issueId, '--to', 'angry@example.org,chair@example.org', '--data-dir', dataDir],
      { env: ENV },
    );
    expect(some.stdout).toBe(`forwarded ${issueId} to 1 recipient\n`);
    expect(some.stderr).toBe(`digest: not sent to angry@example.org: ${suppressed}\n`);
    expect(some.code).toBe(1);
    expect(outbox().length).toBe(before + 1);
  });

  it('a bad address is named; --from-name and --note are capped, control characters refused; each is a bad option (exit 2)', async () => {
    const before = outbox().length;
    const bad = await runCli(['forward', issueId, '--to', 'ok@example.org,bad', '--data-dir', dataDir], {
      env: ENV,
    });
    expect(bad.stderr).toBe(
      'digest: invalid address in --to: "bad": the address must contain exactly one @\n',
    );
    // a bad option: exit 2, as a bad --from-name or --note
    expect(bad.code).toBe(2);
    const api = await post(`/issues/${issueId}/forward`, { to: ['ok@example.org', 'bad'] }, `Bearer ${key}`);
    expect(api.status).toBe(400);
    expect(((await api.json()) as { error: string }).error).toContain('"bad"');

    const long = await runCli(
      ['forward', issueId, '--to', 'ok@example.org', '--from-name', 'x'.repeat(3000), '--data-dir', dataDir],
      { env: ENV },
    );
    expect(long.stderr).toBe(
      'digest: --from-name is 3000 characters long; a display name takes at most 100\n',
    );
    expect(long.stdout).toBe('');
    expect(long.code).toBe(2);
    const note = await runCli(
      [
        'forward',
        issueId,
        '--to',
        'ok@example.org',
        '--note',
        ` ${'n'.repeat(1001)} `,
        '--data-dir',
        dataDir,
      ],
      { env: ENV },
    );
    expect(note.stderr).toBe('digest: --note is 1001 characters long; a note takes at most 1000\n');
    expect(note.code).toBe(2);
    // a line break in the name is refused, as lists create --from-name refuses it: never flattened into a space
    for (const [name, kind] of [
      ['Harbour\ndesk', 'a line break'],
      ['Harbour\r\nBcc: x@example.org', 'a line break'],
      ['Harbour\tdesk', 'a tab'],
    ]) {
      const broken = await runCli(
        ['forward', issueId, '--to', 'ok@example.org', '--from-name', name!, '--data-dir', dataDir],
        { env: ENV },
      );
      expect(broken.stderr).toBe(
        `digest: --from-name has ${kind} in it: the "forwarded by" name is one line of the mail, sent as typed; give it without line breaks, tabs or control characters\n`,
      );
      expect(broken.stdout).toBe('');
      expect(broken.code).toBe(2);
    }
    // the note may span lines, but an escape sequence, a bell or a backspace would reach the reader garbled
    for (const [text, code] of [
      ['\u001b[31mUrgent\u001b[0m', '001B'],
      ['Read this\u0007', '0007'],
      ['Fine\nthen\bnot', '0008'],
      ['A\u2028B', '2028'],
    ]) {
      const refused = await runCli(
        ['forward', issueId, '--to', 'ok@example.org', '--note', text!, '--data-dir', dataDir],
        { env: ENV },
      );
      expect(refused.stderr).toBe(
        `digest: --note has a control character (U+${code}) in it: the note goes into the mail as typed; give it without control characters (ordinary line breaks and tabs are fine)\n`,
      );
      expect(refused.stdout).toBe('');
      expect(refused.code).toBe(2);
    }
    expect(outbox().length).toBe(before);
  });
});
