/**
 * `DIGEST_TRANSPORT=ses digest send` where the SDK's default chain finds no credentials (no variables, no profile
 * file, no instance role): the SDK fails before it builds any request, so nothing reached SES. The run stops with one
 * line naming the cause (exit 1), nobody is recorded as `unknown` (which would need `--resend-unknown` and a check
 * of each reader), and a resume once credentials are there sends each recipient once.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importConfirmed, runCli, type SesCli, startSesCli } from '../support/cli.js';

const ARTICLE = `Tram line extended to the harbour

The number 4 tram will run to the harbour from March, the city said on Thursday. "Half the people who work at the port drive because there is no tram," said Lea Novak, the city's head of transport. Construction of the last kilometre starts next week.
`;
const READERS = ['ana@example.net', 'ben@example.net', 'cleo@example.net'];

/** The environment of a machine with no AWS credentials anywhere the default chain looks. */
const NO_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
  AWS_WEB_IDENTITY_TOKEN_FILE: '',
};

let cli: SesCli;

beforeAll(async () => {
  cli = await startSesCli('send-ses-credentials-');
  await writeFile(join(cli.dir, 'article.txt'), ARTICLE);
  const imported = await importConfirmed(cli.dir, READERS, cli.env);
  expect(imported.code, imported.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await cli?.close();
});

describe('digest send through SES without AWS credentials', () => {
  it('stops with one line (exit 1), records nobody as unknown, and a resume with credentials sends each once', async () => {
    const env = { ...cli.env, ...NO_CREDENTIALS };
    const failed = await runCli(['send', join(cli.dir, 'article.txt'), '--json', '--progress', 'none'], {
      env,
      timeoutMs: 120_000,
    });
    expect(failed.code, failed.stderr).toBe(1);
    const lines = failed.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^issue: \S+$/);
    expect(lines.slice(1)).toEqual([
      'digest: no AWS credentials: Could not load credentials from any providers',
    ]);
    expect(failed.stdout).toBe('');
    expect(await cli.ses.stored()).toHaveLength(0);
    const issueId = lines[0]!.slice('issue: '.length);

    const stats = await runCli(['stats', issueId, '--json'], { env: cli.env });
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ sent: 0, unknown: 0, failed: 0 });

    const resumed = await runCli(['send', '--issue', issueId, '--json', '--progress', 'none'], {
      env: cli.env,
      timeoutMs: 120_000,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout.trim())).toMatchObject({ sent: READERS.length, failed: 0, unknown: 0 });
    const to = (await cli.ses.stored()).flatMap((mail) => mail.destination.to).sort();
    expect(to).toEqual(READERS);
  }, 300_000);
});
