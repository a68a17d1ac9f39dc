// `digest summarize FILE` on inputs whose shape misleads the sniffing: markup that is not an article,
// and text crafted to make a pattern backtrack. The built CLI, as a user runs it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'digest-e2e-shapes-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const PROSE = 'The harbour office said on Tuesday that the night ferry would run late all week.\n';

describe('digest summarize input shapes', { timeout: 180_000 }, () => {
  it('a file of many empty comments before plain text is read, not stuck in the HTML sniffing', async () => {
    // Sixty `<!---->` in a row: a pattern that skips comments with a lazy repeat inside a repeat tries
    // every way of splitting them before it gives up, which never ends at this count.
    const path = join(dir, 'comments.txt');
    const text = `${'<!---->'.repeat(60)}\n${PROSE}`;
    writeFileSync(path, text);
    // The guard only stops a run that never ends; a working one takes about a second.
    const result = await runCli(['summarize', '--json', path], { timeoutMs: 150_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).source).toBe(text);
  });

  it('a page nested too deep is refused with a line that names the file, or stdin', async () => {
    const path = join(dir, 'deep.html');
    const page = `<!doctype html><html><body>${'<div>'.repeat(200)}<p>${PROSE}</p>${'</div>'.repeat(200)}</body></html>`;
    writeFileSync(path, page);
    const file = await runCli(['summarize', path]);
    expect(file.stderr).toBe(`digest: the page ${path} is nested more than 150 levels deep: not read\n`);
    expect(file.stdout).toBe('');
    expect(file.code).toBe(1);
    const piped = await runCli(['summarize', '-'], { input: page });
    expect(piped.stderr).toBe('digest: the page on stdin is nested more than 150 levels deep: not read\n');
    expect(piped.code).toBe(1);
  });

  it('an RSS feed given as a file is refused with one line, not summarised as a page', async () => {
    const path = join(dir, 'courier.rss');
    const items = Array.from(
      { length: 3 },
      (_, i) =>
        `<item><title>Ferry ${i}</title><link>https://courier.example.org/${i}</link><description>${PROSE}</description></item>`,
    ).join('');
    writeFileSync(
      path,
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>${items}</channel></rss>`,
    );
    const result = await runCli(['summarize', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `digest: ${path} is an RSS or Atom feed, not an article: summarize one of its items, or add it with digest sources add\n`,
    );
  });
});
