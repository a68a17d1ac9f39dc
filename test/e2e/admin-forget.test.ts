// Right to erasure from the console: "Forget this person" must erase what `digest subscribers forget` erases,
// the delivery ledger's records of the address (every issue it was sent) included; otherwise the person's
// history (and their address in the ledger) outlives the forget. Forget keeps the editor on the list and search they
// came from; Stats opens on a list that has issues, and says why an issue written to the outbox reads "delivered 0".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { consoleClient, csrfOf } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';

const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' };
const READER = 'reader@example.org';
// An article of this test's own: a story the list has not been sent before.
const LOCK_GATES = [
  'New lock gates fitted on the river canal',
  '',
  'Engineers fitted two new oak lock gates at the canal basin on Tuesday, ending a six-week closure of the waterway.',
  '"The old gates had leaked since the winter floods," said canal warden Petra Lindqvist, who oversaw the lift.',
  'Narrowboats may pass the lock again from Friday morning, and the towpath reopens at the same time.',
  'The work cost the trust less than it had set aside, because the crane could reach from the road.',
].join('\n');
let dataDir: string;
let dev: DevServer;
let key: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-admin-forget-'));
  key = (await runCli(['keys', '--data-dir', dataDir], { env: ENV })).stdout.trim();
  dev = await startDevServer(dataDir, ENV);
}, 120_000);
afterAll(async () => {
  await dev?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the console forgets a person', { timeout: 180_000 }, () => {
  it('erases the delivery records of the address too, as digest subscribers forget does', async () => {
    const env = { ...ENV, DIGEST_DATA_DIR: dataDir };
    expect((await runCli(['subscribers', 'add', READER, '--confirmed'], { env })).code).toBe(0);
    const sent = await runCli(
      ['send', join(REPO_ROOT, 'functions/cli/samples/harbour-ferry.txt'), '--json'],
      { env, timeoutMs: 120_000 },
    );
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout.trim().split('\n').pop()!)).toMatchObject({ sent: 1 });

    const client = consoleClient(dev.url);
    const { cookie } = await client.signIn(key);
    const history = `/admin/subscriber?list=default&email=${encodeURIComponent(READER)}`;
    expect(await (await client.get(history, cookie!)).text()).toMatch(/issue “[^”]+”: sent/);

    const confirm = await client.get(
      `/admin/subscribers/forget?email=${encodeURIComponent(READER)}`,
      cookie!,
    );
    const forgot = await client.post(
      '/admin/subscribers/forget',
      { _csrf: csrfOf(await confirm.text()), email: READER },
      cookie!,
    );
    expect(forgot.status).toBe(200);
    expect(await forgot.text()).toContain('Forgotten: 1 record removed');

    const after = await (await client.get(history, cookie!)).text();
    expect(after).not.toMatch(/issue “/);
    expect(after).toContain('Nothing is known about this address on this list.');
  });

  it('keeps the editor on the list and search they were on, and Stats opens on a list that has issues', async () => {
    const env = { ...ENV, DIGEST_DATA_DIR: dataDir };
    const other = 'quay-watcher@example.org';
    expect((await runCli(['subscribers', 'add', other, '--confirmed'], { env })).code).toBe(0);
    const client = consoleClient(dev.url);
    const { cookie } = await client.signIn(key);
    const csrf = csrfOf(await (await client.get('/admin/lists', cookie!)).text());
    // A list sorted before "default", on which nothing was sent: the first list of every list menu.
    const created = await client.post(
      '/admin/lists',
      { _csrf: csrf, id: 'aardvark-notes', title: 'Aardvark notes', timeZone: 'UTC' },
      cookie!,
    );
    expect(created.status).toBe(303);

    const searched = await (await client.get('/admin/subscribers?list=default&q=quay', cookie!)).text();
    const link = /href="(\/admin\/subscribers\/forget\?[^"]+)"/.exec(searched)?.[1]?.replaceAll('&amp;', '&');
    expect(link).toBe(`/admin/subscribers/forget?list=default&q=quay&email=${encodeURIComponent(other)}`);
    const confirm = await (await client.get(link!, cookie!)).text();
    expect(confirm).toContain('<a href="/admin/subscribers?list=default&amp;q=quay">Cancel</a>');
    const action = /<form method="post" action="([^"]+)"/.exec(confirm)?.[1]?.replaceAll('&amp;', '&');
    expect(action).toBe('/admin/subscribers/forget?list=default&q=quay');
    const forgot = await client.post(action!, { _csrf: csrfOf(confirm), email: other }, cookie!);
    expect(forgot.status).toBe(200);
    const answer = await forgot.text();
    expect(answer).toContain('Forgotten: 1 record removed');
    // Still on the list "default" and its search, not on the first list.
    expect(answer).toContain('<option value="default" selected>');
    expect(answer).toMatch(/id="s-q" name="q" type="search" value="quay"/);
    // The history page's Forget keeps its list too.
    const history = await (
      await client.get(`/admin/subscriber?list=default&email=${encodeURIComponent(other)}`, cookie!)
    ).text();
    expect(history).toContain(
      `/admin/subscribers/forget?list=default&amp;email=${encodeURIComponent(other)}`,
    );

    // Only "default" has an issue: Stats opens on it, not on the first list.
    const stats = await (await client.get('/admin/stats', cookie!)).text();
    expect(stats).toContain('<option value="default" selected>');
    expect(stats).not.toContain('No issue of this list was sent yet.');
    expect(stats).toContain('id="side-by-side"');
    // Its chart names one issue as one (a screen reader reads the label): not "the last 1 issues".
    expect(stats).toContain('aria-label="Open and click rates of the last issue: 1: opens');
    // Asked for, the list without issues is shown as it is.
    const empty = await (await client.get('/admin/stats?list=aardvark-notes', cookie!)).text();
    expect(empty).toContain('No issue of this list was sent yet.');
  });

  it('says why a local issue reads "delivered 0": the outbox gets no delivery reports', async () => {
    const env = { ...ENV, DIGEST_DATA_DIR: dataDir };
    expect(
      (await runCli(['subscribers', 'add', 'lock-keeper@example.org', '--confirmed'], { env })).code,
    ).toBe(0);
    const article = join(dataDir, 'lock-gates.txt');
    writeFileSync(article, LOCK_GATES);
    const sent = await runCli(['send', article, '--json'], { env, timeoutMs: 120_000 });
    expect(sent.code, sent.stderr).toBe(0);
    const { issueId: id } = JSON.parse(sent.stdout.trim().split('\n').pop()!) as { issueId: string };
    const client = consoleClient(dev.url);
    const { cookie } = await client.signIn(key);
    const side = await (await client.get('/admin/stats?list=default', cookie!)).text();
    expect(side).toContain(`/admin/stats/${id}`);
    const page = await (await client.get(`/admin/stats/${id}`, cookie!)).text();
    expect(page).toMatch(/<th scope="row">sent<\/th><td class="num">1<\/td>/);
    expect(page).toMatch(/<th scope="row">delivered<\/th><td class="num">0<\/td>/);
    const note =
      'Delivered, bounced and complained count what the mail service reports (SES events). This console writes mail to the local outbox, which gets no such reports';
    expect(page).toContain(note);
    expect(side).toContain(note);
  });
});
