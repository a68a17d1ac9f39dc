/**
 * The local runtime every `digest` command shares: where the data dir is, the token secret,
 * the embedded DynamoDB (dynalite) and the dev server's URL.
 *
 * Data dir layout (all paths relative to the data dir):
 *   secret              token key (0600), generated when DIGEST_SECRET is absent
 *   dynamo/             dynalite's LevelDB folder (one process may hold it)
 *   dynamo.lock         exclusive lock ('wx'), held by the process that hosts dynalite: `{"pid"}`
 *   dynamo.json         `{"endpoint", "pid"}` of the hosting process: everyone else connects there
 *   dev-server.json     `{"url", "pid"}` recorded by `digest dev` once it listens
 *   outbox/             outgoing mail (see outbox-mailer)
 *   ended-sessions/     console sessions signed out before their expiry (see file-ended-sessions)
 *
 * LevelDB locks its folder, so the first process to need the store hosts dynalite on
 * 127.0.0.1:<random> and records its endpoint; later processes connect to it. A record whose pid
 * is dead or whose endpoint does not answer is stale and is taken over under the lock. When the
 * host exits first, its clients notice the refused connection, re-resolve (and host themselves if
 * nobody else does), and retry: a `digest dev` started after a short `digest subscribers add` keeps
 * working after that command ends.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { optionalEnv } from '../config.js';

/** Static fake credentials and region for clients of local stand-ins: no AWS account is needed. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

/** The port `digest dev` listens on by default, and the base URL used when nothing else says. */
export const DEFAULT_DEV_PORT = 8787;
export const DEFAULT_BASE_URL = `http://127.0.0.1:${DEFAULT_DEV_PORT}`;

export const DATA_FILES = {
  secret: 'secret',
  dynamoDir: 'dynamo',
  dynamoLock: 'dynamo.lock',
  dynamoRecord: 'dynamo.json',
  devServer: 'dev-server.json',
  outbox: 'outbox',
} as const;

export class LocalRuntimeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalRuntimeError';
  }
}

// ---------------------------------------------------------------------------------------------
// Data dir, secret, base URL

/**
 * The data dir: `--data-dir` flag > DIGEST_DATA_DIR > `.digest/` in the working directory.
 * Returned absolute; not created (see ensureDataDir).
 */
export function resolveDataDir(
  flag: string | null | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): string {
  const chosen = flag?.trim() || optionalEnv('DIGEST_DATA_DIR', env) || '.digest';
  return isAbsolute(chosen) ? chosen : resolve(cwd, chosen);
}

/**
 * Creates the data dir and returns it. It holds the token secret, subscriber data (LevelDB) and mail
 * with personal links (outbox), so the dir and everything under it are made private (directories 0700,
 * files 0600), also when the dir existed already with looser modes: `mkdir`'s mode applies only to a dir
 * it creates. The CLI also sets its umask to 077 (cli/main.ts), so that files made later stay private.
 */
export function ensureDataDir(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  makePrivate(dataDir);
  return dataDir;
}

function makePrivate(path: string): void {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return; // removed meanwhile (an outbox temp file renamed)
    throw error;
  }
  if (stat.isSymbolicLink()) return; // never follow a link out of the data dir
  const wanted = stat.isDirectory() ? 0o700 : 0o600;
  if ((stat.mode & 0o777) !== wanted && (stat.mode & 0o077) !== 0) {
    try {
      chmodSync(path, (stat.mode & 0o700) | (stat.isDirectory() ? 0o700 : 0));
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }
  if (stat.isDirectory()) for (const name of readdirSync(path)) makePrivate(join(path, name));
}

/**
 * The token key: DIGEST_SECRET when set, otherwise `<data-dir>/secret`, generated on first use
 * (32 random bytes, base64url, mode 0600). Concurrent first uses agree: the file is created with
 * 'wx' and a loser reads the winner's key.
 */
