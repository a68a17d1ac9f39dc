/**
 * A named list, black box: the built CLI and `digest dev` on a fresh data dir, as an editor runs them. The list's
 * title is everywhere a reader sees it (From header, masthead, footer, confirmation page, archive page, feed), its
 * logo and accent are in the mail, `/` of `digest dev` links its pages, a misspelt list fails naming the lists that
 * exist, a `--test-to` copy stays out of the archive and the feed, and a feed item dated before the last issue but
 * never sent goes out in the next briefing.
 *
 * Covered black box elsewhere: a briefing whose only feed is unreachable (briefing-cli.test.ts: exit 3, the source
 * named) and `keys --name` leaving the existing keys working (keys-cli.test.ts, next to a running `digest dev`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';
import { addresses, type ParsedMail, parseMail } from '../support/mail.js';
import { outboxFiles } from '../support/outbox.js';

const LIST = 'harbour-brief';
const TITLE = 'The Harbour Brief';
const ACCENT = '#0a5c7a';
const ARTICLE = join(REPO_ROOT, 'test/fixtures/articles/ferry-timetable.txt');
const TEST_ARTICLE = join(REPO_ROOT, 'test/fixtures/articles/no-quotes.txt');
// DIGEST_ALLOW_LOOPBACK is test-only: the feeds and their pages are served on 127.0.0.1.
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '', DIGEST_ALLOW_LOOPBACK: '1' };
const HOUR = 3_600_000;

let dataDir: string;
let dev: DevServer;
let feeds: FeedServer;

const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir], { env: ENV, timeoutMs: 120_000 });

const outboxNames = () => outboxFiles(dataDir);

/** The newest message in the outbox to `to`, parsed as a mail client would. */
async function lastMailTo(to: string): Promise<ParsedMail> {
  for (const name of outboxNames().reverse()) {
    const mail = await parseMail(readFileSync(join(dataDir, 'outbox', name)));
    if (addresses(mail.to).some((a) => a.toLowerCase() === to.toLowerCase())) return mail;
  }
  throw new Error(`no mail to ${to} in the outbox`);
}

/** Waits for one more message in the outbox: `/subscribe` answers before its confirmation mail goes out. */
async function nextMail(before: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (outboxNames().length <= before) {
    if (Date.now() > deadline) throw new Error('no new mail in the outbox within 15 s');
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

async function get(path: string): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(`${dev.url}${path}`);
  return { status: res.status, body: await res.text(), headers: res.headers };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-named-list-'));
  feeds = await startFeedServer();
  // Before the list exists, so that this data dir's mail links to the dev server (a loopback logo is allowed).
  dev = await startDevServer(dataDir, ENV);
}, 120_000);

