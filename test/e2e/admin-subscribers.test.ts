/**
 * The console's subscriber pages over HTTP against `digest dev` (dynalite on its data dir): searching a list
 * larger than a page, page by page in both directions, and an import's progress counted in CSV records.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { consoleClient, csrfOf, importThroughConsole } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';

const SECRET = 'admin-subscribers-test-secret-0123456789';

describe('the console subscriber pages', () => {
  let server: DevServer;
  let cookie: string;
  let csrf: string;
  const client = consoleClient(() => server.url);

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-subscribers-'));
    const key = (
      await runCli(['keys', '--data-dir', dataDir], { env: { DIGEST_SECRET: SECRET } })
    ).stdout.trim();
    server = await startDevServer(dataDir, { DIGEST_SECRET: SECRET });
    cookie = (await client.signIn(key)).cookie ?? '';
    csrf = csrfOf(await (await client.get('/admin/subscribers/import', cookie)).text());
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function createList(id: string): Promise<void> {
    const created = await client.post('/admin/lists', { _csrf: csrf, id, title: id }, cookie);
    expect(created.status).toBe(303);
  }

  it('an import counts its progress in CSV records: a quoted line break in a cell starts no row', async () => {
    await createList('notes');
    // Each address comes with a postal address written over several lines (LF and CRLF) in a quoted cell.
    const rows = Array.from(
      { length: 7 },
      (_, i) => `resident${i}@example.org,"Flat ${i}\nHarbour Road ${i}\r\nPort Town"`,
    );
    const text = `email,notes\n${rows.join('\n')}\nnot-an-address,"refused\nover two lines"\n`;
    const { state, report } = await importThroughConsole(client, cookie, {
      _csrf: csrf,
      list: 'notes',
      text,
      confirmed: '1',
    });
    // Eight records: seven written, one refused; the bar ends full.
    expect(state).toMatchObject({ finished: true, total: 8, done: 8 });
    expect(report).toContain('Imported 7 of 8 rows');
  });
});