export function loadTokenSecret(dataDir: string, env: NodeJS.ProcessEnv): string {
  const fromEnv = optionalEnv('DIGEST_SECRET', env);
  if (fromEnv) return fromEnv;
  ensureDataDir(dataDir);
  const path = join(dataDir, DATA_FILES.secret);
  try {
    writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  }
  // A concurrent creator may not have written its bytes yet: wait briefly for a non-empty key.
  for (let attempt = 0; attempt < 50; attempt++) {
    const secret = readFileSync(path, 'utf8').trim();
    if (secret) return secret;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  throw new LocalRuntimeError(`the token secret file ${path} is empty`);
}

export interface DevServerRecord {
  url: string;
  pid: number;
}

/** Records the dev server's URL so that mail sent by other commands on this data dir links to it. */
export function recordDevServer(dataDir: string, url: string, pid: number = process.pid): void {
  ensureDataDir(dataDir);
  writeJsonAtomicSync(join(dataDir, DATA_FILES.devServer), { url, pid } satisfies DevServerRecord);
}

/** Removes the dev server record, if it is still ours. */
export function clearDevServer(dataDir: string, pid: number = process.pid): void {
  const path = join(dataDir, DATA_FILES.devServer);
  const record = readJsonSync<DevServerRecord>(path);
  if (record && record.pid === pid) safeUnlinkSync(path);
}

/** The live dev server of this data dir, or null (no record, or its process is gone). */
export function readDevServer(dataDir: string): DevServerRecord | null {
  const record = readJsonSync<DevServerRecord>(join(dataDir, DATA_FILES.devServer));
  if (!record || typeof record.url !== 'string' || !isPidAlive(record.pid)) return null;
  return record;
}

/**
 * The base URL for links in mail: DIGEST_BASE_URL > the running dev server of this data dir >
 * http://127.0.0.1:8787 (where `digest dev` listens by default). No trailing slash.
 */
export function baseUrl(dataDir: string, env: NodeJS.ProcessEnv): string {
  const chosen = optionalEnv('DIGEST_BASE_URL', env) ?? readDevServer(dataDir)?.url ?? DEFAULT_BASE_URL;
  return chosen.replace(/\/+$/, '');
}

/** Working local defaults for the mail settings (production sets every one of them). */
export const LOCAL_MAIL_DEFAULTS = {
  from: 'Newsletter Digest <digest@digest.localhost.test>',
  postalAddress: 'Newsletter Digest, 1 Example Street, 00000 Exampletown',
  unsubscribeMailbox: 'unsubscribe@digest.localhost.test',
} as const;

export interface MailSettings {
  from: string;
  postalAddress: string;
  unsubscribeMailbox: string;
}

/** DIGEST_FROM, DIGEST_POSTAL_ADDRESS and DIGEST_UNSUBSCRIBE_MAILBOX, or the local defaults. */
export function mailSettings(env: NodeJS.ProcessEnv): MailSettings {
  return {
    from: optionalEnv('DIGEST_FROM', env) ?? LOCAL_MAIL_DEFAULTS.from,
    postalAddress: optionalEnv('DIGEST_POSTAL_ADDRESS', env) ?? LOCAL_MAIL_DEFAULTS.postalAddress,
    unsubscribeMailbox:
      optionalEnv('DIGEST_UNSUBSCRIBE_MAILBOX', env) ?? LOCAL_MAIL_DEFAULTS.unsubscribeMailbox,
  };
}

// ---------------------------------------------------------------------------------------------
// Embedded DynamoDB

export interface LocalDynamo {
  client: DynamoDBDocumentClient;
  /** The endpoint currently in use (it may change if the hosting process goes away). */
  readonly endpoint: string;
  /** True while this process hosts dynalite. */
  readonly hosting: boolean;
  /** Stops hosting (removing the record and lock) and destroys the client. Idempotent. */
  close(): Promise<void>;
}

export interface OpenLocalDynamoOptions {
  /** A private in-memory dynalite (tests): nothing is written to the data dir. */
  inMemory?: boolean;
  /** How long to wait for another process that is starting to host. Default 15 s. */
  waitMs?: number;
}

interface DynamoRecord {
  endpoint: string;
  pid: number;
}

interface DynaliteServer {
  listen(port: number, host: string, cb: (err?: Error) => void): void;
  close(cb: (err?: Error | null) => void): void;
  address(): AddressInfo | string | null;
  closeAllConnections?(): void;
  on(event: 'error', cb: (err: Error) => void): void;
  unref(): void;
}

async function startDynalite(path?: string): Promise<{ server: DynaliteServer; endpoint: string }> {
  const { default: dynalite } = (await import('dynalite')) as {
    default: (options: Record<string, unknown>) => DynaliteServer;
  };
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((ok, fail) => {
    server.on('error', fail);
    server.listen(0, '127.0.0.1', (err) => (err ? fail(err) : ok()));
  });
  const address = server.address() as AddressInfo;
  return { server, endpoint: `http://127.0.0.1:${address.port}` };
}

async function stopDynalite(server: DynaliteServer): Promise<void> {
  // Clients in other processes keep sockets alive; without this, close waits up to 30 s for them.
  const closing = new Promise<void>((ok) => server.close(() => ok()));
  server.closeAllConnections?.();
  await closing;
}

/**
 * Opens the local DynamoDB for a data dir: hosts dynalite on disk under `<data-dir>/dynamo`, or
 * connects to the process that already does. With `inMemory`, a private in-memory instance.
 *
 * @example
 *   const dynamo = await openLocalDynamo(dataDir);
 *   await ensureTable(dynamo.client, SUBSCRIBERS_TABLE_DEFINITION);
 *   ...
 *   await dynamo.close();
 */
export async function openLocalDynamo(
  dataDir: string,
  options: OpenLocalDynamoOptions = {},
): Promise<LocalDynamo> {
  if (options.inMemory) {
    const { server, endpoint } = await startDynalite();
    const client = makeClient(async () => endpoint);
    let closed = false;
    return {
      client,
      endpoint,
      hosting: true,
      async close() {
        if (closed) return;
        closed = true;
        client.destroy();
        await stopDynalite(server);
      },
    };
  }

  ensureDataDir(dataDir);
  const waitMs = options.waitMs ?? 15_000;
  let hosted: { server: DynaliteServer; endpoint: string } | null = null;
  let endpoint = '';
  let closed = false;
  let resolving: Promise<string> | null = null;

  const acquire = async (): Promise<string> => {
    const result = await connectOrHost(dataDir, waitMs);
    if (result.hosted) {
      hosted = result.hosted;
      onExitCleanup('hosting', dataDir);
    }
    endpoint = result.endpoint;
    return endpoint;
  };
  /** Called when the endpoint refused a connection: find (or become) the new host, once at a time. */
  const reacquire = (failed: string): Promise<string> => {
    if (closed) return Promise.reject(new LocalRuntimeError('the local DynamoDB is closed'));
    if (endpoint !== failed) return Promise.resolve(endpoint);
    resolving ??= acquire().finally(() => {
      resolving = null;
    });
    return resolving;
  };

  await acquire();
  const client = makeClient(async () => endpoint);
  client.middlewareStack.add(
    (next) => async (args) => {
      const used = endpoint;
      try {
        return await next(args);
      } catch (error) {
        if (!isConnectionError(error) || hosted) throw error;
        await reacquire(used);
        return next(args);
      }
    },
    { step: 'initialize', name: 'digestLocalDynamoFailover' },
  );

  return {
    client,
    get endpoint() {
      return endpoint;
    },
    get hosting() {
      return hosted !== null;
    },
    async close() {
      if (closed) return;
      closed = true;
      client.destroy();
      const server = hosted as { server: DynaliteServer } | null;
      if (server) {
        hosted = null;
        // Remove the record first so nobody new connects to a server that is going away.
        releaseHostingSync(dataDir);
        await stopDynalite(server.server);
      }
    },
  };
}

function makeClient(endpoint: () => Promise<string>): DynamoDBDocumentClient {
  const base = new DynamoDBClient({
    ...LOCAL_AWS,
    endpoint: async () => ({ url: new URL(await endpoint()) }),
    maxAttempts: 3,
  });
  return DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
}

async function connectOrHost(
  dataDir: string,
  waitMs: number,
): Promise<{ endpoint: string; hosted: { server: DynaliteServer; endpoint: string } | null }> {
  const recordPath = join(dataDir, DATA_FILES.dynamoRecord);
  const lockPath = join(dataDir, DATA_FILES.dynamoLock);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const live = await liveRecord(recordPath);
    if (live) return { endpoint: live.endpoint, hosted: null };

    if (tryLock(lockPath)) {
      try {
        // Someone may have finished hosting between our read and our lock.
        const again = await liveRecord(recordPath);
        if (again) {
          releaseLockSync(lockPath);
          return { endpoint: again.endpoint, hosted: null };
        }
        const started = await startDynalite(join(dataDir, DATA_FILES.dynamoDir));
        await writeJsonAtomic(recordPath, {
          endpoint: started.endpoint,
          pid: process.pid,
        } satisfies DynamoRecord);
        return { endpoint: started.endpoint, hosted: started };
      } catch (error) {
        releaseLockSync(lockPath);
        throw new LocalRuntimeError(`cannot host the local DynamoDB in ${dataDir}: ${messageOf(error)}`, {
          cause: error,
        });
      }
    }

    // The lock is held. If its holder is dead, take it over; otherwise it is starting: wait.
    breakStaleLock(lockPath);
    if (Date.now() > deadline) {
      throw new LocalRuntimeError(
        `timed out waiting for the local DynamoDB in ${dataDir} (lock ${lockPath} is held by a live process)`,
      );
    }
    await sleep(50);
  }
}

