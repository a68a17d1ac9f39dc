/**
 * An editor's send that partly fails, and the send form's guards, over HTTP against the built `digest dev` with
 * `DIGEST_TRANSPORT=ses`: aws-ses-v2-local behind the fault proxy, which pins a fault to three of five addresses
 * (SES rejects one with MessageRejected; resets the connection after the request went out for one, so SES has the
 * mail but the sender cannot know it; answers 503 to every attempt for one).
 *
 * - The progress page's final state and the issue's stats page warn, name those three recipients with their
 *   outcome and the reason the delivery ledger recorded, and offer Resume and Resend to unknown (POST, with the
 *   session's CSRF token); a visitor without a session sees none of it.
 * - Resume delivers as `digest send --issue ID` does: the recipient whose retries ran out gets it; the two who were
 *   sent it, the rejected one and the unknown one get nothing more. Resend to unknown then sends the unknown one
 *   again, as `--resend-unknown` does.
 * - Send now says how many confirmed subscribers of which list it goes to, and carries the issue's version: a draft
 *   changed since the page was loaded is not sent (409), and a list without a confirmed subscriber refuses the send
 *   (422) and keeps the draft, which goes out once the list has a reader.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTagValue } from '../../functions/adapters/ses-mailer.js';
import { importConfirmed, REPO_ROOT, runCli, type SesCli, startSesCli } from '../support/cli.js';
import { type ConsoleClient, consoleClient, csrfOf } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';

const SECRET = 'admin-undelivered-test-secret-0123456789';
const ARTICLE = readFileSync(join(REPO_ROOT, 'test/fixtures/articles/ferry-timetable.txt'), 'utf8');
const SENT = ['ok.one@example.net', 'ok.two@example.net'];
const REJECTED = 'rejected@example.net';
const LOST = 'lost@example.net';
const DOWN = 'down@example.net';

let cli: SesCli;
let env: NodeJS.ProcessEnv;
let dataDir: string;
let server: DevServer;
let client: ConsoleClient;
let cookie: string;
let csrf: string;

beforeAll(async () => {
  cli = await startSesCli('digest-admin-undelivered-', { maxSendRate: 1000 });
  dataDir = join(cli.dir, 'data');
  // Mail links to the running `digest dev` (http on loopback), so the console's cookie is the plain one.
  const { DIGEST_BASE_URL: _, ...sesEnv } = cli.env;
  env = { ...sesEnv, DIGEST_SECRET: SECRET };
  const key = (await runCli(['keys'], { env })).stdout.trim();
  const imported = await importConfirmed(cli.dir, [...SENT, REJECTED, LOST, DOWN], env);
  expect(imported.code, imported.stderr).toBe(0);
  server = await startDevServer(dataDir, env);
  client = consoleClient(() => server.url);
  cookie = (await client.signIn(key)).cookie ?? '';
  csrf = csrfOf(await (await client.get('/admin/issues/new', cookie)).text());
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await cli?.close();
});

/** Composes a draft of the fixture article for a list; returns the editor's path. */
async function compose(list = 'default', subject = ''): Promise<string> {
  const composed = await client.post('/admin/issues', { _csrf: csrf, list, subject, text: ARTICLE }, cookie);
  expect(composed.status, await composed.clone().text()).toBe(303);
  return composed.headers.get('location') as string;
}

/** The hidden fields of the page's form that posts to a path ending in `/action`. */
function formFields(page: string, action: string): Record<string, string> {
  const form = [...page.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].find((m) =>
    (m[1] as string).endsWith(`/${action}`),
  );
  expect(form, `a form posting to …/${action}`).toBeDefined();
  return Object.fromEntries(
    [...(form![2] as string).matchAll(/type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
      m[1],
      m[2],
    ]),
  );
}

/** Follows the progress page's JSON until the delivery has finished; returns its last state. */
async function finished(editor: string): Promise<{ text: string }> {
  for (let poll = 0; poll < 900; poll++) {
    const state = (await (
      await client.get(`${editor}/progress.json`, cookie, 'application/json')
    ).json()) as {
      finished: boolean;
      text: string;
    };
    if (state.finished) return state;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`${editor} did not finish`);
}

