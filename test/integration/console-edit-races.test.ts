/**
 * Two editors saving the same issue at once, from the same page (the same version), on the real stores: the file
 * drafts of `digest dev`, the drafts in S3 (s3rver) under the lease in the briefings table (dynalite) that the
 * deployed console uses, and a briefing awaiting approval in the briefings table. Exactly one save lands; the other
 * is refused as stale (StaleIssueError, the console's 409), never both written with the first silently lost. A send
 * racing an edit from the same page is refused the same way, and a test copy's trail entry lands on top of an edit.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_BRIEFINGS_TABLE } from '../../functions/adapters/dynamo-briefing-store.js';
import { DynamoLeaseLock } from '../../functions/adapters/dynamo-lease-lock.js';
import { S3IssueDraftStore } from '../../functions/adapters/s3-issue-draft-store.js';
import type { AdminDeps } from '../../functions/admin/admin-deps.js';
import { openAdminLocalDeps } from '../../functions/cli/admin-local-deps.js';
import { type LocalDeps, openLocalDeps } from '../../functions/cli/local-deps.js';
import { addConfirmed } from '../../functions/core/subscription.js';
import type { Draft } from '../../functions/ports/briefing-store.js';
import {
  type ConsoleIssueDeps,
  composeDraft,
  editIssue,
  issueVersion,
  loadEditable,
  StaleIssueError,
  sendNow,
  testSend,
} from '../../functions/use-cases/console-issues.js';
import { settableClock } from '../support/clock.js';
import { type S3Server, startS3Server } from '../support/s3-server.js';

const ARTICLE = await readFile(join(import.meta.dirname, '../fixtures/articles/ferry-timetable.txt'), 'utf8');
const clock = settableClock('2026-12-02T08:00:00Z');

let dataDir: string;
let deps: LocalDeps;
let admin: AdminDeps;
let s3: S3Server;
/** The console's use cases over the drafts in S3, as the admin function has them. */
let inS3: ConsoleIssueDeps;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'digest-edit-races-'));
  deps = await openLocalDeps({
    dataDir,
    inMemory: true,
    clock,
    env: { ...process.env, DIGEST_TRANSPORT: 'outbox' },
  });
  admin = await openAdminLocalDeps(deps);
  await addConfirmed(
    deps.subscriberHandlerDeps(),
    { email: 'ana@example.org', list: 'default', method: 'cli' },
    clock.now(),
  );
  s3 = await startS3Server('drafts-bucket');
  const lock = new DynamoLeaseLock(deps.dynamo.client, LOCAL_BRIEFINGS_TABLE);
  inS3 = { ...admin.issues, drafts: new S3IssueDraftStore(s3.client(), s3.bucket, lock) };
}, 60_000);

afterAll(async () => {
  await deps?.close();
  await s3?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function draftIn(issues: ConsoleIssueDeps, subject: string): Promise<string> {
  clock.at = new Date(clock.at.getTime() + 60_000);
  const draft = await composeDraft(issues, {
    list: 'default',
    inputs: [{ kind: 'text', text: ARTICLE, title: null }],
    subject,
    by: 'desk',
  });
  return draft.issue.id;
}

/** Two saves from the same version at once: which landed, and what the store holds after both. */
async function twoSaves(issues: ConsoleIssueDeps, id: string) {
  const version = issueVersion((await loadEditable(issues, id))!.issue);
  const results = await Promise.allSettled([
    editIssue(issues, id, [{ op: 'set-subject', value: 'Ana’s subject' }], 'ana', { version }),
    editIssue(issues, id, [{ op: 'set-preheader', value: 'Bo’s preheader' }], 'bo', { version }),
  ]);
  const stored = (await loadEditable(issues, id))!.issue;
  return { version, results, stored };
}

function expectOneLanded(
  { version, results, stored }: Awaited<ReturnType<typeof twoSaves>>,
  base: { subject: string; preheader: string },
) {
  const landed = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r) => r.status === 'rejected');
  expect(landed).toHaveLength(1);
  expect(refused).toHaveLength(1);
  expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(StaleIssueError);
  expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
  // The store holds the one that landed, and its trail one entry more: nothing written over it.
  expect(stored.audit).toHaveLength(Number(version) + 1);
  const by = stored.audit?.at(-1)?.by;
  expect(by === 'ana' || by === 'bo').toBe(true);
  if (by === 'ana') expect(stored).toMatchObject({ subject: 'Ana’s subject', preheader: base.preheader });
  else expect(stored).toMatchObject({ subject: base.subject, preheader: 'Bo’s preheader' });
}

