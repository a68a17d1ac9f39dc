/**
 * A reader's time zone, as a user drives the built CLI next to `digest dev`: readers imported with a `timezone`
 * column, `digest send` to the outbox. Each copy shows the issue's date and the story's published time in its
 * reader's zone, in the HTML and the text part alike; a reader without a zone, a test copy and the issue's web
 * version show them in the list's.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { type ParsedMail, parseMail } from '../support/mail.js';

// published 2026-11-24T09:30:00Z (its article:published_time), byline Aileen Marsh
const ARTICLE = join(REPO_ROOT, 'test/fixtures/articles/harbour-strike.html');
const LIST_ZONE = 'Europe/London';
// UTC+14 and UTC-11: 25 hours apart, so never on the same calendar day
const KIRITIMATI = 'Pacific/Kiritimati';
const PAGO_PAGO = 'Pacific/Pago_Pago';

let dir: string;
let dataDir: string;
let dev: DevServer;
let env: NodeJS.ProcessEnv;
let issueId = '';
let createdAt = '';

/** The dates a reader in `timeZone` should see: the issue's day and the story's time. */
function datesIn(timeZone: string): { day: string; time: string } {
  return {
    day: new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone,
    }).format(new Date(createdAt)),
    time: new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone,
    }).format(new Date('2026-11-24T09:30:00Z')),
  };
}

/** The mails in the outbox to `to`, oldest first, parsed as a mail client reads them. */
async function mailsTo(to: string): Promise<ParsedMail[]> {
  const folder = join(dataDir, 'outbox');
  const out: ParsedMail[] = [];
  for (const name of (await readdir(folder)).filter((n) => n.endsWith('.eml')).sort()) {
    const raw = await readFile(join(folder, name));
    if (new RegExp(`^To: ${to.replaceAll('.', '\\.')}\\r$`, 'm').test(raw.toString('latin1'))) {
      out.push(await parseMail(raw));
    }
  }
  return out;
}

function expectDates(mail: ParsedMail, { day, time }: { day: string; time: string }): void {
  expect(mail.text).toContain(`The Harbour Brief · ${day} · 1 story`);
  expect(mail.text).toContain(`Aileen Marsh · ${time}\n`);
  expect(mail.html).toContain(`>${day} · 1 story</p>`);
  expect(mail.html).toContain(`>Aileen Marsh · ${time}</p>`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'send-time-zones-'));
  dataDir = join(dir, 'data');
  env = { DIGEST_DATA_DIR: dataDir, DIGEST_TRANSPORT: 'outbox', DIGEST_BASE_URL: '' };
  const created = await runCli(
    ['lists', 'create', 'harbour', '--title', 'The Harbour Brief', '--time-zone', LIST_ZONE],
    { env },
  );
  expect(created.code, created.stderr).toBe(0);
  await writeFile(
    join(dir, 'readers.csv'),
    'email,timezone\nkiri@example.net,pacific/kiritimati\npago@example.net,Pacific/Pago_Pago\nlist@example.net,\n',
  );
  const imported = await runCli(
    ['subscribers', 'import', join(dir, 'readers.csv'), '--list', 'harbour', '--confirmed'],
    { env },
  );
  expect(imported.code, imported.stderr).toBe(0);
  dev = await startDevServer(dataDir, env);
}, 120_000);

afterAll(async () => {
  await dev?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("a reader's time zone", () => {
  it('each copy shows the dates in its reader’s zone, HTML and text alike; no zone, the list’s', async () => {
    const sent = await runCli(['send', ARTICLE, '--list', 'harbour', '--json'], { env, timeoutMs: 120_000 });
    expect(sent.code, sent.stderr).toBe(0);
    issueId = /^issue: (\S+)$/m.exec(sent.stderr)?.[1] ?? '';
    expect(JSON.parse(sent.stdout.trim())).toMatchObject({ issueId, sent: 3, failed: 0, unknown: 0 });
    createdAt = JSON.parse(await readFile(join(dataDir, 'issues', `${issueId}.json`), 'utf8')).issue
      .createdAt;

    const [kiri] = await mailsTo('kiri@example.net');
    const [pago] = await mailsTo('pago@example.net');
    const [list] = await mailsTo('list@example.net');
    expectDates(kiri!, datesIn(KIRITIMATI));
    expectDates(pago!, datesIn(PAGO_PAGO));
    expectDates(list!, datesIn(LIST_ZONE));
    // the story's time, read on three clocks
    expect(datesIn(KIRITIMATI).time).toMatch(/^24 Nov 2026, 23:30 /);
    expect(datesIn(PAGO_PAGO).time).toMatch(/^23 Nov 2026, 22:30 /);
    expect(datesIn(LIST_ZONE).time).toBe('24 Nov 2026, 09:30 GMT');
    expect(datesIn(KIRITIMATI).day).not.toBe(datesIn(PAGO_PAGO).day);
    // nothing else differs between two readers' copies than their dates and their own links
    const strip = (text: string | undefined, zone: string) =>
      (text ?? '')
        .replaceAll(datesIn(zone).day, 'DAY')
        .replaceAll(datesIn(zone).time, 'TIME')
        .replace(/token=[\w.-]+/g, 'token=T');
    expect(strip(kiri!.text, KIRITIMATI)).toBe(strip(pago!.text, PAGO_PAGO));
    expect(strip(kiri!.html, KIRITIMATI)).toBe(strip(pago!.html, PAGO_PAGO));
  }, 180_000);

  it("the issue's web version shows the list's zone", async () => {
    const page = await fetch(`${dev.url}/issues/${issueId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const { day, time } = datesIn(LIST_ZONE);
    expect(html).toContain(`>${day} · 1 story</p>`);
    expect(html).toContain(`>Aileen Marsh · ${time}</p>`);
    expect(html).not.toContain(datesIn(KIRITIMATI).time);
    expect(html).not.toContain(datesIn(PAGO_PAGO).time);
  });

  it("a test copy shows the list's zone, even to a reader who has one", async () => {
    const test = await runCli(['send', '--issue', issueId, '--test-to', 'kiri@example.net', '--json'], {
      env,
    });
    expect(test.code, test.stderr).toBe(0);
    const copies = await mailsTo('kiri@example.net');
    expect(copies).toHaveLength(2);
    expect(copies[1]!.subject).toMatch(/^\[Test\] /);
    expectDates(copies[1]!, datesIn(LIST_ZONE));
  }, 120_000);
});
