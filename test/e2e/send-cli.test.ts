/**
 * `digest send` and `digest stats` as a user drives them, next to a running `digest dev` on the
 * same data dir: the stderr contract (`issue: <id>`, one summary, no runtime warnings), the --json
 * line, resume, --dry-run, --test-to, and a one-click unsubscribe link from the mail that works.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSubscriberStore } from '../../functions/adapters/dynamo-subscriber-store.js';
import { openLocalDynamo } from '../../functions/adapters/local-runtime.js';
import { DEFAULT_SUBSCRIBERS_TABLE } from '../../functions/cli/local-deps.js';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { parseMail } from '../support/mail.js';

const ARTICLE = `Library opens its doors at night

The city library will stay open until midnight on weekdays from next month, its director said on Monday. "Students asked for a quiet place to work after their evening shifts," said Ana Ruiz, who has run the library since 2019. The late hours will be staffed by volunteers and two new librarians. The council approved the budget last week.
`;

let dir: string;
let dataDir: string;
let dev: DevServer;
let env: NodeJS.ProcessEnv;

async function outbox(): Promise<{ name: string; to: string }[]> {
  const folder = join(dataDir, 'outbox');
  const out: { name: string; to: string }[] = [];
  for (const name of (await readdir(folder).catch(() => [] as string[]))
    .filter((n) => n.endsWith('.eml'))
    .sort()) {
    const head = (await readFile(join(folder, name), 'latin1')).split('\r\n\r\n')[0] ?? '';
    out.push({ name, to: /^To: (.+)$/m.exec(head)?.[1]?.trim() ?? '' });
  }
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'send-cli-'));
  dataDir = join(dir, 'data');
  env = { DIGEST_DATA_DIR: dataDir, DIGEST_TRANSPORT: 'outbox', DIGEST_BASE_URL: '' };
  await writeFile(join(dir, 'article.txt'), ARTICLE);
  for (const email of ['ana@example.net', 'ben@example.net']) {
    const added = await runCli(['subscribers', 'add', email, '--confirmed'], { env });
    expect(added.code, added.stderr).toBe(0);
  }
  dev = await startDevServer(dataDir, env);
}, 120_000);

afterAll(async () => {
  await dev?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('digest send', () => {
  let issueId = '';

  it('delivers to the list while digest dev runs, with the stderr and --json contract', async () => {
    const before = (await outbox()).length;
    const result = await runCli(['send', join(dir, 'article.txt'), '--json'], { env, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stderr.trim().split('\n');
    issueId = /^issue: (\S+)$/.exec(lines[0] ?? '')?.[1] ?? '';
    expect(issueId).toMatch(/^\d{8}-[0-9a-f]{12}$/);
    expect(lines[1]).toBe(
      'sent 2, skipped 0 (already sent, suppressed or no longer subscribed), failed 0, unknown 0',
    );
    expect(lines).toHaveLength(2);
    const json = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(Object.keys(json)).toEqual(['issueId', 'sent', 'skipped', 'failed', 'unknown']);
    expect(json).toEqual({ issueId, sent: 2, skipped: 0, failed: 0, unknown: 0 });
    const after = await outbox();
    expect(after.length - before).toBe(2);
    expect(
      after
        .slice(before)
        .map((m) => m.to)
        .sort(),
    ).toEqual(['ana@example.net', 'ben@example.net']);
  }, 180_000);

  it('mails a working one-click unsubscribe link that points at the running dev server', async () => {
    const mail = (await outbox()).find((m) => m.to === 'ben@example.net')!;
    const parsed = await parseMail(await readFile(join(dataDir, 'outbox', mail.name)));
    const raw = (await readFile(join(dataDir, 'outbox', mail.name), 'latin1')).split('\r\n\r\n')[0]!;
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const oneClick = /^List-Unsubscribe: <([^>]+)>/m.exec(raw)?.[1];
    expect(oneClick?.startsWith(`${dev.url}/unsubscribe?token=`)).toBe(true);
    expect(parsed.html).toContain(oneClick!.replaceAll('&', '&amp;'));
    expect(parsed.text).toContain(oneClick);
    const answer = await fetch(oneClick!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(answer.status).toBe(200);
    const listed = await runCli(['subscribers', 'list', '--json'], { env });
    expect(listed.stdout).toMatch(/ben@example\.net[^\n]*unsubscribed|unsubscribed[^\n]*ben@example\.net/);
  }, 60_000);

  it('resumes without sending anyone a second copy', async () => {
    const before = (await outbox()).length;
    const result = await runCli(['send', '--issue', issueId, '--json'], { env, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ issueId, sent: 0, skipped: 1, failed: 0, unknown: 0 });
    expect((await outbox()).length).toBe(before);
  }, 120_000);

  it('a resume refuses a subject or another list, which it would not apply, and sends nothing', async () => {
    const before = (await outbox()).length;
    const other = await runCli(['lists', 'create', 'evening', '--title', 'Evening Desk'], { env });
    expect(other.code, other.stderr).toBe(0);
    const subject = await runCli(
      ['send', '--issue', issueId, '--subject', 'Library hours, corrected', '--json'],
      {
        env,
      },
    );
    expect(subject.stderr).toBe(
      `digest: --subject cannot change issue ${issueId}: --issue sends an archived issue as it was composed, to its own list; to send its articles otherwise, give them instead of --issue\n`,
    );
    expect(subject.code).toBe(2);
    expect(subject.stdout).toBe('');
    const list = await runCli(['send', '--issue', issueId, '--list', 'evening', '--json'], { env });
    expect(list.stderr).toBe(
      `digest: issue ${issueId} is an issue of the list default, not evening: --issue sends it to its own list; to send its articles to evening, give them instead of --issue\n`,
    );
    expect(list.code).toBe(2);
    expect(list.stdout).toBe('');
    // Its own list, named: the resume it always was.
    const own = await runCli(['send', '--issue', issueId, '--list', 'default', '--json'], { env });
    expect(own.code, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout.trim())).toMatchObject({ issueId, sent: 0 });
    expect((await outbox()).length).toBe(before);
  }, 120_000);

  it('--dry-run --create writes nothing, the new list included', async () => {
    const dry = await runCli(
      ['send', join(dir, 'article.txt'), '--list', 'not-yet', '--create', '--dry-run', '--json'],
      { env, timeoutMs: 120_000 },
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/^would create list "not-yet" \(.+\); --dry-run creates nothing\n/);
    expect(JSON.parse(dry.stdout.trim())).toMatchObject({ sent: 0, dryRun: true, recipients: 0 });
    const shown = await runCli(['lists', 'show', 'not-yet'], { env });
    expect(shown.code).not.toBe(0);
    expect(shown.stderr).toMatch(/^digest: no list "not-yet"/);
  }, 120_000);

  it('--dry-run sends nothing; --test-to sends one copy and marks nobody', async () => {
    const before = (await outbox()).length;
    const dry = await runCli(['send', join(dir, 'article.txt'), '--dry-run', '--json'], {
      env,
      timeoutMs: 120_000,
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout.trim())).toMatchObject({ sent: 0, dryRun: true, recipients: 1 });
    expect(dry.stderr).toMatch(
      /^dry run: issue \S+ .* would go to 1 subscriber\(s\) of default; 0 suppressed; nothing sent\n$/,
    );
    expect((await outbox()).length).toBe(before);

    const test = await runCli(['send', '--issue', issueId, '--test-to', 'Editor@Example.COM', '--json'], {
      env,
    });
    expect(test.code, test.stderr).toBe(0);
    const after = await outbox();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)?.to).toBe('Editor@example.com');
    const stats = await runCli(['stats', issueId, '--json'], { env });
    expect(JSON.parse(stats.stdout)).toMatchObject({
      issueId,
      recipients: 2,
      sent: 2,
      failed: 0,
      unknown: 0,
      bounced: 0,
    });
  }, 180_000);

  it('a --test-to copy of a new issue is private: [Test] subject, not archived, listed apart in stats', async () => {
    const result = await runCli(
      ['send', join(dir, 'article.txt'), '--test-to', 'editor@example.com', '--json'],
      {
        env,
        timeoutMs: 120_000,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const testId = (JSON.parse(result.stdout.trim()) as { issueId: string }).issueId;
    const copy = (await outbox()).at(-1)!;
    const head = (await readFile(join(dataDir, 'outbox', copy.name), 'latin1')).split('\r\n\r\n')[0] ?? '';
    expect(head).toMatch(/^Subject: \[Test\] /m);
    const archived = await readdir(join(dataDir, 'issues'));
    expect(archived).toContain(`${issueId}.json`); // the real issue is there
    expect(archived.filter((name) => name.startsWith(testId))).toEqual([]);
    const stats = await runCli(['stats', testId, '--json'], { env });
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({
      recipients: 0,
      sent: 0,
      tests: [{ recipient: 'e***@example.com' }],
    });
  }, 180_000);

  it('counts a bounce recorded for a recipient after the issue went out', async () => {
    // what the feedback handler leaves behind: a suppression with its reason (through the shared dynalite)
    const dynamo = await openLocalDynamo(dataDir);
    try {
      await new DynamoSubscriberStore(dynamo.client, DEFAULT_SUBSCRIBERS_TABLE).suppress(
        'ana@example.net',
        'bounce',
        new Date().toISOString(),
      );
    } finally {
      await dynamo.close();
    }
    const stats = await runCli(['stats', issueId], { env });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toMatch(/^\s+bounced\s+1$/m);
    expect(stats.stdout).toMatch(/^\s+complained\s+0$/m);
  }, 120_000);

  it('refuses a call with nothing to send, in one line', async () => {
    const result = await runCli(['send'], { env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe(
      'digest: nothing to send: give article files or URLs, or --issue ID to resume\n',
    );
    const unknown = await runCli(['stats', 'no-such-issue'], { env });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toBe('digest: no issue no-such-issue (not archived, nothing delivered)\n');
  }, 60_000);
});