describe('two editors saving at once', { timeout: 60_000 }, () => {
  it('a console draft in the data dir: one save lands, the other is refused as stale', async () => {
    const id = await draftIn(admin.issues, 'File race');
    const before = (await loadEditable(admin.issues, id))!.issue;
    for (let round = 0; round < 3; round++) {
      const base = (await loadEditable(admin.issues, id))!.issue;
      expectOneLanded(await twoSaves(admin.issues, id), base);
    }
    expect(before.subject).toBe('File race');
  });

  it('a console draft in S3: one save lands, the other is refused as stale', async () => {
    const id = await draftIn(inS3, 'S3 race');
    for (let round = 0; round < 3; round++) {
      const base = (await loadEditable(inS3, id))!.issue;
      expectOneLanded(await twoSaves(inS3, id), base);
    }
  });

  it('a briefing awaiting approval: one save lands, the other is refused as stale', async () => {
    const composed = await draftIn(admin.issues, 'Briefing race');
    const issue = (await admin.issues.drafts.get(composed))!.issue;
    await admin.issues.drafts.delete(composed);
    const store = admin.issues.briefings!.store;
    const draft: Draft = {
      issueId: issue.id,
      list: issue.list,
      window: `w-${issue.id}`,
      issue,
      editor: null,
      createdAt: clock.now().toISOString(),
      deadline: '2026-12-03T08:00:00Z',
      status: 'pending',
      fingerprints: [],
      queuedUrls: [],
      windowEnd: clock.now().toISOString(),
    };
    await store.claimWindow(draft.list, draft.window, draft.issueId, clock.now().toISOString());
    await store.settleWindow(draft.list, draft.window, 'draft', clock.now().toISOString());
    await store.putDraft(draft);
    for (let round = 0; round < 3; round++) {
      const base = (await loadEditable(admin.issues, issue.id))!.issue;
      expectOneLanded(await twoSaves(admin.issues, issue.id), base);
    }
  });

  it('Send now and an edit from the same page at once: never the send of what the edit overwrote', async () => {
    for (const issues of [admin.issues, inS3]) {
      const id = await draftIn(issues, 'Send race');
      const version = issueVersion((await loadEditable(issues, id))!.issue);
      const [edit, send] = await Promise.allSettled([
        editIssue(issues, id, [{ op: 'set-subject', value: 'Edited at the last moment' }], 'ana', {
          version,
        }),
        sendNow(issues, id, 'bo', { version }).then((r) => r.finished),
      ]);
      expect([edit.status, send.status].sort()).toEqual(['fulfilled', 'rejected']);
      const archived = await issues.archive.get(id);
      if (edit.status === 'fulfilled') {
        // The edit landed first: the send was refused, nothing archived, the edit kept for the next send.
        expect((send as PromiseRejectedResult).reason).toBeInstanceOf(StaleIssueError);
        expect(archived).toBeNull();
        expect((await loadEditable(issues, id))?.issue.subject).toBe('Edited at the last moment');
      } else {
        expect(archived?.issue.subject).toBe('Send race');
        expect((await issues.drafts.get(id))?.issue.subject).toBe('Send race');
      }
    }
  });

  it("a test copy's trail entry lands on top of an edit saved at the same time", async () => {
    const id = await draftIn(admin.issues, 'Test race');
    const version = issueVersion((await loadEditable(admin.issues, id))!.issue);
    await Promise.all([
      editIssue(admin.issues, id, [{ op: 'set-subject', value: 'Edited meanwhile' }], 'ana', { version }),
      testSend(admin.issues, id, 'editor@example.org', 'bo'),
    ]);
    const stored = (await loadEditable(admin.issues, id))!.issue;
    expect(stored.subject).toBe('Edited meanwhile');
    expect(stored.audit?.map((a) => a.op).sort()).toEqual(['compose', 'set-subject', 'test-send']);
  });
});
