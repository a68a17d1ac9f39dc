/**
 * "View in browser" links only to a web version that exists. A test copy is never archived (the contract), so
 * `/issues/<id>` of an unsent issue is 404: the console's test copy and `digest send --test-to` carry no such link
 * and say why in the footer, as `digest render` output does (test/e2e/render-cli.test.ts). A sent issue keeps its
 * link, which answers, and so does a test copy of an issue already sent (`digest send --issue ID --test-to`).
 * Against the built CLI and `digest dev`, reading the mail from the outbox.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { consoleClient, csrfOf } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { parseMail } from '../support/mail.js';
import { outboxFiles } from '../support/outbox.js';

const SECRET = 'test-copy-web-link-secret-0123456789';
const ENV = { DIGEST_SECRET: SECRET };
const FIXTURE = join(REPO_ROOT, 'test/fixtures/articles/ferry-timetable.txt');
const NOTE = 'No “view in browser” link in a test copy or a preview';

describe('the "view in browser" link of test copies and of sent issues', { timeout: 120_000 }, () => {
  let server: DevServer;
  let dataDir: string;
  let cookie: string;
  let csrf: string;
  const client = consoleClient(() => server.url);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-web-link-'));
    const key = (await runCli(['keys', '--data-dir', dataDir], { env: ENV })).stdout.trim();
    const added = await runCli(
      ['subscribers', 'add', 'reader@example.org', '--confirmed', '--data-dir', dataDir],
      { env: ENV },
    );
    expect(added.code, added.stderr).toBe(0);
    server = await startDevServer(dataDir, ENV);
    cookie = (await client.signIn(key)).cookie ?? '';
    csrf = csrfOf(await (await client.get('/admin/issues/new', cookie)).text());
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** The mail the outbox received last, parsed, with its hrefs. */
  async function lastMail() {
    const name = outboxFiles(dataDir).at(-1) as string;
    const mail = await parseMail(readFileSync(join(dataDir, 'outbox', name)));
    const hrefs = [...(mail.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1] as string);
    return { mail, hrefs };
  }

  it("the console's test copy has no link to the unsent issue, and says why; the sent issue's link answers", async () => {
    const composed = await client.post(
      '/admin/issues',
      { _csrf: csrf, list: 'default', text: readFileSync(FIXTURE, 'utf8') },
      cookie,
    );
    expect(composed.status).toBe(303);
    const editor = composed.headers.get('location') as string;
    const id = editor.split('/').pop() as string;
    const tested = await client.post(`${editor}/test`, { _csrf: csrf, to: 'desk@example.org' }, cookie);
    expect(tested.status).toBe(303);
    const copy = await lastMail();
    expect(copy.mail.subject).toMatch(/^\[Test\] /);
    expect(copy.hrefs.filter((h) => h.includes('/issues/'))).toEqual([]);
    expect(copy.mail.html).toContain(NOTE);
    expect(copy.mail.text).toContain(NOTE);
    expect(copy.mail.text).not.toContain(`/issues/${id}`);
    // It would have been a dead link: the issue is not on the web.
    expect((await fetch(`${server.url}/issues/${id}`)).status).toBe(404);

    // Sent, the mail links to its web version, which answers.
    const page = await (await client.get(editor, cookie)).text();
    const version = /name="version" value="([^"]+)"/.exec(page)?.[1] as string;
    const before = outboxFiles(dataDir).length;
    const sent = await client.post(`${editor}/send`, { _csrf: csrf, version }, cookie);
    expect(sent.status).toBe(303);
    for (let i = 0; i < 100 && outboxFiles(dataDir).length === before; i++)
      await new Promise((ok) => setTimeout(ok, 100));
    const delivered = await lastMail();
    expect(delivered.mail.subject).not.toMatch(/^\[Test\]/);
    const link = `${server.url}/issues/${id}`;
    expect(delivered.hrefs).toContain(link);
    expect(delivered.mail.text).toContain(`View in browser: ${link}`);
    expect(delivered.mail.html).not.toContain(NOTE);
    expect((await fetch(link)).status).toBe(200);

    // A test copy of the sent issue keeps the link: that page exists.
    const again = await runCli(
      ['send', '--issue', id, '--test-to', 'desk@example.org', '--data-dir', dataDir],
      {
        env: ENV,
      },
    );
    expect(again.code, again.stderr).toBe(0);
    const archivedCopy = await lastMail();
    expect(archivedCopy.mail.subject).toMatch(/^\[Test\] /);
    expect(archivedCopy.hrefs).toContain(link);
  });

  it('`digest send --test-to` of new articles: no link to an issue that is never archived, and the note', async () => {
    const sent = await runCli(['send', FIXTURE, '--test-to', 'desk@example.org', '--data-dir', dataDir], {
      env: ENV,
    });
    expect(sent.code, sent.stderr).toBe(0);
    const id = /test copy of issue (\S+) sent/.exec(sent.stderr)?.[1] as string;
    const { mail, hrefs } = await lastMail();
    expect(hrefs.filter((h) => h.includes('/issues/'))).toEqual([]);
    expect(mail.text).not.toContain(`/issues/${id}`);
    expect(mail.html).toContain(NOTE);
    expect((await fetch(`${server.url}/issues/${id}`)).status).toBe(404);
  });
});
