// The data dir holds the token secret, subscriber data (LevelDB) and mail with personal links (outbox):
// the built `digest` keeps it and everything under it private (0700 / 0600), also when the dir already
// existed with looser modes.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'digest-e2e-perms-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every path under dir (dir included) whose mode gives the group or others any access. */
function looseModes(dir: string): string[] {
  const loose: string[] = [];
  const walk = (path: string) => {
    const stat = statSync(path);
    if ((stat.mode & 0o077) !== 0) loose.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return loose;
}

describe('data dir permissions', { timeout: 120_000 }, () => {
  it('a data dir that exists already with 0755 and 0644 files ends 0700/0600, new files included', async () => {
    const dataDir = join(root, 'existing');
    mkdirSync(join(dataDir, 'outbox'), { recursive: true, mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'outbox', '20260101T000000Z-000001-old.eml'), 'To: a@example.org\r\n\r\nx', {
      mode: 0o644,
    });
    const env = { DIGEST_DATA_DIR: '', DIGEST_SECRET: '', DIGEST_BASE_URL: '' };
    const added = await runCli(['subscribers', 'add', 'perm@example.org', '--data-dir', dataDir], { env });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    // A confirmation mail was written, the secret generated and the LevelDB store created.
    expect(readdirSync(join(dataDir, 'outbox')).filter((n) => n.endsWith('.eml'))).toHaveLength(2);
    expect(looseModes(dataDir)).toEqual([]);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });
});