/** What SES accepted for an issue, by recipient. */
function acceptedFor(issueId: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of cli.ses.proxy.accepted) {
    if (decodeTagValue(mail.tags['digest-issue'] ?? '') !== issueId) continue;
    for (const to of mail.destinations) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

/** The rows of the table of recipients who did not get the issue: [address, outcome, reason]. */
function undeliveredRows(page: string): string[][] {
  const table = /<table id="undelivered-recipients">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
  return [...table.matchAll(/<tr data-outcome="[^"]+">([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] as string).matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)]
      .slice(0, 3)
      .map((cell) => (cell[1] as string).replace(/<[^>]+>/g, '')),
  );
}

/** The row of an issue in the Issues list's Sent table, and the flag in it ("2 failed · 1 unknown"), if any. */
async function sentRow(issueId: string): Promise<{ row: string; flag: string | null; href: string | null }> {
  const index = await (await client.get('/admin/issues', cookie)).text();
  const sentPart = index.split('<h2>Sent</h2>')[1] ?? '';
  const row =
    [...sentPart.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
      .map((m) => m[1] as string)
      .find((r) => r.includes(`href="/admin/issues/${issueId}/progress"`)) ?? '';
  expect(row, `a Sent row for ${issueId}`).not.toBe('');
  const flag = /<a class="badge warning" href="([^"]+)">([\s\S]*?)<\/a>/.exec(row);
  return {
    row,
    href: flag ? (flag[1] as string) : null,
    flag: flag ? (flag[2] as string).replace(/<[^>]+>/g, '').replace(/^⚠\s*/, '') : null,
  };
}

