/**
 * The local runtime as `digest dev` opens it, in a new temporary data dir: in-memory dynalite, the file
 * archive, the outbox (unless the env picks SES), and the briefing, forward and HTTP deps on top of it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalBriefing, openLocalBriefing } from '../../functions/cli/local-briefing.js';
import { type LocalDeps, openLocalDeps } from '../../functions/cli/local-deps.js';
import type { Issue } from '../../functions/core/types.js';
import type { Clock } from '../../functions/ports/clock.js';

export interface LocalBriefingWorld {
  dataDir: string;
  deps: LocalDeps;
  local: LocalBriefing;
  close(): Promise<void>;
}

export async function openLocalBriefingWorld(
  prefix: string,
  options: { clock: Clock; env: NodeJS.ProcessEnv },
): Promise<LocalBriefingWorld> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const deps = await openLocalDeps({ dataDir, inMemory: true, clock: options.clock, env: options.env });
  const local = await openLocalBriefing(deps);
  return {
    dataDir,
    deps,
    local,
    async close() {
      await deps.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Puts the issue in the archive with a placeholder rendering, for tests of forwarding it. */
export async function archiveForForward(world: LocalBriefingWorld, issue: Issue): Promise<void> {
  await world.local.forward.archive.put({
    issue,
    rendered: { issueId: issue.id, subject: issue.subject, html: '<p>x</p>', text: 'x' },
  });
}
