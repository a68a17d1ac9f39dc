/**
 * The local mail transport: one RFC 5322 file per message in the flat folder `<data-dir>/outbox/`,
 * named `<UTC time>-<sequence>-<message id>.eml`.
 *
 * - Each file is written whole: the bytes go to a dot-file that does not end in `.eml`, then a
 *   rename (atomic on one filesystem) gives it its final name. A reader never sees half a message.
 * - The sequence is shared by every process on the data dir (`digest dev` and `digest send` at
 *   once): a counter file guarded by an exclusive lock file that holds the owner's pid. A lock
 *   left by a dead process (kill -9) is detected by its pid and broken.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Mailer, OutgoingMessage, RawMailer, RawOutgoingMessage, SentMessage } from '../ports/mailer.js';
import { composeMime, senderDomain } from './mime.js';

const FILE_NAME_UNSAFE_RE = /[^A-Za-z0-9._@+=-]/g;
const OUTBOX_FILE_RE = /^\d{8}T\d{9}Z-(\d+)-.+\.eml$/;
const SEQUENCE_WIDTH = 8;
/** A lock file with no readable pid older than this is treated as left by a crash. */
const EMPTY_LOCK_STALE_MS = 2_000;

export class OutboxError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutboxError';
  }
}

/** `2026-11-26T23:55:00.123Z` → `20261126T235500123Z`: sorts by time, safe in every filesystem. */
export function outboxTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A counter shared by every process on one folder. */
export class FolderSequence {
  private readonly lockPath: string;
  private readonly counterPath: string;
  /**
   * The writers of this process take the file lock one at a time. Several of them breaking one stale
   * lock at once (a sender killed while holding it) could otherwise both end up believing they hold it.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly files: RegExp = OUTBOX_FILE_RE,
  ) {
    this.lockPath = join(dir, '.sequence.lock');
    this.counterPath = join(dir, '.sequence');
  }

  next(): Promise<number> {
    const turn = this.queue.then(() => this.nextLocked());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async nextLocked(): Promise<number> {
    await this.lock();
    try {
      const current = await this.read();
      const next = current + 1;
      // unique even if two processes ever hold the lock at once (a stale lock broken by both)
      const tmp = `${this.counterPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, String(next));
      await rename(tmp, this.counterPath);
      return next;
    } finally {
      await unlink(this.lockPath).catch(() => undefined);
    }
  }

  private async read(): Promise<number> {
    try {
      const value = Number.parseInt(await readFile(this.counterPath, 'utf8'), 10);
      if (Number.isSafeInteger(value) && value >= 0) return value;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // no counter (first use) or an unreadable one: continue after the highest file present
    let max = 0;
    for (const name of await readdir(this.dir)) {
      const seq = this.files.exec(name)?.[1];
      if (seq) max = Math.max(max, Number.parseInt(seq, 10));
    }
    return max;
  }

  private async lock(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFile(this.lockPath, String(process.pid), { flag: 'wx' });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      await this.breakIfStale();
      if (attempt > 20_000) throw new OutboxError(`could not lock ${this.lockPath}`);
      await sleep(attempt < 50 ? 1 : 5);
    }
  }

  private async breakIfStale(): Promise<void> {
    let owner: string;
    try {
      owner = await readFile(this.lockPath, 'utf8');
    } catch {
      return;
    }
    const pid = Number.parseInt(owner, 10);
    let stale = false;
    if (Number.isSafeInteger(pid) && pid > 0) stale = !isAlive(pid);
    else {
      const info = await stat(this.lockPath).catch(() => null);
      stale = info !== null && Date.now() - info.mtimeMs > EMPTY_LOCK_STALE_MS;
    }
    if (!stale) return;
    // move it aside first, so that two processes breaking the same stale lock cannot
    // delete a fresh lock that a third one has just taken
    const aside = `${this.lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await rename(this.lockPath, aside);
    } catch {
      return;
    }
    const moved = await readFile(aside, 'utf8').catch(() => '');
    await unlink(aside).catch(() => undefined);
    if (moved !== owner) {
      // we moved a live lock by mistake (taken between our read and rename): give it back if we can
      await writeFile(this.lockPath, moved, { flag: 'wx' }).catch(() => undefined);
    }
  }
}

export interface OutboxMailerOptions {
  dataDir: string;
  now?: () => Date;
}

/** The outbox transport (DIGEST_TRANSPORT=outbox, the local default). */
export class OutboxMailer implements Mailer, RawMailer {
  readonly dir: string;
  private readonly sequence: FolderSequence;
  private readonly now: () => Date;
  private ready: Promise<unknown> | null = null;

  constructor(options: OutboxMailerOptions) {
    this.dir = outboxDir(options.dataDir);
    this.sequence = new FolderSequence(this.dir);
    this.now = options.now ?? (() => new Date());
  }

  async send(message: OutgoingMessage): Promise<SentMessage> {
    const messageId = newMessageId(message.deliveryId, senderDomain(message.from));
    const raw = await composeMime(message, { messageId, date: this.now() });
    return this.sendRaw({ to: message.to, raw, messageId, deliveryId: message.deliveryId });
  }

  async sendRaw(message: RawOutgoingMessage): Promise<SentMessage> {
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.ready;
    // A failure to number the message comes before any of it is written, so it is an outbox error
    // (safe to retry) like a failed write, never an unknown outcome.
    const seq = await this.sequence.next().catch((cause: unknown) => {
      throw cause instanceof OutboxError ? cause : new OutboxError('could not number the message', { cause });
    });
    const safeId = message.messageId.replace(FILE_NAME_UNSAFE_RE, '_').slice(0, 150);
    const name = `${outboxTimestamp(this.now())}-${String(seq).padStart(SEQUENCE_WIDTH, '0')}-${safeId}.eml`;
    const tmp = join(this.dir, `.${name}.${process.pid}.tmp`);
    try {
      // The message carries personal links (unsubscribe, preferences): its owner only.
      await writeFile(tmp, message.raw, { mode: 0o600 });
      await rename(tmp, join(this.dir, name));
    } catch (cause) {
      await unlink(tmp).catch(() => undefined);
      throw new OutboxError(`could not write ${name}`, { cause });
    }
    return { messageId: message.messageId };
  }
}

/** A Message-ID for mail we send: our delivery id (when any) plus randomness, at the sender's domain. */
export function newMessageId(deliveryId: string | undefined, domain: string): string {
  const local = (deliveryId ?? 'm').replace(/[^A-Za-z0-9._+=-]/g, '_').slice(0, 120);
  return `${local}.${randomBytes(6).toString('hex')}@${domain}`;
}

/** The `.eml` files of an outbox, oldest first (by name: time, then sequence). */
export async function listOutbox(dataDir: string): Promise<string[]> {
  try {
    const names = await readdir(outboxDir(dataDir));
    return names.filter((n) => n.endsWith('.eml') && !n.startsWith('.')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