/** The recorded host, if its process lives and its endpoint answers HTTP. */
async function liveRecord(recordPath: string): Promise<DynamoRecord | null> {
  let record: DynamoRecord | null;
  try {
    record = JSON.parse(await readFile(recordPath, 'utf8')) as DynamoRecord;
  } catch {
    return null;
  }
  if (!record || typeof record.endpoint !== 'string' || !isPidAlive(record.pid)) return null;
  return (await endpointAnswers(record.endpoint)) ? record : null;
}

function endpointAnswers(endpoint: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((ok) => {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      ok(false);
      return;
    }
    const req = request(url, { method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      ok(true);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => ok(false));
    req.end();
  });
}

function tryLock(lockPath: string): boolean {
  try {
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid }), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  }
}

/**
 * Removes a lock whose holder is dead. Two processes may both find it stale; so that neither
 * deletes a lock the other has just re-created, the stale file is first renamed to a name unique to
 * us (only one rename of a given file succeeds), and put back if it turns out to hold a live pid.
 */
function breakStaleLock(lockPath: string): void {
  const holder = readJsonSync<{ pid: number }>(lockPath);
  if (holder === null) {
    // Unreadable: maybe half-written by a starting holder. Treat it as stale only once it is old.
    try {
      if (Date.now() - statSync(lockPath).mtimeMs < 2000) return;
    } catch {
      return;
    }
  } else if (isPidAlive(holder.pid)) {
    return;
  }
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readJsonSync<{ pid: number }>(aside);
  if (moved && isPidAlive(moved.pid) && moved.pid !== holder?.pid) {
    // We moved a fresh lock: put it back unless yet another one appeared.
    try {
      writeFileSync(lockPath, JSON.stringify(moved), { flag: 'wx', mode: 0o600 });
    } catch {
      /* a newer lock exists; the holder we displaced will fail to find its record and retry */
    }
  }
  safeUnlinkSync(aside);
}

