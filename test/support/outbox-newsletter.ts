// A newsletter run by the `digest` command on a data dir of its own, delivering to the outbox: for e2e
// tests that send issues and then read what the command says of them.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from './cli.js';

const ARTICLE = `Tide mill grinds again after forty years

The tide mill on the north creek turned its wheel on Saturday for the first time since 1985, its trust said. "The tide does the work and we sweep the flour," said miller Oona Pratt, who learned the trade in Suffolk. The mill will open to visitors on spring tides. The trust raised the money for the repairs over six years.
`;

export interface OutboxNewsletter {
  /** The temporary folder (the data dir is `data/` in it); remove it after the tests. */
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs `digest <args>`, expects exit 0, and returns its stdout. */
  cli: (...args: string[]) => Promise<string>;
  /** Sends our sample article as an issue to the default list; returns the issue id. */
  send: () => Promise<string>;
}

export async function outboxNewsletter(name: string): Promise<OutboxNewsletter> {
  const dir = await mkdtemp(join(tmpdir(), `${name}-`));
  const env: NodeJS.ProcessEnv = {
    DIGEST_DATA_DIR: join(dir, 'data'),
    DIGEST_TRANSPORT: 'outbox',
    DIGEST_BASE_URL: '',
    DIGEST_SECRET: `${name}-secret-0123456789abcdef0123456789`,
  };
  await writeFile(join(dir, 'article.txt'), ARTICLE);
  const cli = async (...args: string[]) => {
    const run = await runCli(args, { env, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    return run.stdout;
  };
  const send = async () =>
    String(JSON.parse((await cli('send', join(dir, 'article.txt'), '--json')).trim()).issueId);
  return { dir, env, cli, send };
}
