// Per-route, per-client throttling over real HTTP (the built `digest dev`): a flood of POST /subscribe from
// one client gets 429s, while the same client's /confirm and one-click /unsubscribe still go through, and
// another client can still subscribe. One-click unsubscribes are not limited below a generous floor.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../functions/core/tokens.js';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';

const SECRET = 'route-throttle-test-secret-0123456789abcdef';
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: SECRET, DIGEST_DATA_DIR: '' };
let dataDir: string;
let dev: DevServer;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-throttle-'));
  const file = join(dataDir, 'readers.csv');
  const readers = Array.from({ length: 100 }, (_, i) => `reader${i}@example.org,confirmed`);
  writeFileSync(file, `email,status\nwaiting@example.org,pending\n${readers.join('\n')}\n`);
  const imported = await runCli(['subscribers', 'import', file, '--data-dir', dataDir, '--no-progress'], {
    env: ENV,
  });
  expect(imported.code, imported.stderr).toBe(0);
  dev = await startDevServer(dataDir, ENV);
}, 120_000);

afterAll(async () => {
  await dev?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One request from a chosen loopback source address (a distinct client to the server). */
function post(path: string, body: string, type: string, from = '127.0.0.1') {
  const url = new URL(path, dev.url);
  return new Promise<{ status: number; retryAfter: string | undefined }>((ok, fail) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': type, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => ok({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

const token = (email: string, purpose: 'confirm' | 'unsubscribe') =>
  signToken({ email, list: 'default', purpose }, SECRET, new Date());
const subscribe = (email: string, from?: string) =>
  post('/subscribe', JSON.stringify({ email }), 'application/json', from);
const oneClick = (email: string) =>
  post(
    `/unsubscribe?token=${token(email, 'unsubscribe')}`,
    'List-Unsubscribe=One-Click',
    'application/x-www-form-urlencoded',
  );

async function statuses(): Promise<Map<string, string>> {
  const listed = await runCli(['subscribers', 'list', '--json', '--data-dir', dataDir], { env: ENV });
  return new Map(
    (JSON.parse(listed.stdout) as { email: string; status: string }[]).map((s) => [s.email, s.status]),
  );
}

describe('per-route, per-client throttling', () => {
  it('a /subscribe flood is refused with 429 and Retry-After; /confirm, /unsubscribe and other clients still work', async () => {
    const answers = [];
    for (let i = 0; i < 60; i++) answers.push(await subscribe(`flood${i}@example.org`));
    const refused = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 202).length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThanOrEqual(30);
    expect(Number(refused[0]!.retryAfter)).toBeGreaterThan(0);
    expect((await subscribe('flood-more@example.org')).status).toBe(429);

    // The same client, other routes: untouched by the flood.
    expect(
      (
        await post(
          `/confirm?token=${token('waiting@example.org', 'confirm')}`,
          '',
          'application/x-www-form-urlencoded',
        )
      ).status,
    ).toBe(200);
    expect((await oneClick('reader0@example.org')).status).toBe(200);
    // Another client on the flooded route.
    expect((await subscribe('neighbour@example.org', '127.0.0.2')).status).toBe(202);

    const after = await statuses();
    expect(after.get('waiting@example.org')).toBe('confirmed');
    expect(after.get('reader0@example.org')).toBe('unsubscribed');
  }, 120_000);

  it('one client may post 99 more one-click unsubscribes at once: none is refused', async () => {
    const answers = await Promise.all(
      Array.from({ length: 99 }, (_, i) => oneClick(`reader${i + 1}@example.org`)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(99).fill(200));
    const after = await statuses();
    expect(
      [...after.entries()].filter(([email, s]) => email.startsWith('reader') && s === 'unsubscribed'),
    ).toHaveLength(100);
  }, 120_000);
});