describe('a send that partly fails', () => {
  let editor: string;
  let issueId: string;

  it('says who did not get it, with the reason, and offers Resume and Resend to unknown', async () => {
    editor = await compose();
    issueId = editor.split('/').pop() as string;
    const page = await (await client.get(editor, cookie)).text();
    expect(page).toMatch(
      /Send to <strong>5 confirmed subscribers<\/strong> of <strong>[^<]+<\/strong> \(default\)\?/,
    );
    cli.ses.proxy.setRecipientFaults({ [REJECTED]: 'reject', [LOST]: 'loseAnswer', [DOWN]: 'unavailable' });

    const sent = await client.post(`${editor}/send`, formFields(page, 'send'), cookie);
    expect(sent.status, await sent.clone().text()).toBe(303);
    expect(sent.headers.get('location')).toBe(`${editor}/progress`);
    expect((await finished(editor)).text).toBe('Done: sent 2, failed 2, unknown 1');

    const progress = await (await client.get(`${editor}/progress`, cookie)).text();
    const stats = await (await client.get(`/admin/stats/${issueId}`, cookie)).text();
    for (const view of [progress, stats]) {
      expect(view).toContain('<h2 id="undelivered-h">Not everyone got this issue</h2>');
      expect(view).toMatch(
        /<p role="alert">3 recipients have not been sent this issue for certain: 2 failed, 1 unknown/,
      );
      expect(undeliveredRows(view)).toEqual([
        [DOWN, 'failed', 'gave up after 8 attempts: HTTP 503 ServiceUnavailable'],
        [LOST, 'unknown', 'ECONNRESET after the request was sent'],
        [
          REJECTED,
          'failed',
          // SES names the recipient in its message: the ledger keeps it masked
          'MessageRejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: r***@example.net',
        ],
      ]);
      expect(view).toMatch(
        /<td><time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time><\/td>/,
      );
      expect(formFields(view, 'resume')).toEqual({ _csrf: csrf });
      expect(formFields(view, 'resend-unknown')).toEqual({ _csrf: csrf });
      expect(view).toContain('Resend to 1 unknown recipient');
    }

    // Addresses are for signed-in editors: the progress JSON names nobody, and without a session nothing shows.
    const json = await (await client.get(`${editor}/progress.json`, cookie, 'application/json')).text();
    expect(json).not.toContain('@');
    for (const path of [`/admin/stats/${issueId}`, `${editor}/progress`]) {
      const outside = await client.get(path);
      expect(outside.status).toBe(303);
      expect(outside.headers.get('location')).toBe(`/admin/sign-in?next=${encodeURIComponent(path)}`);
      expect(await outside.text()).not.toContain('@example.net');
    }
  }, 120_000);

  it('is flagged in the Issues list with the counts of its stats page, a link to them and to Resume', async () => {
    const { flag, href } = await sentRow(issueId);
    expect(flag).toBe('2 failed · 1 unknown');
    expect(href).toBe(`/admin/stats/${issueId}#undelivered`);
    const index = await (await client.get('/admin/issues', cookie)).text();
    // Words, not a colour: the column says what the numbers are, and a note below says what they lead to.
    expect(index).toContain('<th scope="col">Not delivered</th>');
    expect(index).toContain('id="undelivered-help"');
    // The link leads to the warning and the actions.
    const stats = await (await client.get(href as string, cookie)).text();
    expect(stats).toContain('id="undelivered"');
    expect(formFields(stats, 'resume')).toEqual({ _csrf: csrf });
  }, 60_000);

  it('Resume sends to the recipient whose retries ran out, and to nobody else', async () => {
    cli.ses.proxy.setRecipientFaults({ [REJECTED]: 'reject' });
    const before = cli.ses.proxy.stats.sendRequests;
    // Without the session's CSRF token: refused, nothing sent.
    const forged = await client.post(`${editor}/resume`, {}, cookie);
    expect(forged.status).toBe(403);
    expect(cli.ses.proxy.stats.sendRequests).toBe(before);

    const resumed = await client.post(`${editor}/resume`, { _csrf: csrf }, cookie);
    expect(resumed.status).toBe(303);
    expect(resumed.headers.get('location')).toBe(`${editor}/progress`);
    expect((await finished(editor)).text).toBe('Done: sent 3, failed 1, unknown 1');
    // one request more: the one to the recipient given up on; the rejected address is not tried again
    expect(cli.ses.proxy.stats.sendRequests).toBe(before + 1);
    expect(acceptedFor(issueId)).toEqual(new Map([...SENT, LOST, DOWN].map((to) => [to, 1])));

    const progress = await (await client.get(`${editor}/progress`, cookie)).text();
    expect(undeliveredRows(progress).map(([to, outcome]) => [to, outcome])).toEqual([
      [LOST, 'unknown'],
      [REJECTED, 'failed'],
    ]);
    const archived = JSON.parse(readFileSync(join(dataDir, 'issues', `${issueId}.json`), 'utf8'));
    expect(
      archived.issue.audit.map((a: { op: string; by: string }) => `${a.op} by ${a.by}`).slice(-2),
    ).toEqual(['send by local editor', 'resume by local editor']);
    expect((await sentRow(issueId)).flag).toBe('1 failed · 1 unknown');
  }, 120_000);

  it('Resend to unknown sends the unknown recipient a copy again, as --resend-unknown does', async () => {
    const resent = await client.post(`${editor}/resend-unknown`, { _csrf: csrf }, cookie);
    expect(resent.status).toBe(303);
    expect((await finished(editor)).text).toBe('Done: sent 4, failed 1, unknown 0');
    expect(acceptedFor(issueId)).toEqual(
      new Map([...[...SENT, DOWN].map((to): [string, number] => [to, 1]), [LOST, 2]]),
    );
    const stats = await (await client.get(`/admin/stats/${issueId}`, cookie)).text();
    expect(undeliveredRows(stats).map(([to, outcome]) => [to, outcome])).toEqual([[REJECTED, 'failed']]);
    expect(stats).not.toContain('/resend-unknown"');
    expect(stats).toContain(`action="${editor}/resume"`);
    expect((await sentRow(issueId)).flag).toBe('1 failed');
  }, 120_000);
});

