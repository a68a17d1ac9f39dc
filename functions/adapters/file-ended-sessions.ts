/**
 * EndedSessions on the local data dir: `<data-dir>/ended-sessions/<session id>.json` holding
 * `{"until": <Unix seconds>}`, written whole (temp file, then rename) and private (0600).
 *
 * One file per session rather than one file of them all: `digest dev` and another `digest dev` on the same
 * data dir may sign out at the same moment, and a read-modify-write of a shared file would let one of them
 * drop the other's record (a signed-out session alive again) unless both took a lock. A session is ended
 * while its file exists. Each sign-out also deletes the files whose `until` has passed (dynalite, which
 * holds the rest of the console's local state, has no TTL that would).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SESSION_ID_RE } from '../core/admin-session.js';
import type { Clock } from '../ports/clock.js';
import type { EndedSessions } from '../ports/ended-sessions.js';

export const ENDED_SESSIONS_DIR = 'ended-sessions';
const RECORD_RE = /^([A-Za-z0-9_-]{16,64})\.json$/;

export class FileEndedSessions implements EndedSessions {
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly clock: Clock,
  ) {
    this.dir = join(dataDir, ENDED_SESSIONS_DIR);
  }

  async end(sessionId: string, untilSeconds: number): Promise<void> {
    const path = this.pathOf(sessionId);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, `${JSON.stringify({ until: untilSeconds })}\n`, { mode: 0o600 });
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw error;
    }
    await this.prune();
  }

  async isEnded(sessionId: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sessionId));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /**
   * Deletes the records of sessions past their `until`. Housekeeping only: the new record is written
   * already, so a file that cannot be read or removed now is left for the next sign-out, never turned into
   * a failed sign-out. A record that cannot be parsed is kept (it ends a session, which is the safe side).
   */
  private async prune(): Promise<void> {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!RECORD_RE.test(name)) continue;
      const path = join(this.dir, name);
      try {
        const { until } = JSON.parse(await readFile(path, 'utf8')) as { until?: unknown };
        if (typeof until === 'number' && until <= nowSeconds) await rm(path, { force: true });
      } catch {
        /* left for the next sign-out */
      }
    }
  }

  private pathOf(sessionId: string): string {
    if (!SESSION_ID_RE.test(sessionId)) throw new Error('not a console session id');
    return join(this.dir, `${sessionId}.json`);
  }
}
