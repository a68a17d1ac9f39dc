/**
 * Opens and clicks of an issue sent while its list had tracking off are "not tracked", never "0":
 * in `digest stats`, `digest stats --list` and the console's stats pages. `--json` keeps its fields
 * and adds `tracking`; untracked, the rates are null. One issue goes out with tracking off, then the
 * list turns it on and a second goes out: the first stays untracked.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { type OutboxNewsletter, outboxNewsletter } from '../support/outbox-newsletter.js';

let dir: string;
let env: NodeJS.ProcessEnv;
let cli: OutboxNewsletter['cli'];
let send: OutboxNewsletter['send'];
let untracked = '';
let tracked = '';

beforeAll(async () => {
  ({ dir, env, cli, send } = await outboxNewsletter('stats-tracking'));
  await cli('subscribers', 'add', 'reader@example.net', '--confirmed');
  untracked = await send();
  await cli('lists', 'update', 'default', '--tracking');
  tracked = await send();
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('stats of an issue sent without tracking', { timeout: 120_000 }, () => {
  it('--json keeps every field and adds tracking; untracked rates are null', async () => {
    const off = JSON.parse(await cli('stats', untracked, '--json'));
    expect(off).toMatchObject({ issueId: untracked, sent: 1, tracking: false, opened: 0, clicked: 0 });
    expect(off.openRate).toBeNull();
    expect(off.clickRate).toBeNull();
    for (const field of ['delivered', 'links', 'bounced', 'complained', 'unsubscribed', 'unknown', 'failed'])
      expect(off).toHaveProperty(field);
    const on = JSON.parse(await cli('stats', tracked, '--json'));
    expect(on).toMatchObject({ sent: 1, tracking: true, opened: 0, openRate: 0, clicked: 0, clickRate: 0 });
  });

  it('digest stats and digest stats --list print "not tracked" for it, numbers for the tracked one', async () => {
    const off = await cli('stats', untracked);
    expect(off).toMatch(/^\s+opened\s+not tracked$/m);
    expect(off).toMatch(/^\s+clicked\s+not tracked$/m);
    const on = await cli('stats', tracked);
    expect(on).toMatch(/^\s+opened\s+0\s+\(0\.0%\)$/m);
    // nothing reports a delivery of a copy written to the outbox: its "delivered 0" says so, and --json has no note
    expect(on).toMatch(/^\s+delivered\s+0$/m);
    expect(on).toContain('note: delivered, bounced and complained count what the mail service reports');
    expect(await cli('stats', tracked, '--json')).not.toContain('note:');

    const list = await cli('stats', '--list', 'default');
    const row = (id: string) => list.split('\n').find((line) => line.startsWith(id)) ?? '';
    expect(row(untracked).match(/not tracked/g)).toHaveLength(2);
    expect(row(tracked)).not.toContain('not tracked');
    expect(row(tracked)).toMatch(/\b0 0%/);
    const json = JSON.parse(await cli('stats', '--list', 'default', '--json'));
    expect(
      Object.fromEntries(
        json.issues.map((s: { issueId: string; tracking: boolean }) => [s.issueId, s.tracking]),
      ),
    ).toEqual({ [untracked]: false, [tracked]: true });
  });

  it('the console shows "not tracked" on the issue and side by side', async () => {
    const key = (await cli('keys')).trim();
    const server: DevServer = await startDevServer(env.DIGEST_DATA_DIR!, env);
    try {
      const client = consoleClient(server.url);
      const { cookie } = await client.signIn(key);
      expect(cookie).not.toBeNull();
      const page = async (path: string) => {
        const answer = await client.get(path, cookie!);
        expect(answer.status).toBe(200);
        return answer.text();
      };
      const off = await page(`/admin/stats/${untracked}`);
      expect(off).toContain('<th scope="row">opened</th><td class="num">not tracked</td>');
      expect(off).toContain('<th scope="row">clicked</th><td class="num">not tracked</td>');
      expect(off).toContain('opened not tracked, clicked not tracked');
      const on = await page(`/admin/stats/${tracked}`);
      expect(on).toContain('<th scope="row">opened</th><td class="num">0 (0%)</td>');
      const side = await page('/admin/stats?list=default');
      const row = (id: string) =>
        side.slice(side.indexOf(`href="/admin/stats/${id}"`)).split('</tr>')[0] ?? '';
      expect(row(untracked).match(/not tracked/g)).toHaveLength(2);
      expect(row(tracked)).not.toContain('not tracked');
    } finally {
      await server.stop();
    }
  });
});