afterAll(async () => {
  await dev?.stop();
  await feeds?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a named list through digest dev and the CLI', { timeout: 180_000 }, () => {
  it('is created with its title, description, logo and accent, and `/` links its pages', async () => {
    const created = await cli(
      'lists',
      'create',
      LIST,
      '--title',
      TITLE,
      '--description',
      'Tides, trade and the town council, every morning',
      '--logo-url',
      `${feeds.origin}/logo.png`,
      '--accent-color',
      ACCENT,
    );
    expect(created.stderr).toBe(`created list "${LIST}" (${TITLE})\n`);
    expect(created.code).toBe(0);

    const home = await get('/');
    expect(home.status).toBe(200);
    const { document } = parseHTML(home.body);
    const hrefs = [...document.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(
      expect.arrayContaining([
        `/lists/${LIST}/subscribe`,
        `/lists/${LIST}/archive`,
        `/lists/${LIST}/feed.xml`,
        '/lists/default/subscribe',
        '/lists/default/archive',
      ]),
    );
    expect(home.body).toContain(TITLE);
  });

  it('subscribing from its hosted page: the confirmation mail and page carry the title', async () => {
    const page = await get(`/lists/${LIST}/subscribe`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(TITLE);
    // Fill in the page's own form as a browser would: its action, its hidden fields, the address.
    const form = parseHTML(page.body).document.querySelector('form');
    expect(form).not.toBeNull();
    const fields = new URLSearchParams();
    for (const input of form!.querySelectorAll('input')) {
      const name = input.getAttribute('name');
      const type = input.getAttribute('type');
      if (!name || ((type === 'checkbox' || type === 'radio') && !input.hasAttribute('checked'))) continue;
      fields.append(name, name === 'email' ? 'reader@example.org' : (input.getAttribute('value') ?? 'on'));
    }
    expect(fields.get('list')).toBe(LIST);
    const before = outboxNames().length;
    const subscribed = await fetch(new URL(form!.getAttribute('action') ?? '', `${dev.url}/`), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
    expect(subscribed.status).toBe(202);
    await nextMail(before);

    const confirmation = await lastMailTo('reader@example.org');
    expect(confirmation.from).toMatchObject({ name: TITLE });
    expect(confirmation.subject).toBe(`Confirm your subscription to ${TITLE}`);
    const link = (confirmation.text ?? '').match(/http:\/\/127\.0\.0\.1:\d+\/confirm\?token=[\w.%-]+/)?.[0];
    expect(link).toBeDefined();
    // The link shows a page naming the list (a mail scanner's prefetch confirms nothing); its button confirms.
    const ask = await fetch(link!);
    expect(ask.status).toBe(200);
    const askPage = await ask.text();
    expect(askPage).toContain(`Send <strong>${TITLE}</strong> to reader@example.org?`);
    const action = parseHTML(askPage).document.querySelector('form')?.getAttribute('action');
    const confirmed = await fetch(new URL(action ?? '', `${dev.url}/`), { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain(`reader@example.org will receive <strong>${TITLE}</strong>`);
  });

  it('a misspelt list fails with a non-zero exit naming the lists that exist; the public routes answer a 404 page that links their archives', async () => {
    const send = await cli('send', ARTICLE, '--list', 'harbour-breif');
    expect(send.code).not.toBe(0);
    expect(send.stderr).toMatch(/^digest: no list "harbour-breif"; lists: default, harbour-brief\b/);
    expect(send.stderr.trim().split('\n')).toHaveLength(1);
    expect(outboxNames().some((n) => n.includes('breif'))).toBe(false);

    // An anonymous visitor is told the lists (their ids are public), not the command that creates one.
    const subscribe = await fetch(`${dev.url}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'typo@example.org', list: 'harbour-breif' }),
    });
    expect(subscribe.status).toBe(404);
    expect(await subscribe.json()).toEqual({
      error: 'no list "harbour-breif"; lists: default, harbour-brief',
    });
    // A reader is told the list does not exist, and led to the archives of those that do (not "go back").
    for (const path of ['archive', 'feed.xml', 'subscribe']) {
      const page = await get(`/lists/harbour-breif/${path}`);
      expect(page.status, path).toBe(404);
      expect(page.body, path).toContain('There is no list &quot;harbour-breif&quot; here.');
      expect(page.body, path).toContain(`<a href="${dev.url}/lists/harbour-brief/archive">harbour-brief</a>`);
      expect(page.body, path).toContain(`<a href="${dev.url}/lists/default/archive">default</a>`);
      expect(page.body, path).not.toContain('Go back');
      expect(page.body, path).not.toContain('lists create');
    }

    // An authenticated caller (a key of the key set) is told the lists, as the CLI is.
    const key = (await cli('keys')).stdout.trim();
    const queued = await fetch(`${dev.url}/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ list: 'harbour-breif', urls: ['https://news.example.org/a.html'] }),
    });
    expect(queued.status).toBe(404);
    expect((await queued.json()) as { error: string }).toEqual({
      error: 'no list "harbour-breif"; lists: default, harbour-brief (create one with `digest lists create`)',
    });
  });

  it('an issue shows the title in From, masthead and footer, with the logo and accent; archive and feed list it', async () => {
    const sent = await cli('send', ARTICLE, '--list', LIST, '--json');
    expect(sent.code, sent.stderr).toBe(0);
    const { issueId, sent: count } = JSON.parse(sent.stdout.trim()) as { issueId: string; sent: number };
    expect(count).toBe(1);

    const mail = await lastMailTo('reader@example.org');
    expect(mail.from).toMatchObject({ name: TITLE });
    const { document } = parseHTML(mail.html ?? '');
    expect(document.querySelector('h1')?.textContent?.trim()).toBe(TITLE);
    const logo = document.querySelector('img');
    expect(logo?.getAttribute('src')).toBe(`${feeds.origin}/logo.png`);
    expect(logo?.getAttribute('alt')).toBe(TITLE);
    expect(mail.html).toContain(`color:${ACCENT}`);
    expect(mail.html).toContain(`You are receiving ${TITLE} because you subscribed to it.`);
    expect(mail.text).toContain(TITLE);

    const archive = await get(`/lists/${LIST}/archive`);
    expect(archive.status).toBe(200);
    expect(archive.body).toContain(`<h1>${TITLE}</h1>`);
    expect(archive.body).toContain(`/issues/${issueId}`);
    const feed = await get(`/lists/${LIST}/feed.xml`);
    expect(feed.status).toBe(200);
    expect(feed.body).toContain(`<channel><title>${TITLE}</title>`);
    expect(feed.body).toContain(`/issues/${issueId}`);

    // `/` now previews this issue as its list shows it, the logo's origin allowed in the preview frames.
    const home = await get('/');
    expect(home.body).toContain(TITLE);
    expect(home.headers.get('content-security-policy')).toContain(`img-src data: ${feeds.origin};`);
  });

  it('a --test-to copy is absent from the archive and the feed', async () => {
    const test = await cli('send', TEST_ARTICLE, '--list', LIST, '--test-to', 'editor@example.org', '--json');
    expect(test.code, test.stderr).toBe(0);
    const { issueId } = JSON.parse(test.stdout.trim()) as { issueId: string };
    const copy = await lastMailTo('editor@example.org');
    expect(copy.subject).toMatch(/^\[Test\] /);
    const archive = await get(`/lists/${LIST}/archive`);
    const feed = await get(`/lists/${LIST}/feed.xml`);
    for (const body of [archive.body, feed.body]) {
      expect(body).not.toContain(issueId);
      expect(body).not.toContain('Regional rail timetable');
    }
    expect((await get(`/issues/${issueId}`)).status).toBe(404);
  });

  it('a feed item never sent, dated 3 hours before the last issue, goes out in the next briefing', async () => {
    const item = (page: string, title: string, at: Date) =>
      `<item><title>${title}</title><link>{{BASE}}/articles/${page}</link><guid>${page}</guid><pubDate>${at.toUTCString()}</pubDate></item>`;
    const rss = (...items: string[]) => ({
      type: 'application/rss+xml',
      body: `<rss version="2.0"><channel><title>Lindqvist Courier</title><link>{{BASE}}/</link>${items.join('')}</channel></rss>`,
    });
    const hourAgo = new Date(Date.now() - HOUR);
    const first = item('harbour-reopens.html', 'Harbour reopens', hourAgo);
    feeds.set('/feeds/courier-live.rss', rss(first));
    expect((await cli('sources', 'add', feeds.feed('courier-live.rss'), '--list', LIST)).code).toBe(0);

    const one = await cli('briefing', '--list', LIST, '--json');
    expect(one.code, one.stderr).toBe(0);
    const sentOne = JSON.parse(one.stdout.trim()) as { kind: string; issueId: string };
    expect(sentOne.kind).toBe('sent');
    const lastIssueAt = Date.now();

    // The publisher adds a story it dated three hours before that issue went out.
    const late = item('tram-line.html', 'Tram line', new Date(lastIssueAt - 3 * HOUR));
    feeds.set('/feeds/courier-live.rss', rss(first, late));
    const two = await cli('briefing', '--list', LIST, '--json');
    expect(two.code, two.stderr).toBe(0);
    const sentTwo = JSON.parse(two.stdout.trim()) as { kind: string; issueId: string; sent: number };
    expect(sentTwo).toMatchObject({ kind: 'sent', sent: 1 });
    const web = await get(`/issues/${sentTwo.issueId}`);
    expect(web.status).toBe(200);
    expect(web.body).toContain('New tram line to the campus carries first passengers');
    expect(web.body).not.toContain('Northern harbour reopens');
    const mail = await lastMailTo('reader@example.org');
    expect(mail.html).toContain('New tram line to the campus carries first passengers');
  });
});
