/**
 * Where signed-out console sessions are remembered (ports/ended-sessions.ts), against the real stores: the
 * briefings table on dynalite (the deployed adapter; DynamoDB faults from the fault proxy in front of it), and
 * the files under a data dir (the local adapter).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { briefingsTableDefinition } from '../../functions/adapters/dynamo-briefing-store.js';
import { DynamoEndedSessions } from '../../functions/adapters/dynamo-ended-sessions.js';
import { ENDED_SESSIONS_DIR, FileEndedSessions } from '../../functions/adapters/file-ended-sessions.js';
import { ensureTable, type LocalDynamo, openLocalDynamo } from '../../functions/adapters/local-runtime.js';
import { TABLE_DESIGNS } from '../../infra/table-designs.js';
import { settableClock } from '../support/clock.js';
import { type DynamoFaultProxy, startDynamoFaultProxy } from '../support/dynamo-fault-proxy.js';

const TABLE = 'briefings-ended-sessions';
const SESSION = 'desk-session-0123456789abcdef';
const OTHER = 'other-session-0123456789abcdef';
const UNTIL = Math.floor(Date.parse('2026-12-02T16:05:00Z') / 1000);

let dynamo: LocalDynamo;
let proxy: DynamoFaultProxy;
const dirs: string[] = [];

beforeAll(async () => {
  dynamo = await openLocalDynamo('', { inMemory: true });
  await ensureTable(dynamo.client, briefingsTableDefinition(TABLE));
  proxy = await startDynamoFaultProxy(dynamo.endpoint);
});
afterAll(async () => {
  await proxy?.close();
  await dynamo?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => proxy.throttle([]));

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'digest-ended-sessions-'));
  dirs.push(dir);
  return dir;
}

describe('ended sessions in the briefings table (the admin function in AWS)', () => {
  it('a sign-out recorded by one instance is seen by another, with the TTL attribute the table expires', async () => {
    const one = new DynamoEndedSessions(proxy.client(), TABLE);
    const another = new DynamoEndedSessions(proxy.client(), TABLE);
    expect(await another.isEnded(SESSION)).toBe(false);
    await one.end(SESSION, UNTIL);
    expect(await another.isEnded(SESSION)).toBe(true);
    expect(await another.isEnded(OTHER)).toBe(false);
    // Again (a retried sign-out) changes nothing.
    await another.end(SESSION, UNTIL);
    expect(await one.isEnded(SESSION)).toBe(true);

    const ttl = TABLE_DESIGNS.briefings.timeToLiveAttribute;
    expect(ttl).toBeDefined();
    const stored = await dynamo.client.send(
      new GetCommand({ TableName: TABLE, Key: { pk: `SESSION#${SESSION}`, sk: 'ENDED' } }),
    );
    expect(stored.Item?.[ttl!]).toBe(UNTIL);
  });

  it('a write DynamoDB refuses rejects the sign-out, and the session is not taken for ended', async () => {
    const sessions = new DynamoEndedSessions(proxy.client(), TABLE);
    proxy.throttle(['PutItem']);
    await expect(sessions.end(OTHER, UNTIL)).rejects.toThrow();
    expect(proxy.throttled.PutItem).toBeGreaterThan(0);
    proxy.throttle([]);
    expect(await sessions.isEnded(OTHER)).toBe(false);
  });

  it('a read that fails is an error, never an answer that the session stands', async () => {
    const sessions = new DynamoEndedSessions(proxy.client(), TABLE);
    proxy.throttle(['GetItem']);
    await expect(sessions.isEnded(SESSION)).rejects.toThrow();
    await expect(sessions.isEnded(OTHER)).rejects.toThrow();
  });

  it('refuses what is not a session id', async () => {
    const sessions = new DynamoEndedSessions(proxy.client(), TABLE);
    await expect(sessions.end('short', UNTIL)).rejects.toThrow(/session id/);
    await expect(sessions.isEnded('x#y')).rejects.toThrow(/session id/);
  });
});

describe('ended sessions in the data dir (`digest dev`)', () => {
  it('are seen by another process on the data dir, kept private, and pruned by a sign-out once expired', async () => {
    const dir = dataDir();
    const clock = settableClock('2026-12-02T08:00:00Z');
    const here = new FileEndedSessions(dir, clock);
    const there = new FileEndedSessions(dir, clock);
    const at = Math.floor(clock.now().getTime() / 1000);
    await here.end(SESSION, at + 60);
    expect(await there.isEnded(SESSION)).toBe(true);
    expect(await there.isEnded(OTHER)).toBe(false);
    const folder = join(dir, ENDED_SESSIONS_DIR);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, `${SESSION}.json`)).mode & 0o777).toBe(0o600);

    // Not yet expired: another sign-out keeps it.
    await there.end(OTHER, at + 600);
    expect(readdirSync(folder).sort()).toEqual([`${OTHER}.json`, `${SESSION}.json`].sort());
    // Past its expiry: the next sign-out removes it (and no temporary file is left behind).
    clock.at = new Date((at + 61) * 1000);
    const third = 'third-session-0123456789abcdef';
    await here.end(third, at + 61 + 600);
    expect(readdirSync(folder).sort()).toEqual([`${OTHER}.json`, `${third}.json`].sort());
    expect(await here.isEnded(OTHER)).toBe(true);
  });

  it('two processes signing out at once lose neither record', async () => {
    const dir = dataDir();
    const clock = settableClock('2026-12-02T08:00:00Z');
    const stores = [new FileEndedSessions(dir, clock), new FileEndedSessions(dir, clock)];
    const ids = Array.from({ length: 24 }, (_, i) => `concurrent-session-${String(i).padStart(4, '0')}`);
    await Promise.all(ids.map((id, i) => stores[i % 2]!.end(id, UNTIL)));
    for (const id of ids) expect(await stores[0]!.isEnded(id), id).toBe(true);
  });

  it('a sign-out that cannot be written rejects, and a record that cannot be read is an error', async () => {
    const dir = dataDir();
    // Where the folder belongs, a plain file: no record can be written or read under it.
    writeFileSync(join(dir, ENDED_SESSIONS_DIR), 'in the way\n');
    const sessions = new FileEndedSessions(dir, settableClock('2026-12-02T08:00:00Z'));
    await expect(sessions.end(SESSION, UNTIL)).rejects.toThrow();
    await expect(sessions.isEnded(SESSION)).rejects.toThrow();
  });

  it('refuses what is not a session id, so that no path leaves its folder', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, ENDED_SESSIONS_DIR));
    const sessions = new FileEndedSessions(dir, settableClock('2026-12-02T08:00:00Z'));
    await expect(sessions.end('../../../../tmp/x-0123456789abcdef', UNTIL)).rejects.toThrow(/session id/);
    await expect(sessions.isEnded('../secret')).rejects.toThrow(/session id/);
    expect(readdirSync(join(dir, ENDED_SESSIONS_DIR))).toEqual([]);
  });
});
