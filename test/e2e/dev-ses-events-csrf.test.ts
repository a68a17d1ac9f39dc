// `POST /local/ses-events` in the built `digest dev` suppresses addresses and writes the ledger, with no key:
// it trusts the local machine. A web page open in the same machine's browser is on the local machine too,
// and a browser posts cross-site (a `no-cors` fetch, a form) to 127.0.0.1 with the loopback Host. Such a
// request carries `Origin` (and `Sec-Fetch-Site`); SNS and the tools that replay events never do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';

const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' };
const VICTIM = 'reader@example.org';
let dataDir: string;
let dev: DevServer;

function complaint(address: string): string {
  const message = {
    eventType: 'Complaint',
    mail: {
      messageId: 'm-1',
      timestamp: '2026-12-01T09:00:00.000Z',
      destination: [address],
      headers: [],
    },
    complaint: {
      complainedRecipients: [{ emailAddress: address }],
      timestamp: '2026-12-01T09:05:00.000Z',
    },
  };
  return JSON.stringify({ Type: 'Notification', MessageId: 'n-1', Message: JSON.stringify(message) });
}

async function suppressed(): Promise<boolean> {
  const listed = await runCli(['subscribers', 'list', '--json', '--data-dir', dataDir], { env: ENV });
  expect(listed.code, listed.stderr).toBe(0);
  const rows = JSON.parse(listed.stdout) as { email: string; suppressed: boolean }[];
  const row = rows.find((r) => r.email === VICTIM);
  expect(row).toBeDefined();
  return row!.suppressed;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-ses-csrf-'));
  dev = await startDevServer(dataDir, ENV);
  const added = await runCli(['subscribers', 'add', VICTIM, '--confirmed', '--data-dir', dataDir], {
    env: ENV,
  });
  expect(added.code, added.stderr).toBe(0);
});
afterAll(async () => {
  await dev?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('digest dev: SES events route and web pages', { timeout: 120_000 }, () => {
  it('a cross-site post from a web page is refused with 403 and suppresses nobody; a tool’s post still works', async () => {
    const url = `${dev.url}/local/ses-events`;
    // What a page on another site sends with fetch(url, { method: 'POST', mode: 'no-cors', body }).
    const fromPage = await fetch(url, {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
        'sec-fetch-mode': 'no-cors',
        'content-type': 'text/plain;charset=UTF-8',
      },
      body: complaint(VICTIM),
    });
    expect(fromPage.status).toBe(403);
    expect(await suppressed()).toBe(false);

    // A form on a page that hides its origin (a sandboxed frame, a file) still names one: "null".
    const fromOpaque = await fetch(url, {
      method: 'POST',
      headers: { origin: 'null', 'content-type': 'application/x-www-form-urlencoded' },
      body: complaint(VICTIM),
    });
    expect(fromOpaque.status).toBe(403);
    expect(await suppressed()).toBe(false);

    // SNS (and curl replaying its notifications) sends no Origin: the route goes on working.
    const fromTool = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=UTF-8' },
      body: complaint(VICTIM),
    });
    expect(fromTool.status).toBe(200);
    expect(await fromTool.json()).toMatchObject({ suppressed: 1 });
    expect(await suppressed()).toBe(true);
  });
});
