// `digest briefing` reads a page as `digest summarize URL` does: a page of binary data served as text/html (a queued
// article, or a feed item's link) is an item that could not be read, named on stderr and in --json, and the rest is
// sent. The subject of an issue whose lead story has no title is the list's title, what readers know it by.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { seededRandom } from '../support/fault-proxy.js';
import { parseMail } from '../support/mail.js';
import { outboxFiles } from '../support/outbox.js';

// 3,000 bytes of noise (seeded, so every run serves the same), as `head -c 3000 /dev/urandom` would give.
const random = seededRandom(2026);
const BINARY = Buffer.from(Array.from({ length: 3000 }, () => Math.floor(random() * 256)));

// Our own fictional articles: one plain-text statement without a headline, one web page with its title.
const UNTITLED = `The ferry between Port Ellery and Skarholm will run every hour from Monday, the harbour board said on Tuesday.

"Half the people who work on the island have been waiting for the early boat for years," said Ines Calder, the chair of the harbour board. The first crossing will leave at six in the morning.

The board said a second vessel would join the route in the spring, once its crew had finished training.
`;
const PAGE = `<!doctype html><html lang="en"><head><title>Library reopens after the flood</title></head><body>
<article>
<h1>Library reopens after the flood</h1>
<p>The town library of Port Ellery reopened on Saturday, four months after the October surge flooded its ground floor and ruined some eight thousand books.</p>
<p>"We saved the archive because the volunteers carried it upstairs in the night," said Nora Vance, the librarian, as the first readers came in.</p>
<p>The children's room has moved to the first floor for good, and the council has paid for new shelves, carpets and a pump for the cellar.</p>
</article>
</body></html>`;

let server: Server;
let origin: string;
let dataDir: string;
// DIGEST_ALLOW_LOOPBACK is test-only: the pages and the feed are served on 127.0.0.1.
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '', DIGEST_ALLOW_LOOPBACK: '1' };
const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir], { env: ENV, timeoutMs: 120_000 });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-briefing-unreadable-'));
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (path === '/bin.html') return send('text/html', BINARY);
    if (path === '/statements/ferry.txt') return send('text/plain; charset=utf-8', UNTITLED);
    if (path === '/articles/library.html') return send('text/html; charset=utf-8', PAGE);
    if (path === '/feed.rss')
      return send(
        'application/rss+xml',
        `<rss version="2.0"><channel><title>Port Ellery News</title>` +
          `<item><title>Noise</title><link>${origin}/bin.html?from=feed</link></item>` +
          `<item><title>Library</title><link>${origin}/articles/library.html</link></item>` +
          `</channel></rss>`,
      );
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  rmSync(dataDir, { recursive: true, force: true });
});

/** A list titled `title` with one confirmed subscriber. */
async function listWithReader(id: string, title: string, reader: string): Promise<void> {
  const created = await cli('lists', 'create', id, '--title', title);
  expect(created.code, created.stderr).toBe(0);
  const added = await cli('subscribers', 'add', reader, '--confirmed', '--list', id);
  expect(added.code, added.stderr).toBe(0);
}

/** The mail in the outbox to `to`, parsed. */
async function mailsTo(to: string) {
  const mails = [];
  for (const name of outboxFiles(dataDir)) {
    const mail = await parseMail(readFileSync(join(dataDir, 'outbox', name)));
    if (mail.to?.some((a) => a.address === to)) mails.push(mail);
  }
  return mails;
}

describe('digest briefing and a page that is not an article', { timeout: 180_000 }, () => {
  it('summarize refuses the binary page (the check the briefing must share)', async () => {
    expect(BINARY.includes(0)).toBe(true);
    const run = await runCli(['summarize', `${origin}/bin.html`], { env: ENV });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`digest: ${origin}/bin.html returned binary data, not an article\n`);
  });

  it('a queued binary page is reported unreadable, the rest is sent, and the untitled lead takes the list title', async () => {
    await listWithReader('town2', 'T2', 'reader2@example.org');
    const bin = `${origin}/bin.html`;
    const statement = `${origin}/statements/ferry.txt`;
    const queued = await cli('sources', 'queue', bin, statement, '--list', 'town2');
    expect(queued.code, queued.stderr).toBe(0);

    const run = await cli('briefing', '--list', 'town2', '--json');
    expect(run.code, run.stderr).toBe(0);
    const reason = `${bin} returned binary data, not an article`;
    expect(run.stderr).toContain(`item skipped: ${bin}: ${reason}\n`);
    const line = JSON.parse(run.stdout.trim());
    expect(line).toMatchObject({
      kind: 'sent',
      subject: 'T2',
      sent: 1,
      failed: 0,
      read: { items: 2, unreadable: 1 },
      failedSources: 0,
    });
    expect(line.sources).toEqual([
      { url: 'queue', ok: true, items: 2, unreadable: [{ url: bin, error: reason }] },
    ]);

    const [mail, ...more] = await mailsTo('reader2@example.org');
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('T2');
    expect(mail!.text).toContain('The ferry between Port Ellery and Skarholm will run every hour');
    expect(mail!.html).not.toContain('bin.html');
    expect(mail!.text).not.toContain('\uFFFD');
  });

  it("an issue whose lead story has no title goes out under the list's title, not its id", async () => {
    await listWithReader('town4', 'Port Ellery Weekly', 'reader4@example.org');
    const queued = await cli('sources', 'queue', `${origin}/statements/ferry.txt?town4`, '--list', 'town4');
    expect(queued.code, queued.stderr).toBe(0);
    const run = await cli('briefing', '--list', 'town4', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({
      kind: 'sent',
      sent: 1,
      subject: 'Port Ellery Weekly',
    });
    const [mail] = await mailsTo('reader4@example.org');
    expect(mail!.subject).toBe('Port Ellery Weekly');
  });

  it("a feed item whose link is a binary page is reported unreadable, the feed's other item is sent", async () => {
    await listWithReader('town3', 'T3', 'reader3@example.org');
    const bin = `${origin}/bin.html?from=feed`;
    const run = await cli('briefing', '--list', 'town3', '--feed', `${origin}/feed.rss`, '--json');
    expect(run.code, run.stderr).toBe(0);
    const reason = `${bin} returned binary data, not an article`;
    expect(run.stderr).toContain(`item skipped: ${bin}: ${reason}\n`);
    const line = JSON.parse(run.stdout.trim());
    expect(line).toMatchObject({ kind: 'sent', sent: 1, read: { items: 2, unreadable: 1 } });
    expect(line.subject).toBe('Library reopens after the flood');
    expect(line.sources).toEqual([
      {
        url: `${origin}/feed.rss`,
        ok: true,
        items: 2,
        unreadable: [{ url: bin, title: 'Noise', error: reason }],
      },
    ]);
    const [mail, ...more] = await mailsTo('reader3@example.org');
    expect(more).toEqual([]);
    expect(mail!.text).toContain('The town library of Port Ellery reopened on Saturday');
    expect(mail!.html).not.toContain('bin.html');
  });
});
