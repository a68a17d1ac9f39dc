// `digest stats --list` as an editor reads it: an unknown list is an error naming the lists that exist (as for every
// other command), and the table's columns stay apart, header and values alike.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type OutboxNewsletter, outboxNewsletter } from '../support/outbox-newsletter.js';

const COLUMNS = ['sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsub'];

let newsletter: OutboxNewsletter;
let issueId: string;

beforeAll(async () => {
  newsletter = await outboxNewsletter('digest-e2e-stats-list');
  await newsletter.cli('subscribers', 'add', 'reader@example.org', '--confirmed');
  issueId = await newsletter.send();
}, 120_000);
afterAll(async () => {
  await rm(newsletter.dir, { recursive: true, force: true });
});

describe('digest stats --list', { timeout: 120_000 }, () => {
  it('an unknown list is an error naming the lists that exist, not "no issues"', async () => {
    const run = await runCli(['stats', '--list', 'nosuch'], { env: newsletter.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'digest: no list "nosuch"; lists: default (create one with `digest lists create`)\n',
    );
    expect(run.stdout).toBe('');
    const json = await runCli(['stats', '--list', 'nosuch', '--json'], { env: newsletter.env });
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
  });

  it('--watch with --list is a usage error, not a table printed once as if it were followed', async () => {
    const run = await runCli(['stats', '--list', 'default', '--watch'], { env: newsletter.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('digest: --watch follows one issue: give its id, not --list\n');
    expect(run.stdout).toBe('');
  });

  it('every header and value stands apart, each value under its header', async () => {
    const out = await newsletter.cli('stats', '--list', 'default');
    const lines = out.split('\n');
    expect(lines[0]).toBe('list default: last 1 issue');
    const head = lines[1]!;
    const row = lines.find((line) => line.startsWith(issueId))!;
    expect(head.trim().split(/\s+/)).toEqual(['issue', ...COLUMNS, 'subject']);
    expect(row).toBeDefined();
    for (const name of COLUMNS) {
      // right-aligned: the value ends where its header ends, and a space follows both
      const end = head.indexOf(` ${name} `) + 1 + name.length;
      expect(end, name).toBeGreaterThan(name.length);
      expect(head[end], name).toBe(' ');
      expect(row[end - 1], `${name} in ${JSON.stringify(row)}`).not.toBe(' ');
      expect(row[end], `${name} in ${JSON.stringify(row)}`).toBe(' ');
    }
    // tracking is off on this list: opens and clicks were never counted
    expect(row.match(/not tracked/g)).toHaveLength(2);
    expect(row).toMatch(/ {2}Tide mill grinds again after forty years$/);
  });
});