describe('the Send now form', () => {
  it('refuses a draft changed since the page was loaded (409), then sends the issue as it is now', async () => {
    cli.ses.proxy.setRecipientFaults({});
    const editor = await compose('default', 'Ferry timetable, first take');
    const issueId = editor.split('/').pop() as string;
    const loaded = await (await client.get(editor, cookie)).text();
    const sendFields = formFields(loaded, 'send');
    expect(sendFields.version).toBe('1');

    // Another editor (or another tab) saves a new subject meanwhile.
    const edited = await client.post(
      `${editor}/edit`,
      { _csrf: csrf, version: '1', op: 'meta', subject: 'Ferry timetable, corrected', preheader: '' },
      cookie,
    );
    expect(edited.status).toBe(303);

    for (const fields of [sendFields, { _csrf: csrf }]) {
      const refused = await client.post(`${editor}/send`, fields, cookie);
      expect(refused.status).toBe(409);
      const page = await refused.text();
      expect(page).toContain('this issue was changed since the page was loaded');
      expect(page).toContain('Ferry timetable, corrected');
    }
    expect(acceptedFor(issueId).size).toBe(0);
    expect(existsSync(join(dataDir, 'issues', `${issueId}.json`))).toBe(false);

    const now = await (await client.get(editor, cookie)).text();
    const sent = await client.post(`${editor}/send`, formFields(now, 'send'), cookie);
    expect(sent.status).toBe(303);
    await finished(editor);
    expect(acceptedFor(issueId).size).toBe(5);
    const archived = JSON.parse(readFileSync(join(dataDir, 'issues', `${issueId}.json`), 'utf8'));
    expect(archived.issue.subject).toBe('Ferry timetable, corrected');
    // Everyone got it: nothing flagged in the Issues list.
    const { row, flag } = await sentRow(issueId);
    expect(flag).toBeNull();
    expect(row).toContain('<td><span class="muted">none</span></td>');
  }, 120_000);

  it('refuses a list without a confirmed subscriber and keeps the draft, which goes out once the list has a reader', async () => {
    const created = await runCli(['lists', 'create', 'quiet', '--title', 'The Quiet Quay'], { env });
    expect(created.code, created.stderr).toBe(0);
    const editor = await compose('quiet');
    const issueId = editor.split('/').pop() as string;
    const page = await (await client.get(editor, cookie)).text();
    expect(page).toContain('The list <strong>The Quiet Quay</strong> (quiet) has no confirmed subscriber');
    expect(page).toMatch(/<button type="submit" aria-describedby="send-q" disabled>/);

    const refused = await client.post(`${editor}/send`, formFields(page, 'send'), cookie);
    expect(refused.status).toBe(422);
    const answer = await refused.text();
    expect(answer).toContain('Not sent: the list &quot;quiet&quot; has no confirmed subscriber');
    expect(answer).toContain('the draft is kept');
    expect(existsSync(join(dataDir, 'issues', `${issueId}.json`))).toBe(false);
    const index = await (await client.get('/admin/issues', cookie)).text();
    expect(index.split('<h2>Sent</h2>')[0]).toContain(`<a href="/admin/issues/${issueId}">`);

    const added = await runCli(
      ['subscribers', 'add', 'first.reader@example.net', '--list', 'quiet', '--confirmed'],
      {
        env,
      },
    );
    expect(added.code, added.stderr).toBe(0);
    const ready = await (await client.get(editor, cookie)).text();
    expect(ready).toMatch(
      /Send to <strong>1 confirmed subscriber<\/strong> of <strong>The Quiet Quay<\/strong> \(quiet\)\?/,
    );
    const sent = await client.post(`${editor}/send`, formFields(ready, 'send'), cookie);
    expect(sent.status).toBe(303);
    expect((await finished(editor)).text).toBe('Done: sent 1, failed 0, unknown 0');
    expect(acceptedFor(issueId)).toEqual(new Map([['first.reader@example.net', 1]]));
  }, 120_000);
});
