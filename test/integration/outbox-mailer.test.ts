import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listOutbox, OutboxError, OutboxMailer, outboxDir } from '../../functions/adapters/outbox-mailer.js';
import { parseMail } from '../support/mail.js';

const run = promisify(execFile);
let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'outbox-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const NAME_RE = /^(\d{8}T\d{9}Z)-(\d{8})-(.+)\.eml$/;

function message(i: number) {
  return {
    to: `reader${i}@example.net`,
    from: 'Digest <digest@example.org>',
    subject: `Issue ${i}`,
    html: `<p>hello ${i}</p>`,
    text: `hello ${i}`,
    deliveryId: `iss.${i}`,
  };
}

describe('OutboxMailer', () => {
  it('writes one whole .eml per message, named <UTC time>-<sequence>-<message id>.eml', async () => {
    const mailer = new OutboxMailer({ dataDir, now: () => new Date('2026-11-26T23:55:00.123Z') });
    const sent = await mailer.send(message(1));
    const files = await listOutbox(dataDir);
    expect(files).toHaveLength(1);
    const match = NAME_RE.exec(files[0]!);
    expect(match?.[1]).toBe('20261126T235500123Z');
    expect(match?.[2]).toBe('00000001');
    expect(match?.[3]).toBe(sent.messageId);
    const parsed = await parseMail(await readFile(join(outboxDir(dataDir), files[0]!)));
    expect(parsed.messageId).toBe(`<${sent.messageId}>`);
    expect(parsed.text?.trim()).toBe('hello 1');
    expect(await readdir(outboxDir(dataDir))).toEqual(
      expect.not.arrayContaining([expect.stringMatching(/\.tmp$/)]),
    );
  });

  it('gives unique sequences to concurrent writers in several processes', async () => {
    const script = join(dataDir, 'writer.mjs');
    const mod = new URL('../../functions/adapters/outbox-mailer.ts', import.meta.url).pathname;
    await writeFile(
      script,
      `import { OutboxMailer } from ${JSON.stringify(mod)};
       const m = new OutboxMailer({ dataDir: process.argv[2] });
       await Promise.all(Array.from({ length: 40 }, (_, i) => m.send({ to: 'r' + i + '@example.net', from: 'd@example.org', subject: 's', html: '<p>x</p>', text: 'x', deliveryId: process.pid + '.' + i })));`,
    );
    const tsx = new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
    const inProcess = new OutboxMailer({ dataDir });
    await Promise.all([
      run(process.execPath, [tsx, script, dataDir]),
      run(process.execPath, [tsx, script, dataDir]),
      Promise.all(Array.from({ length: 40 }, (_, i) => inProcess.send(message(i)))),
    ]);
    const files = await listOutbox(dataDir);
    expect(files).toHaveLength(120);
    const sequences = files.map((f) => Number(NAME_RE.exec(f)?.[2]));
    expect(new Set(sequences).size).toBe(120);
    expect(Math.max(...sequences)).toBe(120);
  }, 60_000);

  it('breaks a lock left by a process that died', async () => {
    const mailer = new OutboxMailer({ dataDir });
    await mailer.send(message(1));
    // a pid that cannot be alive: pids are below 2^22 on Linux
    await writeFile(join(outboxDir(dataDir), '.sequence.lock'), '4999999');
    await mailer.send(message(2));
    expect(await listOutbox(dataDir)).toHaveLength(2);
  });

  it('gives unique sequences to many writers of one process that meet a lock left by a dead process', async () => {
    const mailer = new OutboxMailer({ dataDir });
    await mailer.send(message(100));
    for (let round = 0; round < 40; round++) {
      // the state a `kill -9` can leave: the lock still names the dead sender
      await writeFile(join(outboxDir(dataDir), '.sequence.lock'), '4999999');
      await Promise.all(Array.from({ length: 8 }, (_, i) => mailer.send(message(round * 8 + i))));
    }
    const sequences = (await listOutbox(dataDir)).map((f) => Number(NAME_RE.exec(f)?.[2]));
    expect(sequences).toHaveLength(321);
    expect(new Set(sequences).size).toBe(321);
  });

  it('reports a sequence it cannot read as an outbox error, which is safe to retry', async () => {
    const mailer = new OutboxMailer({ dataDir });
    await mailer.send(message(1));
    // a counter that cannot be read (here a folder in its place): nothing of the message is written
    await rm(join(outboxDir(dataDir), '.sequence'));
    await mkdir(join(outboxDir(dataDir), '.sequence'));
    await expect(mailer.send(message(2))).rejects.toBeInstanceOf(OutboxError);
    expect(await listOutbox(dataDir)).toHaveLength(1);
  });
});
