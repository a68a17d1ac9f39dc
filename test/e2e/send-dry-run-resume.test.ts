/**
 * `digest send --issue ID --dry-run`: the dry run of a resume says what the resume would do, read from the delivery
 * ledger (who has the issue already, who would be sent it now, who is unknown or failed), and sends or writes
 * nothing. The real resume that follows sends exactly the number the dry run named. SES is aws-ses-v2-local behind
 * the fault proxy, which loses every answer while a test asks it to (unknown recipients).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importConfirmed, runCli, type SesCli, startSesCli } from '../support/cli.js';

const FIRST = ['ferry.one@example.net', 'ferry.two@example.net', 'ferry.three@example.net'];
const ARTICLE = `Ferry timetable grows a late crossing

The island ferry adds a crossing at eleven at night from next month, the harbour office said on Tuesday. "Nurses on the late shift have slept on the mainland twice a week," said Mira Holt, who runs the office. The new crossing takes forty minutes.
`;

let cli: SesCli;

beforeAll(async () => {
  cli = await startSesCli('send-dry-resume-', { maxSendRate: 40 });
  await writeFile(join(cli.dir, 'article.txt'), ARTICLE);
  const imported = await importConfirmed(cli.dir, FIRST, cli.env);
  expect(imported.code, imported.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await cli?.close();
});

const run = (args: string[]) => runCli([...args, '--progress', 'none'], { env: cli.env, timeoutMs: 120_000 });

function json(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
}

describe('digest send --issue ID --dry-run', { timeout: 240_000 }, () => {
  it('names who already has the issue and who a resume would send it to, and sends nothing', async () => {
    cli.ses.proxy.setRates({});
    const first = await run(['send', join(cli.dir, 'article.txt'), '--json']);
    expect(first.code, first.stderr).toBe(0);
    const issueId = String(json(first.stdout).issueId);
    const storedAfterSend = (await cli.ses.stored()).length;
    expect(storedAfterSend).toBe(3);

    const dry = await run(['send', '--issue', issueId, '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toBe(
      `dry run: resuming issue ${issueId} "Ferry timetable grows a late crossing" to 3 subscriber(s) of default: 3 already have it, 0 would be sent it now, 0 unknown, 0 failed for good (not retried); 0 suppressed; nothing sent\n`,
    );
    expect(json(dry.stdout)).toMatchObject({
      issueId,
      sent: 0,
      skipped: 3,
      failed: 0,
      unknown: 0,
      dryRun: true,
      recipients: 3,
      wouldSend: 0,
      alreadySent: 3,
    });

    // a reader who joined since is the one a resume would send it to
    const joined = await importConfirmed(cli.dir, [...FIRST, 'ferry.four@example.net'], cli.env);
    expect(joined.code, joined.stderr).toBe(0);
    const dryAgain = await run(['send', '--issue', issueId, '--dry-run', '--json']);
    expect(dryAgain.code, dryAgain.stderr).toBe(0);
    expect(dryAgain.stderr).toContain(
      'to 4 subscriber(s) of default: 3 already have it, 1 would be sent it now',
    );
    expect(json(dryAgain.stdout)).toMatchObject({ recipients: 4, wouldSend: 1, alreadySent: 3 });
    expect((await cli.ses.stored()).length).toBe(storedAfterSend);

    // the resume does what the dry run said
    const resume = await run(['send', '--issue', issueId, '--json']);
    expect(resume.code, resume.stderr).toBe(0);
    expect(json(resume.stdout)).toMatchObject({ sent: 1, skipped: 3 });
  });

  it('counts unknown recipients as not resent, unless --resend-unknown', async () => {
    cli.ses.proxy.setRates({ loseAnswer: 1 });
    const lost = await run(['send', join(cli.dir, 'article.txt'), '--subject', 'Late crossing', '--json']);
    expect(lost.code, lost.stderr).toBe(2);
    const issueId = String(json(lost.stdout).issueId);
    expect(json(lost.stdout)).toMatchObject({ unknown: 4 });
    cli.ses.proxy.setRates({});

    const dry = await run(['send', '--issue', issueId, '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(
      '0 already have it, 0 would be sent it now, 4 unknown (not resent without --resend-unknown)',
    );
    expect(json(dry.stdout)).toMatchObject({ sent: 0, unknown: 4, wouldSend: 0 });

    const dryResend = await run(['send', '--issue', issueId, '--dry-run', '--resend-unknown', '--json']);
    expect(dryResend.code, dryResend.stderr).toBe(0);
    expect(json(dryResend.stdout)).toMatchObject({ unknown: 0, wouldSend: 4 });

    // nothing was written: the real resume still finds the four unknown
    const resume = await run(['send', '--issue', issueId, '--json']);
    expect(json(resume.stdout)).toMatchObject({ sent: 0, unknown: 4 });
  });
});
