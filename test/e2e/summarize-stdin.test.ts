import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../support/cli.js';

/**
 * `digest summarize -` reads stdin within the same 5 MB cap as a file, counted while it streams: a
 * producer that never stops (`yes | digest summarize -`, a runaway pipe) gets a clear refusal as soon as
 * the cap is passed, not a process that buffers until memory runs out.
 */
describe('digest summarize - (stdin)', () => {
  it('refuses stdin past 5 MB while the pipe is still open', async () => {
    const child = spawn(process.execPath, [CLI, 'summarize', '--json', '-'], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.stdin.on('error', () => {});
    // An endless stream of prose: written whenever the pipe drains, never ended.
    const chunk = Buffer.from('The ferry ran late again on Tuesday, the harbour office said. '.repeat(1000));
    let stopped = false;
    const pump = (): void => {
      while (!stopped && child.stdin.write(chunk)) {}
      if (!stopped) child.stdin.once('drain', pump);
    };
    pump();
    const code = await new Promise<number | null>((resolve) =>
      child.on('close', (c) => {
        stopped = true;
        resolve(c);
      }),
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('digest: stdin is too large (the limit is 5 MB)\n');
  }, 60_000);
});
