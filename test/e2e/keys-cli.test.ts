// `digest keys` next to a running `digest dev`: adding a named key leaves the existing keys working;
// only --rotate replaces one, and it says which key stopped working.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';

let dataDir: string;
let dev: DevServer;
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-keys-'));
  dev = await startDevServer(dataDir, ENV);
}, 120_000);
afterAll(async () => {
  await dev?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const keys = (...args: string[]) => runCli(['keys', '--data-dir', dataDir, ...args], { env: ENV });
const queue = async (key: string) =>
  (
    await fetch(`${dev.url}/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ urls: ['https://news.example.org/a'] }),
    })
  ).status;

describe('digest keys', { timeout: 120_000 }, () => {
  it('--name adds a key and the existing key keeps working; --rotate says which key stopped', async () => {
    const first = await keys();
    expect(first.code).toBe(0);
    const editor = first.stdout.trim();
    expect(await queue(editor)).toBe(202);

    const added = await keys('--name', 'newsroom');
    expect(added.code).toBe(0);
    const newsroom = added.stdout.trim();
    expect(newsroom).not.toBe(editor);
    expect(added.stderr).toBe('api key "newsroom" added; 2 keys work: local editor, newsroom\n');
    expect(await queue(editor)).toBe(202); // the old key still works
    expect(await queue(newsroom)).toBe(202);

    const shown = await keys('--name', 'newsroom', '--json');
    expect(JSON.parse(shown.stdout)).toEqual({ name: 'newsroom', key: newsroom });
    expect(shown.stderr).toBe('');

    const rotated = await keys('--rotate', '--name', 'newsroom');
    expect(rotated.code).toBe(0);
    expect(rotated.stderr).toBe(
      `api key "newsroom" rotated: the old key "newsroom" (${newsroom.slice(0, 8)}…) stopped working; the new key is on stdout\n`,
    );
    expect(await queue(newsroom)).toBe(403);
    expect(await queue(rotated.stdout.trim())).toBe(202);
    expect(await queue(editor)).toBe(202); // rotating one key leaves the others alone

    const missing = await keys('--rotate', '--name', 'wire');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^digest: no key named "wire" to rotate; keys: local editor, newsroom/);
  });
});

describe('digest keys run many times at once', { timeout: 180_000 }, () => {
  it('keeps every key: each process adds its own name to the one key file', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'digest-e2e-keys-race-'));
    try {
      const names = Array.from({ length: 20 }, (_, i) => `desk ${i + 1}`);
      const runs = await Promise.all(
        names.map((name) =>
          runCli(['keys', '--data-dir', shared, '--name', name, '--json'], { env: ENV, timeoutMs: 120_000 }),
        ),
      );
      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      const given = runs.map((run) => JSON.parse(run.stdout) as { name: string; key: string });
      const stored = JSON.parse(readFileSync(join(shared, 'api-key.json'), 'utf8')) as {
        keys: { name: string; key: string }[];
      };
      expect(stored.keys.map((k) => k.name).sort()).toEqual([...names].sort());
      // the key each process printed is the one in the file
      expect([...stored.keys].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
        [...given].sort((a, b) => a.name.localeCompare(b.name)),
      );
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });
});
