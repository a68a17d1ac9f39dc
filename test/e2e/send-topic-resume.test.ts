/**
 * A topic issue keeps its audience: `digest send FILE --topic T` reaches T's subscribers and those who picked no
 * topic (who get every issue), not those with other topics only, and `digest send --issue ID` (the resume that
 * `issue: <id>` on stderr is for) reaches nobody else.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type SesCli, startSesCli } from '../support/cli.js';

const ARTICLE = `Library opens its doors at night

The city library will stay open until midnight on weekdays from next month, its director said on Monday. "Students asked for a quiet place to work after their evening shifts," said Ana Ruiz, who has run the library since 2019. The late hours will be staffed by volunteers and two new librarians. The council approved the budget last week.
`;

/** Who an issue of the topic "civic" goes to: its readers, and the reader who picked no topic. */
const AUDIENCE = ['all@example.net', 'both@example.net', 'civic@example.net'];

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

const PEOPLE =
  'email,topics\ncivic@example.net,civic\nsport@example.net,sport\nboth@example.net,civic;sport\nall@example.net,\n';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'send-topic-'));
  dataDir = join(dir, 'data');
  env = { DIGEST_DATA_DIR: dataDir, DIGEST_TRANSPORT: 'outbox', DIGEST_BASE_URL: '' };
  await writeFile(join(dir, 'article.txt'), ARTICLE);
  await writeFile(join(dir, 'people.csv'), PEOPLE);
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

  it('sends the issue to the topic subscribers and those with no topics, not those with another topic', async () => {
    const result = await runCli(['send', join(dir, 'article.txt'), '--topic', 'civic', '--json'], {
      env,
      timeoutMs: 120_000,
    });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim());
    issueId = summary.issueId;
    expect(summary).toEqual({ issueId, sent: 3, skipped: 0, failed: 0, unknown: 0 });
    expect(await recipients()).toEqual(AUDIENCE);
  }, 120_000);

  it('a resume with --issue keeps the topic: nobody outside it gets the issue', async () => {
    const result = await runCli(['send', '--issue', issueId, '--json'], { env, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ issueId, sent: 0, skipped: 3, failed: 0, unknown: 0 });
    expect(await recipients()).toEqual(AUDIENCE);
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
    expect(await recipients()).toEqual(AUDIENCE);
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
    expect(JSON.parse(result.stdout.trim())).toEqual({ issueId, sent: 0, skipped: 3, failed: 0, unknown: 0 });
    expect(await recipients()).toEqual(AUDIENCE);
    archived.issue.topic = 'civic';
    await writeFile(file, JSON.stringify(archived));
  }, 120_000);

  it('the dry run of a resume counts the topic audience', async () => {
    const result = await runCli(['send', '--issue', issueId, '--dry-run', '--json'], {
      env,
      timeoutMs: 120_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({
      issueId,
      recipients: 3,
      wouldSend: 0,
      alreadySent: 3,
    });
  }, 120_000);
});

describe('digest send --topic that no reader can have picked', () => {
  it('reads "Civic" as the topic civic (a dry run: nothing is sent)', async () => {
    const result = await runCli(
      ['send', join(dir, 'article.txt'), '--topic', ' Civic', '--dry-run', '--json'],
      {
        env,
        timeoutMs: 120_000,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ recipients: 3 });
  }, 120_000);

  it('refuses a topic the list does not offer (exit 2), naming its topics, and sends nothing', async () => {
    const before = await recipients();
    const result = await runCli(['send', join(dir, 'article.txt'), '--topic', 'civics', '--json'], {
      env,
      timeoutMs: 120_000,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '"civics" is not a topic of the list "default" (its topics: civic, sport)',
    );
    expect(result.stdout).toBe('');
    expect(await recipients()).toEqual(before);
  }, 120_000);
});

describe('digest send --topic through SES', () => {
  let cli: SesCli;

  beforeAll(async () => {
    cli = await startSesCli('send-topic-ses-');
    await writeFile(join(cli.dir, 'article.txt'), ARTICLE);
    await writeFile(join(cli.dir, 'people.csv'), PEOPLE);
    const updated = await runCli(['lists', 'update', 'default', '--topics', 'civic,sport'], { env: cli.env });
    expect(updated.code, updated.stderr).toBe(0);
    const imported = await runCli(['subscribers', 'import', join(cli.dir, 'people.csv'), '--confirmed'], {
      env: cli.env,
    });
    expect(imported.code, imported.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await cli?.close();
  });

  it('a sport issue reaches the sport readers and the reader with no topics, not the civic-only reader', async () => {
    const dry = await runCli(
      ['send', join(cli.dir, 'article.txt'), '--topic', 'sport', '--dry-run', '--json'],
      { env: cli.env, timeoutMs: 120_000 },
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout.trim())).toMatchObject({ recipients: 3 });
    const result = await runCli(['send', join(cli.dir, 'article.txt'), '--topic', 'sport', '--json'], {
      env: cli.env,
      timeoutMs: 120_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ sent: 3, skipped: 0, failed: 0, unknown: 0 });
    const to = (await cli.ses.stored()).flatMap((mail) => mail.destination.to).sort();
    expect(to).toEqual(['all@example.net', 'both@example.net', 'sport@example.net']);
  }, 180_000);
});
