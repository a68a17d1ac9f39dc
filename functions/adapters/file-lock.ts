/**
 * An exclusive lock between the processes that share a data dir: a lock file created exclusively (`wx`)
 * that holds its owner's pid. A lock left by a dead process (kill -9) is detected by its pid and broken;
 * one without a readable pid (its owner died between creating and writing it) after EMPTY_LOCK_STALE_MS.
 * The outbox numbers its messages under one, and `digest keys` changes the key file under another.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** A lock file with no readable pid older than this is treated as left by a crash. */
const EMPTY_LOCK_STALE_MS = 2_000;
/** Tries before giving up on a lock that a live process keeps (about 100 s). */
const MAX_ATTEMPTS = 20_000;

export class FileLockError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FileLockError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class FileLock {
  /**
   * The callers of this process take the file lock one at a time. Several of them breaking one stale
   * lock at once (a process killed while holding it) could otherwise both end up believing they hold it.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Runs `work` while holding the lock, and releases it whatever `work` does. */
  run<T>(work: () => Promise<T> | T): Promise<T> {
    const turn = this.queue.then(async () => {
      await this.acquire();
      try {
        return await work();
      } finally {
        await unlink(this.path).catch(() => undefined);
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async acquire(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFile(this.path, String(process.pid), { flag: 'wx', mode: 0o600 });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      await this.breakIfStale();
      if (attempt > MAX_ATTEMPTS) throw new FileLockError(`could not lock ${this.path}`);
      await sleep(attempt < 50 ? 1 : 5);
    }
  }

  private async breakIfStale(): Promise<void> {
    let owner: string;
    try {
      owner = await readFile(this.path, 'utf8');
    } catch {
      return;
    }
    const pid = Number.parseInt(owner, 10);
    let stale = false;
    if (Number.isSafeInteger(pid) && pid > 0) stale = !isAlive(pid);
    else {
      const info = await stat(this.path).catch(() => null);
      stale = info !== null && Date.now() - info.mtimeMs > EMPTY_LOCK_STALE_MS;
    }
    if (!stale) return;
    // move it aside first, so that two processes breaking the same stale lock cannot
    // delete a fresh lock that a third one has just taken
    const aside = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await rename(this.path, aside);
    } catch {
      return;
    }
    const moved = await readFile(aside, 'utf8').catch(() => '');
    await unlink(aside).catch(() => undefined);
    if (moved !== owner) {
      // we moved a live lock by mistake (taken between our read and rename): give it back if we can
      await writeFile(this.path, moved, { flag: 'wx' }).catch(() => undefined);
    }
  }
}
