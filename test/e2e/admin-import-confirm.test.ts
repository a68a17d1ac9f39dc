/**
 * The console's CSV import as an editor drives it, against the built `digest dev` (dynalite and the outbox on its
 * data dir), over real HTTP:
 * - an upload is a confirm page first: how many rows were read, how many are valid, how many opt-in mails would go
 *   out (or that the rows are imported as confirmed); nothing is written and no mail goes out until Confirm;
 * - Cancel drops the upload and writes nothing; a double-clicked Confirm starts one import;
 * - a running import has a Stop button: the rows and mails done stay done, the rest never happen, and the report
 *   says how many were not imported;
 * - the Subscribers page lists the recent imports, awaiting, running and finished, each with a link to its page.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import {
  consoleClient,
  csrfOf,
  followImport,
  type ImportState,
  uploadThroughConsole,
} from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { outboxFiles } from '../support/outbox.js';

const SECRET = 'admin-import-confirm-test-secret-0123456789';
const ENV = { DIGEST_SECRET: SECRET };

/** The page's text, without tags, one space between words. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('the console import: confirm, cancel, stop, and the list of imports', { timeout: 180_000 }, () => {
  let server: DevServer;
  let dataDir: string;
  let cookie: string;
  let csrf: string;
  const client = consoleClient(() => server.url);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-import-'));
    const key = (await runCli(['keys', '--data-dir', dataDir], { env: ENV })).stdout.trim();
    server = await startDevServer(dataDir, ENV);
    cookie = (await client.signIn(key)).cookie ?? '';
    csrf = csrfOf(await (await client.get('/admin/subscribers/import', cookie)).text());
    for (const id of ['harbour', 'ferry', 'quay']) {
      const created = await client.post('/admin/lists', { _csrf: csrf, id, title: `The ${id} news` }, cookie);
      expect(created.status).toBe(303);
    }
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** The addresses on a list, as `digest subscribers list --json` prints them. */
  async function onList(list: string): Promise<{ email: string; status: string }[]> {
    const listed = await runCli(['subscribers', 'list', '--json', '--list', list, '--data-dir', dataDir], {
      env: ENV,
    });
    expect(listed.code, listed.stderr).toBe(0);
    return JSON.parse(listed.stdout) as { email: string; status: string }[];
  }

  it('an upload asks first: rows read, valid, opt-in mails to go out; nothing is written or sent before Confirm', async () => {
    const before = outboxFiles(dataDir).length;
    const csv = [
      'email,status',
      'ann@example.org,',
      'bo@example.org,',
      'cy@example.org,',
      'not-an-address,',
      'dee@example.org,confirmed',
    ].join('\n');
    const { page, html } = await uploadThroughConsole(client, cookie, {
      _csrf: csrf,
      list: 'harbour',
      text: `${csv}\n`,
    });
    expect(page).toMatch(/^\/admin\/subscribers\/import\/\d{8}T\d{9}Z-[A-Za-z0-9_-]+$/);
    const text = textOf(html);
    expect(text).toContain('Read 5 rows from the pasted CSV: 4 valid, 1 refused');
    expect(text).toContain('As chosen, 3 opt-in mails go out');
    expect(text).toContain(
      'they are imported as pending and get no issue until the link in that mail is clicked',
    );
    expect(text).toContain('Nothing has been written to the list and no mail has gone out yet');
    expect(html).toMatch(/<form method="post" action="[^"]+\/confirm">/);
    expect(html).toMatch(/<form method="post" action="[^"]+\/cancel">/);
    // Both ways of the consent box, side by side: 3 mails unticked; ticked, 4 confirmed and no mail.
    expect(text).toMatch(/Opt-in mails sent \(new addresses without a status\) 3 0/);
    expect(text).toMatch(/Imported as confirmed 1 4/);
    expect(html).toMatch(/<td class="num">5<\/td><td>invalid email/);
    // Nothing happened yet.
    expect(outboxFiles(dataDir)).toHaveLength(before);
    expect(await onList('harbour')).toEqual([]);
    const state = (await (
      await client.get(`${page}.json`, cookie, 'application/json')
    ).json()) as ImportState;
    expect(state).toMatchObject({ status: 'awaiting confirmation', finished: false });

    // The Subscribers page lists it, with a link to its page.
    const subscribers = await (await client.get('/admin/subscribers?list=harbour', cookie)).text();
    expect(subscribers).toContain(`<a href="${page}">`);
    expect(textOf(subscribers)).toMatch(/Recent imports .*The harbour news .* awaiting confirmation 5 0/);

    // Confirm, with the box as it was: three opt-in mails, two records pending and one confirmed... and four on the list.
    const confirmed = await client.post(`${page}/confirm`, { _csrf: csrf }, cookie);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(page);
    const { report } = await followImport(client, cookie, page);
    expect(textOf(report)).toContain('Imported 4 of 5 rows; skipped 0');
    expect(textOf(report)).toContain('Sent the opt-in mail to 3 rows');
    expect(outboxFiles(dataDir)).toHaveLength(before + 3);
    expect((await onList('harbour')).map((s) => [s.email, s.status]).sort()).toEqual([
      ['ann@example.org', 'pending'],
      ['bo@example.org', 'pending'],
      ['cy@example.org', 'pending'],
      ['dee@example.org', 'confirmed'],
    ]);
    // The upload itself is not kept once imported.
    const id = page.split('/').pop() as string;
    expect(existsSync(join(dataDir, 'imports', `${id}.csv`))).toBe(false);
    expect(existsSync(join(dataDir, 'imports', `${id}.json`))).toBe(true);
    // Confirming again starts nothing.
    const again = await client.post(`${page}/confirm`, { _csrf: csrf }, cookie);
    expect(again.status).toBe(409);
    expect(outboxFiles(dataDir)).toHaveLength(before + 3);
  });

  it('the consent box on the confirm page decides: ticked there, the rows are imported confirmed and nobody is mailed', async () => {
    const before = outboxFiles(dataDir).length;
    const { page, html } = await uploadThroughConsole(client, cookie, {
      _csrf: csrf,
      list: 'quay',
      text: 'email\nfay@example.org\ngus@example.org\n',
    });
    expect(textOf(html)).toContain('As chosen, 2 opt-in mails go out');
    const confirmed = await client.post(`${page}/confirm`, { _csrf: csrf, confirmed: '1' }, cookie);
    expect(confirmed.status).toBe(303);
    const { report } = await followImport(client, cookie, page);
    expect(textOf(report)).toContain('Imported 2 of 2 rows');
    expect(textOf(report)).toContain('rows without a status imported as confirmed');
    expect(outboxFiles(dataDir)).toHaveLength(before);
    expect((await onList('quay')).map((s) => s.status)).toEqual(['confirmed', 'confirmed']);
  });

  it('Cancel drops the upload: nothing written, nothing sent, and it can no longer be confirmed', async () => {
    const before = outboxFiles(dataDir).length;
    const { page } = await uploadThroughConsole(client, cookie, {
      _csrf: csrf,
      list: 'ferry',
      text: 'email\nhal@example.org\nivy@example.org\n',
    });
    const id = page.split('/').pop() as string;
    expect(existsSync(join(dataDir, 'imports', `${id}.csv`))).toBe(true);
    const cancelled = await client.post(`${page}/cancel`, { _csrf: csrf }, cookie);
    expect(cancelled.status).toBe(303);
    const shown = await (await client.get(page, cookie)).text();
    expect(textOf(shown)).toContain('Cancelled before it started: nothing was written and no mail went out');
    expect(existsSync(join(dataDir, 'imports', `${id}.csv`))).toBe(false);
    const late = await client.post(`${page}/confirm`, { _csrf: csrf }, cookie);
    expect(late.status).toBe(409);
    expect(textOf(await late.text())).toContain('it was cancelled');
    expect(outboxFiles(dataDir)).toHaveLength(before);
    expect(await onList('ferry')).toEqual([]);
  });

  it('a Confirm clicked twice at once starts one import: each new address gets one mail', async () => {
    const before = outboxFiles(dataDir).length;
    const { page } = await uploadThroughConsole(client, cookie, {
      _csrf: csrf,
      list: 'ferry',
      text: 'email\njo@example.org\nkai@example.org\n',
    });
    const answers = await Promise.all([
      client.post(`${page}/confirm`, { _csrf: csrf }, cookie),
      client.post(`${page}/confirm`, { _csrf: csrf }, cookie),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([303, 409]);
    await followImport(client, cookie, page);
    // give a second import, if one had started, the time to mail
    await new Promise((ok) => setTimeout(ok, 500));
    expect(outboxFiles(dataDir)).toHaveLength(before + 2);
  });

  it('Stop stops a running import: the rows and mails done stay done, no more go out, and the report says how many were not', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => `reader${String(i).padStart(3, '0')}@stop.example`);
    const before = outboxFiles(dataDir).length;
    const { page } = await uploadThroughConsole(client, cookie, {
      _csrf: csrf,
      list: 'quay',
      text: `email\n${rows.join('\n')}\n`,
    });
    expect((await client.post(`${page}/confirm`, { _csrf: csrf }, cookie)).status).toBe(303);
    // Let a few opt-in mails go out, then stop.
    let state: ImportState | null = null;
    for (let poll = 0; poll < 300; poll++) {
      state = (await (await client.get(`${page}.json`, cookie, 'application/json')).json()) as ImportState;
      if (state.finished || state.done >= 5) break;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    expect(state?.finished).toBe(false);
    const running = await (await client.get(page, cookie)).text();
    expect(running).toMatch(/<form class="card" method="post" action="[^"]+\/stop" id="import-stop">/);
    const stopped = await client.post(`${page}/stop`, { _csrf: csrf }, cookie);
    expect(stopped.status).toBe(303);

    const { state: last, report } = await followImport(client, cookie, page);
    expect(last.status).toBe('stopped');
    const text = textOf(report);
    const numbers =
      /Stopped by the editor: imported (\d+) of 600 rows before it stopped; (\d+) rows were not imported \(neither written nor mailed\)/.exec(
        text,
      );
    expect(numbers, text).not.toBeNull();
    const imported = Number(numbers![1]);
    const notDone = Number(numbers![2]);
    expect(imported).toBeGreaterThanOrEqual(5);
    expect(imported).toBeLessThan(600);
    expect(imported + notDone).toBe(600);
    // The rows done stay done (pending, each sent its mail); nothing more goes out after the stop.
    const mailed = outboxFiles(dataDir).length - before;
    expect(text).toContain(`Sent the opt-in mail to ${mailed} rows`);
    expect(mailed).toBe(imported);
    expect((await onList('quay')).filter((s) => s.email.endsWith('@stop.example'))).toHaveLength(imported);
    await new Promise((ok) => setTimeout(ok, 1_500));
    expect(outboxFiles(dataDir).length - before).toBe(mailed);

    // The Subscribers page lists the stopped import and the finished ones, newest first, each with its link.
    const subscribers = await (await client.get('/admin/subscribers', cookie)).text();
    const listed = [...subscribers.matchAll(/<tr><td><a href="(\/admin\/subscribers\/import\/[^"]+)">/g)].map(
      (m) => m[1],
    );
    expect(listed[0]).toBe(page);
    expect(listed).toHaveLength(5);
    expect(textOf(subscribers)).toMatch(/Recent imports .* stopped 600 \d+ .* cancelled 2 0/);
    // Its upload is gone; only the record stays (kept 7 days).
    expect(readdirSync(join(dataDir, 'imports')).filter((n) => n.endsWith('.csv'))).toEqual([]);
  });
  it('an upload of one new address says its one mail, and its one pending record, in the singular', async () => {
    const { page, html } = await uploadThroughConsole(client, cookie, {
      _csrf: csrf,
      list: 'harbour',
      text: 'email\nsolo@example.org\n',
    });
    const text = textOf(html);
    expect(text).toContain('As chosen, 1 opt-in mail goes out');
    expect(text).toContain(
      'it is imported as pending and gets no issue until the link in that mail is clicked.',
    );
    expect((await client.post(`${page}/cancel`, { _csrf: csrf }, cookie)).status).toBe(303);
  });
});
