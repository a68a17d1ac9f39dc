import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  baseUrl,
  DATA_FILES,
  ensureTable,
  loadTokenSecret,
  openLocalDynamo,
  recordDevServer,
  resolveDataDir,
} from '../../functions/adapters/local-runtime.js';

const CHILD = join(import.meta.dirname, 'helpers/local-runtime-child.ts');
const TABLE = {
  TableName: 'runtime-test',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
};

interface ChildReport {
  pid: number;
  endpoint: string;
  hosting: boolean;
  stored: boolean;
}

function startChild(
  dataDir: string,
  mode: 'once' | 'stay',
  key: string,
): { child: ChildProcess; report: Promise<ChildReport> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, mode, key], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const report = new Promise<ChildReport>((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => ok(JSON.parse(line) as ChildReport));
    child.once('exit', (code) => fail(new Error(`child exited ${code}: ${stderr}`)));
  });
  return { child, report };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((ok) => (hasExited(child) ? ok() : child.once('exit', () => ok())));
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-runtime-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (!hasExited(child)) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('data dir, secret and base URL', () => {
  it.each([
    { flag: '/abs/flag', env: { DIGEST_DATA_DIR: '/abs/env' }, out: '/abs/flag' },
    { flag: undefined, env: { DIGEST_DATA_DIR: '/abs/env' }, out: '/abs/env' },
    { flag: undefined, env: {}, out: '/srv/here/.digest' },
    { flag: 'rel', env: {}, out: '/srv/here/rel' },
    { flag: '  ', env: { DIGEST_DATA_DIR: ' ' }, out: '/srv/here/.digest' },
  ])('resolveDataDir($flag, $env) = $out', ({ flag, env, out }) => {
    expect(resolveDataDir(flag, env, '/srv/here')).toBe(out);
  });

  it('generates the secret once, 0600, and prefers DIGEST_SECRET', () => {
    const first = loadTokenSecret(dataDir, {});
    expect(first.length).toBeGreaterThanOrEqual(40);
    expect(loadTokenSecret(dataDir, {})).toBe(first);
    expect(statSync(join(dataDir, DATA_FILES.secret)).mode & 0o777).toBe(0o600);
    expect(loadTokenSecret(dataDir, { DIGEST_SECRET: 'from-env' })).toBe('from-env');
  });

  it('base URL: env > live dev server record > default', () => {
    expect(baseUrl(dataDir, {})).toBe('http://127.0.0.1:8787');
    recordDevServer(dataDir, 'http://127.0.0.1:4321');
    expect(baseUrl(dataDir, {})).toBe('http://127.0.0.1:4321');
    expect(baseUrl(dataDir, { DIGEST_BASE_URL: 'https://news.example.org/' })).toBe(
      'https://news.example.org',
    );
    // a record left by a dead process is ignored
    writeFileSync(
      join(dataDir, DATA_FILES.devServer),
      JSON.stringify({ url: 'http://127.0.0.1:9', pid: 2 ** 22 + 7 }),
    );
    expect(baseUrl(dataDir, {})).toBe('http://127.0.0.1:8787');
  });
});

describe('openLocalDynamo', () => {
  it('in memory: private, nothing written to the data dir, ensureTable idempotent', async () => {
    const dynamo = await openLocalDynamo(dataDir, { inMemory: true });
    try {
      await ensureTable(dynamo.client, TABLE);
      await ensureTable(dynamo.client, TABLE);
      await dynamo.client.send(new PutCommand({ TableName: TABLE.TableName, Item: { pk: 'a', n: 1 } }));
      const got = await dynamo.client.send(new GetCommand({ TableName: TABLE.TableName, Key: { pk: 'a' } }));
      expect(got.Item).toEqual({ pk: 'a', n: 1 });
      expect(existsSync(join(dataDir, DATA_FILES.dynamoRecord))).toBe(false);
    } finally {
      await dynamo.close();
    }
  });

  it('a second process connects to the first one’s endpoint and both see the same data', async () => {
    const host = startChild(dataDir, 'stay', 'from-host');
    children.push(host.child);
    const hostReport = await host.report;
    expect(hostReport).toMatchObject({ hosting: true, stored: true });
    const record = JSON.parse(readFileSync(join(dataDir, DATA_FILES.dynamoRecord), 'utf8'));
    expect(record).toEqual({ endpoint: hostReport.endpoint, pid: hostReport.pid });

    const second = startChild(dataDir, 'once', 'from-second');
    children.push(second.child);
    const secondReport = await second.report;
    expect(secondReport).toMatchObject({ hosting: false, stored: true, endpoint: hostReport.endpoint });
    await exited(second.child);

    // This process too, and it sees both writes.
    const dynamo = await openLocalDynamo(dataDir);
    try {
      expect(dynamo.hosting).toBe(false);
      const got = await dynamo.client.send(
        new GetCommand({ TableName: 'runtime-test', Key: { pk: 'from-second' } }),
      );
      expect(got.Item?.pid).toBe(secondReport.pid);
    } finally {
      await dynamo.close();
    }
  });

  it('takes over a stale record and lock left by a killed host, keeping the data', async () => {
    const host = startChild(dataDir, 'stay', 'before-crash');
    children.push(host.child);
    const hostReport = await host.report;
    host.child.kill('SIGKILL'); // no cleanup runs: record and lock stay behind
    await exited(host.child);
    expect(existsSync(join(dataDir, DATA_FILES.dynamoRecord))).toBe(true);
    expect(existsSync(join(dataDir, DATA_FILES.dynamoLock))).toBe(true);

    const dynamo = await openLocalDynamo(dataDir);
    try {
      expect(dynamo.hosting).toBe(true);
      expect(dynamo.endpoint).not.toBe(hostReport.endpoint);
      const got = await dynamo.client.send(
        new GetCommand({ TableName: 'runtime-test', Key: { pk: 'before-crash' } }),
      );
      expect(got.Item?.pid).toBe(hostReport.pid);
      const record = JSON.parse(readFileSync(join(dataDir, DATA_FILES.dynamoRecord), 'utf8'));
      expect(record.pid).toBe(process.pid);
    } finally {
      await dynamo.close();
    }
    expect(existsSync(join(dataDir, DATA_FILES.dynamoRecord))).toBe(false);
    expect(existsSync(join(dataDir, DATA_FILES.dynamoLock))).toBe(false);
  });

  it('a client survives its host exiting first: it takes over hosting and retries', async () => {
    const host = startChild(dataDir, 'stay', 'k1');
    children.push(host.child);
    await host.report;
    const dynamo = await openLocalDynamo(dataDir);
    try {
      expect(dynamo.hosting).toBe(false);
      host.child.kill('SIGTERM');
      await exited(host.child);
      const got = await dynamo.client.send(new GetCommand({ TableName: 'runtime-test', Key: { pk: 'k1' } }));
      expect(got.Item?.pk).toBe('k1');
      expect(dynamo.hosting).toBe(true);
    } finally {
      await dynamo.close();
    }
  });

  it('concurrent starters agree on one host', async () => {
    const starters = [1, 2, 3].map((n) => startChild(dataDir, 'stay', `c${n}`));
    children.push(...starters.map((s) => s.child));
    const reports = await Promise.all(starters.map((s) => s.report));
    expect(reports.filter((r) => r.hosting)).toHaveLength(1);
    expect(new Set(reports.map((r) => r.endpoint)).size).toBe(1);
    expect(reports.every((r) => r.stored)).toBe(true);
  });
});
