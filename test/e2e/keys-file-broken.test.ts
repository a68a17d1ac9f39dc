// `digest keys` on a key file it cannot read (edited by hand and broken, cut short by a full disk) must
// not replace it: every key in it would stop working, with nothing said. It refuses with one line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' };
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-keys-broken-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const keys = (...args: string[]) => runCli(['keys', '--data-dir', dataDir, ...args], { env: ENV });

describe('digest keys and a broken key file', { timeout: 120_000 }, () => {
  it('refuses with one line naming the file, and leaves the file and its keys as they were', async () => {
    expect((await keys()).code).toBe(0);
    expect((await keys('--name', 'night desk')).code).toBe(0);
    const file = join(dataDir, 'api-key.json');
    const good = readFileSync(file, 'utf8');

    // A stray comma from a hand edit; then a file cut short.
    for (const broken of [good.replace('"keys": [', '"keys": [,'), good.slice(0, 40)]) {
      writeFileSync(file, broken);
      for (const args of [[], ['--name', 'night desk'], ['--name', 'newsroom'], ['--rotate']]) {
        const run = await keys(...args);
        expect(run.code, args.join(' ')).not.toBe(0);
        expect(run.stdout).toBe('');
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toContain('api-key.json');
        expect(readFileSync(file, 'utf8')).toBe(broken);
      }
    }

    // Put right, it serves the same keys again.
    writeFileSync(file, good);
    const shown = await keys('--name', 'night desk', '--json');
    expect(shown.code).toBe(0);
    expect(good).toContain(JSON.parse(shown.stdout).key);
  });
});
