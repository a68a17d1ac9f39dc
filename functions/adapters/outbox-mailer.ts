/**
 * The local mail transport: one RFC 5322 file per message in the flat folder `<data-dir>/outbox/`,
 * named `<UTC time>-<sequence>-<message id>.eml`.
 *
 * - Each file is written whole: the bytes go to a dot-file that does not end in `.eml`, then a
 *   rename (atomic on one filesystem) gives it its final name. A reader never sees half a message.
 * - The sequence is shared by every process on the data dir (`digest dev` and `digest send` at
 *   once): a counter file guarded by an exclusive lock file that holds the owner's pid (FileLock,
 *   file-lock.ts). A lock left by a dead process (kill -9) is detected by its pid and broken.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingMessage, RawMailer, RawOutgoingMessage, SentMessage } from '../ports/mailer.js';
import { FileLock } from './file-lock.js';
import { composeMime, senderDomain } from './mime.js';

const FILE_NAME_UNSAFE_RE = /[^A-Za-z0-9._@+=-]/g;
const OUTBOX_FILE_RE = /^\d{8}T\d{9}Z-(\d+)-.+\.eml$/;
const SEQUENCE_WIDTH = 8;

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

/** A counter shared by every process on one folder, numbered under a FileLock. */
export class FolderSequence {
  private readonly lock: FileLock;
  private readonly counterPath: string;

  constructor(
    private readonly dir: string,
    private readonly files: RegExp = OUTBOX_FILE_RE,
  ) {
    this.lock = new FileLock(join(dir, '.sequence.lock'));
    this.counterPath = join(dir, '.sequence');
  }

  next(): Promise<number> {
    return this.lock.run(async () => {
      const next = (await this.read()) + 1;
      // unique even if two processes ever hold the lock at once (a stale lock broken by both)
      const tmp = `${this.counterPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, String(next));
      await rename(tmp, this.counterPath);
      return next;
    });
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
