// `--subject` longer than a subject line may be: `digest send` and `digest render` refuse it before doing
// anything, with one line that says the limit, instead of cutting the subject or sending a broken header.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { parseMail } from '../support/mail.js';
import { type OutboxNewsletter, outboxNewsletter } from '../support/outbox-newsletter.js';

let newsletter: OutboxNewsletter;

beforeAll(async () => {
  newsletter = await outboxNewsletter('digest-e2e-subject');
  await newsletter.cli('subscribers', 'add', 'reader@example.org', '--confirmed');
});
afterAll(async () => {
  await rm(newsletter.dir, { recursive: true, force: true });
});

const outboxFiles = async () =>
  (await readdir(join(newsletter.dir, 'data', 'outbox')).catch(() => [] as string[])).filter((f) =>
    f.endsWith('.eml'),
  );

describe('--subject limit', { timeout: 120_000 }, () => {
  const article = () => join(newsletter.dir, 'article.txt');

  it.each([
    ['send', () => ['send', article()]],
    ['send --dry-run', () => ['send', article(), '--dry-run']],
    ['render', () => ['render', article(), '--out', join(newsletter.dir, 'rendered')]],
  ])('%s refuses a --subject over 200 characters and sends nothing', async (_name, args) => {
    const run = await runCli([...args(), '--subject', 'x'.repeat(1200)], {
      env: newsletter.env,
      timeoutMs: 120_000,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('digest: --subject is 1200 characters long; a subject takes at most 200\n');
    expect(run.stdout).toBe('');
    expect(await outboxFiles()).toEqual([]);
  });

  it.each([
    ['send', () => ['send', article()]],
    ['send --dry-run', () => ['send', article(), '--dry-run']],
    ['render', () => ['render', article(), '--out', join(newsletter.dir, 'rendered')]],
  ])(
    '%s refuses a --subject with a line break inside, as a list title is refused, and sends nothing',
    async (_name, args) => {
      const run = await runCli([...args(), '--subject', 'Harbour notes\nBcc: someone@example.org'], {
        env: newsletter.env,
        timeoutMs: 120_000,
      });
      expect(run.stderr).toBe(
        'digest: --subject has a line break in it: a subject is one line of the mail, sent as typed; give it without line breaks, tabs or control characters\n',
      );
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(await outboxFiles()).toEqual([]);
    },
  );

  it('send takes a --subject of exactly 200 characters, and every header line of the message fits', async () => {
    const subject = `${'y'.repeat(150)} ${'z'.repeat(49)}`;
    await newsletter.cli('send', article(), '--subject', subject, '--json');
    const files = await outboxFiles();
    expect(files).toHaveLength(1);
    const raw = await readFile(join(newsletter.dir, 'data', 'outbox', files[0]!));
    const head = raw.toString('latin1').split('\r\n\r\n')[0]!;
    for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect((await parseMail(raw)).subject).toBe(subject);
  });
});