function releaseLockSync(lockPath: string): void {
  const holder = readJsonSync<{ pid: number }>(lockPath);
  if (holder && holder.pid === process.pid) safeUnlinkSync(lockPath);
}

function releaseHostingSync(dataDir: string): void {
  const recordPath = join(dataDir, DATA_FILES.dynamoRecord);
  const record = readJsonSync<DynamoRecord>(recordPath);
  if (record && record.pid === process.pid) safeUnlinkSync(recordPath);
  releaseLockSync(join(dataDir, DATA_FILES.dynamoLock));
}

const exitCleanups = { hosting: new Set<string>(), devServer: new Set<string>() };
let exitHookInstalled = false;
/** On any exit (even an unclean one), drop our records and lock so the next process need not wait. */
function onExitCleanup(kind: keyof typeof exitCleanups, dataDir: string): void {
  exitCleanups[kind].add(dataDir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const dir of exitCleanups.hosting) releaseHostingSync(dir);
    for (const dir of exitCleanups.devServer) clearDevServer(dir);
  });
}

/** Removes this process's dev server record when it exits. */
export function clearDevServerOnExit(dataDir: string): void {
  onExitCleanup('devServer', dataDir);
}

/**
 * Creates a table if it does not exist and waits until it is ACTIVE. Idempotent and safe to call
 * concurrently from several processes. Other stores (delivery ledger, briefings) call it with their
 * own definitions. Checked once per client and table name.
 */
export async function ensureTable(
  client: DynamoDBDocumentClient,
  definition: CreateTableCommandInput,
): Promise<void> {
  const name = definition.TableName;
  if (!name) throw new LocalRuntimeError('ensureTable: the definition has no TableName');
  let known = ensuredTables.get(client);
  if (!known) {
    known = new Map();
    ensuredTables.set(client, known);
  }
  let pending = known.get(name);
  if (!pending) {
    pending = createAndWait(client, definition, name);
    known.set(name, pending);
    pending.catch(() => known?.delete(name));
  }
  return pending;
}

const ensuredTables = new WeakMap<DynamoDBDocumentClient, Map<string, Promise<void>>>();

async function createAndWait(
  client: DynamoDBDocumentClient,
  definition: CreateTableCommandInput,
  name: string,
): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      if (Table?.TableStatus === 'ACTIVE') return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      try {
        await client.send(new CreateTableCommand({ BillingMode: 'PAY_PER_REQUEST', ...definition }));
      } catch (createError) {
        if (!(createError instanceof ResourceInUseException)) throw createError;
      }
      continue;
    }
    await sleep(25);
  }
  throw new LocalRuntimeError(`table ${name} did not become ACTIVE`);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** True when a process with this pid exists (EPERM means it exists but is not ours). */
export function isPidAlive(pid: unknown): boolean {
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE';
}

function isErrno(error: unknown, code: string): boolean {
  return (error as { code?: string } | null)?.code === code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readJsonSync<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

function safeUnlinkSync(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

function writeJsonAtomicSync(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}
