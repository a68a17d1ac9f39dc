/**
 * `digest send`'s exit code, as a cron job reads it: the rule of `digest briefing` (exit-codes.ts). Recipients that
 * failed (SES refused the message) or whose outcome is unknown (the answer was lost after SES took the message) exit
 * 2, with the `--json` line as always; a delivery where everyone was sent exits 0. SES is aws-ses-v2-local behind the
 * fault proxy, which refuses or loses every send while a test asks it to.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importConfirmed, runCli, type SesCli, startSesCli } from '../support/cli.js';

const RECIPIENTS = ['exit0@example.net', 'exit1@example.net', 'exit2@example.net'];
const ARTICLE = `Night buses return to the harbour line

The night bus to the harbour will run again from Friday, the transport board said on Monday. "People who finish their shift at two in the morning have walked home for a year," said Ada Lind, who chairs the board. Buses will leave the station every half hour until five.
`;

let cli: SesCli;

beforeAll(async () => {
  cli = await startSesCli('send-exit-', { maxSendRate: 40 });
  await writeFile(join(cli.dir, 'article.txt'), ARTICLE);
  const imported = await importConfirmed(cli.dir, RECIPIENTS, cli.env);
  expect(imported.code, imported.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await cli?.close();
});

const send = () =>
  runCli(['send', join(cli.dir, 'article.txt'), '--json', '--progress', 'none'], {
    env: cli.env,
    timeoutMs: 120_000,
  });

/** The `--json` line: its keys in their order, and its values. */
function jsonLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const json = JSON.parse(lines[0]!) as Record<string, unknown>;
  expect(Object.keys(json)).toEqual(['issueId', 'sent', 'skipped', 'failed', 'unknown']);
  return json;
}

describe('digest send exit codes', { timeout: 180_000 }, () => {
  it('exits 2 when recipients failed (SES refused them), and the --json line says how many', async () => {
    cli.ses.proxy.setRates({ reject: 1 });
    const run = await send();
    expect(run.code, run.stderr).toBe(2);
    expect(jsonLine(run.stdout)).toMatchObject({ sent: 0, skipped: 0, failed: 3, unknown: 0 });
    expect(run.stderr).toMatch(/^sent 0, skipped 0 .*, failed 3, unknown 0$/m);
    expect(run.stderr).not.toMatch(/^digest: /m);

    // `digest stats` names who did not get it, why, and how to resume (addresses masked, as test copies')
    const issueId = String(jsonLine(run.stdout).issueId);
    const stats = await runCli(['stats', issueId], { env: cli.env });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toContain('did not get it: 3 failed, 0 unknown, 0 stalled');
    expect(stats.stdout.match(/^ {2}e\*+@example\.net +failed +\S+ +\S.*$/gm)).toHaveLength(3);
    expect(stats.stdout).not.toContain('exit0@example.net');
    expect(stats.stdout).toContain(`resume: digest send --issue ${issueId}`);
    // the JSON keeps its shape: counts only
    const json = await runCli(['stats', issueId, '--json'], { env: cli.env });
    expect(json.stdout).not.toContain('did not get it');
  });

  it('exits 2 when the outcome of recipients is unknown (the answers were lost)', async () => {
    cli.ses.proxy.setRates({ loseAnswer: 1 });
    const run = await send();
    expect(run.code, run.stderr).toBe(2);
    expect(jsonLine(run.stdout)).toMatchObject({ sent: 0, failed: 0, unknown: 3 });
  });

  it('exits 0 when every recipient was sent', async () => {
    cli.ses.proxy.setRates({});
    const run = await send();
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLine(run.stdout)).toMatchObject({ sent: 3, skipped: 0, failed: 0, unknown: 0 });
  });
});
