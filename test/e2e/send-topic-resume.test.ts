/**
 * A topic issue keeps its audience: `digest send FILE --topic T` reaches only T's subscribers, and
 * `digest send --issue ID` (the resume that `issue: <id>` on stderr is for) reaches nobody else.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const ARTICLE = `Library opens its doors at night

The city library will stay open until midnight on weekdays from next month, its director said on Monday. "Students asked for a quiet place to work after their evening shifts," said Ana Ruiz, who has run the library since 2019. The late hours will be staffed by volunteers and two new librarians. The council approved the budget last week.
`;

let dir: string;
let dataDir: string;
let env: NodeJS.ProcessEnv;

async function recipients(): Promise<string[]> {
  const folder = join(dataDir, 'outbox');
  const out: string[] = [];
  for (const name of (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'))) {
    const head = (await readFile(join(folder, name), 'latin1')).split('\r\n\r\n')[0] ?? '';
    out.push(/^To: (.+)$/m.exec(head)?.[1]?.trim() ?? '');
  }
  return out.sort();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'send-topic-'));
  dataDir = join(dir, 'data');
  env = { DIGEST_DATA_DIR: dataDir, DIGEST_TRANSPORT: 'outbox', DIGEST_BASE_URL: '' };
  await writeFile(join(dir, 'article.txt'), ARTICLE);
  await writeFile(
    join(dir, 'people.csv'),
    'email,topics\ncivic@example.net,civic\nsport@example.net,sport\nboth@example.net,civic;sport\n',
  );
  const updated = await runCli(['lists', 'update', 'default', '--topics', 'civic,sport'], { env });
  expect(updated.code, updated.stderr).toBe(0);
  const imported = await runCli(['subscribers', 'import', join(dir, 'people.csv'), '--confirmed'], { env });
  expect(imported.code, imported.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('digest send --topic', () => {
  let issueId = '';

  it('sends the issue to the topic subscribers only', async () => {
    const result = await runCli(['send', join(dir, 'article.txt'), '--topic', 'civic', '--json'], {
      env,
      timeoutMs: 120_000,
    });
    expect(result.code, result.stderr).toBe(0);
    issueId = JSON.parse(result.stdout.trim()).issueId;
    expect(await recipients()).toEqual(['both@example.net', 'civic@example.net']);
  }, 120_000);

  it('a resume with --issue keeps the topic: nobody outside it gets the issue', async () => {
    const result = await runCli(['send', '--issue', issueId, '--json'], { env, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ issueId, sent: 0, skipped: 2, failed: 0, unknown: 0 });
    expect(await recipients()).toEqual(['both@example.net', 'civic@example.net']);
  }, 120_000);

  it('a resume with another topic is refused in one line, and sends nothing', async () => {
    const result = await runCli(['send', '--issue', issueId, '--topic', 'sport'], {
      env,
      timeoutMs: 120_000,
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `digest: issue ${issueId} goes to the topic "civic"; resume it without --topic`,
    ]);
    expect(await recipients()).toEqual(['both@example.net', 'civic@example.net']);
  }, 120_000);

  it('an issue archived without its topic can be resumed with --topic, and reaches nobody else', async () => {
    const file = join(dataDir, 'issues', `${issueId}.json`);
    const archived = JSON.parse(await readFile(file, 'utf8'));
    delete archived.issue.topic;
    await writeFile(file, JSON.stringify(archived));
    const result = await runCli(['send', '--issue', issueId, '--topic', 'civic', '--json'], {
      env,
      timeoutMs: 120_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ issueId, sent: 0, skipped: 2, failed: 0, unknown: 0 });
    expect(await recipients()).toEqual(['both@example.net', 'civic@example.net']);
    archived.issue.topic = 'civic';
    await writeFile(file, JSON.stringify(archived));
  }, 120_000);

  it('the dry run of a resume counts the topic audience', async () => {
    const result = await runCli(['send', '--issue', issueId, '--dry-run', '--json'], {
      env,
      timeoutMs: 120_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ issueId, recipients: 2 });
  }, 120_000);
});
