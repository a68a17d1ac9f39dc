/**
 * The console's issue workflow below HTTP, on the real local pieces (in-memory dynalite, the file
 * archive and drafts, the outbox and the delivery workers): a scheduled draft goes out only when
 * due, a briefing awaiting approval is edited, approved and sent with its edits, a rejected one
 * never goes out, and nothing that was sent can change. A draft for a list without a confirmed
 * subscriber is never used up on nobody: Send now refuses it, and its schedule gives it back as a draft.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox, outboxDir } from '../../functions/adapters/outbox-mailer.js';
import type { AdminDeps } from '../../functions/admin/admin-deps.js';
import { openAdminLocalDeps } from '../../functions/cli/admin-local-deps.js';
import { type LocalDeps, openLocalDeps } from '../../functions/cli/local-deps.js';
import { openLocalSender } from '../../functions/cli/send-runtime.js';
import { newList } from '../../functions/core/newsletter-list.js';
import { addConfirmed } from '../../functions/core/subscription.js';
import type { Draft } from '../../functions/ports/briefing-store.js';
import {
  ConsoleIssueError,
  composeDraft,
  composeFromSources,
  editIssue,
  listEditable,
  NoRecipientsError,
  rejectBriefing,
  reopenStoppedSend,
  STOPPED_SEND_MS,
  scheduleDraft,
  sendDueDrafts,
  sendNow,
  testSend,
} from '../../functions/use-cases/console-issues.js';
import { settableClock } from '../support/clock.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';

const ARTICLE = await readFile(join(import.meta.dirname, '../fixtures/articles/ferry-timetable.txt'), 'utf8');
const clock = settableClock('2026-12-02T08:00:00Z');

let dataDir: string;
let deps: LocalDeps;
let admin: AdminDeps;
let feeds: FeedServer;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'digest-console-issues-'));
  deps = await openLocalDeps({
    dataDir,
    inMemory: true,
    clock,
    // Loopback: the list's sources are feeds on a server of this test.
    env: { ...process.env, DIGEST_TRANSPORT: 'outbox', DIGEST_ALLOW_LOOPBACK: '1' },
  });
  admin = await openAdminLocalDeps(deps);
  feeds = await startFeedServer();
  for (const email of ['ana@example.org', 'bo@example.org'])
    await addConfirmed(deps.subscriberHandlerDeps(), { email, list: 'default', method: 'cli' }, clock.now());
}, 60_000);

afterAll(async () => {
  await deps?.close();
  await feeds?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function mailsFor(issueId: string): Promise<string[]> {
  const names = await listOutbox(dataDir);
  const bodies = await Promise.all(names.map((n) => readFile(join(outboxDir(dataDir), n), 'utf8')));
  return bodies.filter((b) => b.includes(issueId));
}

describe('console issues', () => {
  it('a scheduled draft goes out when its time has come, and not before', async () => {
    const draft = await composeDraft(admin.issues, {
      list: 'default',
      inputs: [{ kind: 'text', text: ARTICLE, title: null }],
      subject: 'Late ferry',
      by: 'desk',
    });
    const id = draft.issue.id;
    await scheduleDraft(admin.issues, id, new Date('2026-12-02T09:00:00Z'), 'desk');
    await expect(scheduleDraft(admin.issues, id, new Date('2026-12-02T07:00:00Z'), 'desk')).rejects.toThrow(
      /future/,
    );

    clock.at = new Date('2026-12-02T08:59:00Z');
    expect(await sendDueDrafts(admin.issues)).toEqual([]);
    expect(await mailsFor(id)).toHaveLength(0);

    clock.at = new Date('2026-12-02T09:00:30Z');
    expect(await sendDueDrafts(admin.issues)).toEqual([id]);
    expect(await mailsFor(id)).toHaveLength(2);
    expect((await admin.issues.drafts.get(id))?.status).toBe('sent');
    // Sent is final: no edit, no second send.
    await expect(
      editIssue(admin.issues, id, [{ op: 'set-subject', value: 'Again' }], 'desk'),
    ).rejects.toThrow(/can no longer change/);
    expect(await sendDueDrafts(admin.issues)).toEqual([]);
  });

  it('Send now at the moment a schedule falls due sends the draft once', async () => {
    const before = clock.at;
    clock.at = new Date('2026-12-02T11:00:00Z');
    const draft = await composeDraft(admin.issues, {
      list: 'default',
      inputs: [{ kind: 'text', text: ARTICLE, title: null }],
      subject: 'Race',
      by: 'desk',
    });
    const id = draft.issue.id;
    await scheduleDraft(admin.issues, id, new Date('2026-12-02T11:30:00Z'), 'desk');
    clock.at = new Date('2026-12-02T11:30:10Z');
    const [due, now] = await Promise.allSettled([
      sendDueDrafts(admin.issues),
      sendNow(admin.issues, id, 'night desk').then((r) => r.finished),
    ]);
    const sentByCheck = due.status === 'fulfilled' && due.value.includes(id);
    const sentByEditor = now.status === 'fulfilled';
    expect([sentByCheck, sentByEditor].filter(Boolean)).toHaveLength(1);
    if (now.status === 'rejected') expect(now.reason).toBeInstanceOf(ConsoleIssueError);
    const archived = await admin.issues.archive.get(id);
    expect(archived?.issue.audit?.filter((a) => a.op === 'send')).toHaveLength(1);
    expect(await mailsFor(id)).toHaveLength(2);
    clock.at = before;
  });

  it('a send that stopped between marking the draft `sending` and archiving it is offered back as a draft once it cannot be running', async () => {
    const before = clock.at;
    clock.at = new Date('2026-12-02T13:00:00Z');
    const draft = await composeDraft(admin.issues, {
      list: 'default',
      inputs: [{ kind: 'text', text: ARTICLE, title: null }],
      subject: 'Stopped',
      by: 'desk',
    });
    const id = draft.issue.id;
    // What the first write of a send leaves when its process dies before the archive: nothing archived or queued.
    await admin.issues.drafts.put({ ...draft, status: 'sending', updatedAt: clock.now().toISOString() });
    const shown = async () =>
      (await listEditable(admin.issues, ['default'])).find((e) => e.issue.id === id)?.status;

    // It may still be running: not offered back yet.
    clock.at = new Date(clock.at.getTime() + STOPPED_SEND_MS - 1_000);
    expect(await shown()).toBe('sending');
    await expect(reopenStoppedSend(admin.issues, id, 'night desk')).rejects.toMatchObject({ status: 409 });

    // Past the longest a send can run: a stopped send, back to a draft on asking, and then sent once.
    clock.at = new Date(clock.at.getTime() + 2_000);
    expect(await shown()).toBe('stopped');
    await reopenStoppedSend(admin.issues, id, 'night desk');
    const reopened = await admin.issues.drafts.get(id);
    expect(reopened?.status).toBe('editing');
    expect(reopened?.issue.audit?.at(-1)).toMatchObject({ by: 'night desk', op: 'reopen' });
    await expect(reopenStoppedSend(admin.issues, id, 'night desk')).rejects.toMatchObject({ status: 409 });
    const { finished } = await sendNow(admin.issues, id, 'night desk');
    await finished;
    expect(await mailsFor(id)).toHaveLength(2);

    // A send whose issue was archived started its delivery: never a stopped send, whatever its age (Resume is its
    // answer, on the progress page).
    await admin.issues.drafts.put({ ...reopened!, status: 'sending', updatedAt: clock.now().toISOString() });
    clock.at = new Date(clock.at.getTime() + 2 * STOPPED_SEND_MS);
    expect(await shown()).toBe('sending');
    await expect(reopenStoppedSend(admin.issues, id, 'night desk')).rejects.toMatchObject({ status: 409 });
    clock.at = before;
  });

  it('a briefing awaiting approval shows its deadline, takes edits, and goes out with them when approved', async () => {
    const composed = await composeDraft(admin.issues, {
      list: 'default',
      inputs: [{ kind: 'text', text: ARTICLE, title: null }],
      subject: 'Morning briefing',
      by: 'robot',
    });
    // The same issue as a briefing draft in review mode (what a scheduled briefing leaves).
    await admin.issues.drafts.delete(composed.issue.id);
    const briefing = briefingDraft(composed.issue, '2026-12-02T12:00:00Z');
    await putBriefing(briefing);

    const listed = await listEditable(admin.issues, ['default']);
    expect(listed.find((e) => e.issue.id === briefing.issueId)).toMatchObject({
      origin: 'briefing',
      deadline: '2026-12-02T12:00:00Z',
      editable: true,
    });

    const quote = briefing.issue.stories[0]?.quotes[0];
    if (!quote) throw new Error('the article should have a quote');
    await editIssue(
      admin.issues,
      briefing.issueId,
      [{ op: 'correct-speaker', story: 0, start: quote.start, speaker: 'Rhona Dace-Imrie', role: '' }],
      'night desk',
    );
    const stored = await admin.issues.briefings?.store.getDraft(briefing.issueId);
    expect(stored?.issue.stories[0]?.quotes[0]?.correction?.kind).toBe('editor');

    const { finished } = await sendNow(admin.issues, briefing.issueId, 'night desk');
    await finished;
    const mails = await mailsFor(briefing.issueId);
    expect(mails).toHaveLength(2);
    expect(mails[0]?.replace(/=\r?\n/g, '')).toContain('Rhona Dace-Imrie');
    const archived = await admin.issues.archive.get(briefing.issueId);
    expect(archived?.issue.audit?.map((a) => a.op)).toEqual(['compose', 'correct-speaker']);
  });

  it("a test copy from the console is the same as `digest send --test-to`'s: [Test] subject, recorded apart, nobody delivered", async () => {
    clock.at = new Date('2026-12-02T09:30:00Z');
    const draft = await composeDraft(admin.issues, {
      list: 'default',
      inputs: [{ kind: 'text', text: ARTICLE, title: null }],
      subject: 'Proof copy',
      by: 'desk',
    });
    const id = draft.issue.id;
    await expect(testSend(admin.issues, id, 'not an address', 'desk')).rejects.toThrow(ConsoleIssueError);
    await testSend(admin.issues, id, ' editor@example.org ', 'desk');
    const mails = await mailsFor(id);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(/^Subject: \[Test\] Proof copy$/m);
    expect(mails[0]).toMatch(/^To: editor@example\.org\r?$/m);
    const ledger = (await openLocalSender(deps)).ledger;
    expect(await ledger.testSends({ issueId: id })).toEqual([
      expect.objectContaining({ recipient: 'editor@example.org', subject: '[Test] Proof copy' }),
    ]);
    expect((await ledger.counts(id)).total).toBe(0);
    expect(await admin.issues.archive.get(id)).toBeNull();
    expect((await admin.issues.drafts.get(id))?.issue.audit?.map((a) => a.op)).toEqual([
      'compose',
      'test-send',
    ]);
  });

  it("composes from the list's sources as its briefing reads them: held for approval, sent once approved, not offered again", async () => {
    // The feed fixtures' items are from March 2026: within the list's maximum item age on this day.
    clock.at = new Date('2026-03-10T07:00:00Z');
    const at = clock.now().toISOString();
    await deps.lists.create(newList('port', 'The port briefing', {}, at));
    await addConfirmed(
      deps.subscriberHandlerDeps(),
      { email: 'cy@example.org', list: 'port', method: 'cli' },
      clock.now(),
    );
    const store = admin.issues.briefings!.store;
    // no source yet: said so, with how to add one (not "Nothing new … 0 items read")
    await expect(composeFromSources(admin.issues, { list: 'port', by: 'desk' })).rejects.toThrow(
      /The list "port" has no sources/,
    );
    await store.addSource('port', feeds.feed('courier.rss'), at);
    clock.at = new Date('2026-03-10T07:00:01Z'); // each composition is a window of its own moment

    const { issueId } = await composeFromSources(admin.issues, { list: 'port', by: 'desk' });
    const held = (await listEditable(admin.issues, ['port'])).find((e) => e.issue.id === issueId);
    expect(held).toMatchObject({ origin: 'briefing', status: 'pending', editable: true });
    expect(held!.issue.stories.length).toBeGreaterThan(1);
    expect(held!.issue.stories.every((s) => s.url?.startsWith(feeds.origin))).toBe(true);
    expect(held!.issue.audit?.map((a) => a.op)).toEqual(['compose']);
    expect(await mailsFor(issueId)).toHaveLength(0); // no preview mail, nothing sent before approval

    const { finished } = await sendNow(admin.issues, issueId, 'desk');
    await finished;
    expect(await mailsFor(issueId)).toHaveLength(1);

    clock.at = new Date('2026-03-10T08:00:00Z');
    await expect(composeFromSources(admin.issues, { list: 'port', by: 'desk' })).rejects.toThrow(
      /Nothing new/,
    );
  });

  it('a draft for a list without a confirmed subscriber is refused by Send now, and its schedule hands it back as a draft', async () => {
    clock.at = new Date('2026-12-02T13:00:00Z');
    await deps.lists.create(newList('nobody-yet', 'Nobody yet', {}, clock.now().toISOString()));
    const draft = await composeDraft(admin.issues, {
      list: 'nobody-yet',
      inputs: [{ kind: 'text', text: ARTICLE, title: null }],
      subject: 'To nobody',
      by: 'desk',
    });
    const id = draft.issue.id;
    await expect(sendNow(admin.issues, id, 'desk')).rejects.toBeInstanceOf(NoRecipientsError);
    await scheduleDraft(admin.issues, id, new Date('2026-12-02T13:30:00Z'), 'night desk');
    clock.at = new Date('2026-12-02T13:30:05Z');
    expect(await sendDueDrafts(admin.issues)).toEqual([]);
    const kept = await admin.issues.drafts.get(id);
    expect(kept).toMatchObject({ status: 'editing', sendAt: null });
    expect(kept?.issue.audit?.at(-1)).toMatchObject({ op: 'unschedule', by: 'night desk' });
    expect(await admin.issues.archive.get(id)).toBeNull();
    expect(await sendDueDrafts(admin.issues)).toEqual([]);

    // The send claim was never taken: once the list has a reader, the same draft goes out.
    await addConfirmed(
      deps.subscriberHandlerDeps(),
      { email: 'dee@example.org', list: 'nobody-yet', method: 'cli' },
      clock.now(),
    );
    const { finished } = await sendNow(admin.issues, id, 'desk');
    await finished;
    expect(await mailsFor(id)).toHaveLength(1);
  });

  it('a rejected briefing is never sent', async () => {
    clock.at = new Date('2026-12-02T10:00:00Z');
    const composed = await composeDraft(admin.issues, {
      list: 'default',
      inputs: [{ kind: 'text', text: ARTICLE, title: null }],
      subject: 'Rejected briefing',
      by: 'robot',
    });
    await admin.issues.drafts.delete(composed.issue.id);
    const briefing = briefingDraft(composed.issue, '2026-12-02T15:00:00Z');
    await putBriefing(briefing);
    await rejectBriefing(admin.issues, briefing.issueId, 'night desk');
    // Its own outcome, not an expiry: the draft and its window say `rejected`.
    expect((await admin.issues.briefings?.store.getDraft(briefing.issueId))?.status).toBe('rejected');
    expect(await admin.issues.briefings?.store.getWindow('default', briefing.window)).toMatchObject({
      status: 'rejected',
      note: 'rejected by night desk',
    });
    await expect(sendNow(admin.issues, briefing.issueId, 'night desk')).rejects.toThrow(/rejected/);
    await expect(rejectBriefing(admin.issues, briefing.issueId, 'night desk')).rejects.toThrow(
      /already rejected/,
    );
    expect(await mailsFor(briefing.issueId)).toHaveLength(0);
  });
});

/** What a scheduled briefing in review mode leaves: its window claimed and settled as a draft, and the draft. */
async function putBriefing(draft: Draft): Promise<void> {
  const store = admin.issues.briefings?.store;
  if (!store) throw new Error('the console should have the briefings table');
  const at = clock.now().toISOString();
  await store.claimWindow(draft.list, draft.window, draft.issueId, at);
  await store.settleWindow(draft.list, draft.window, 'draft', at);
  await store.putDraft(draft);
}

function briefingDraft(issue: Draft['issue'], deadline: string): Draft {
  return {
    issueId: issue.id,
    list: issue.list,
    window: `w-${issue.id}`,
    issue,
    editor: 'editor@example.org',
    createdAt: clock.now().toISOString(),
    deadline,
    status: 'pending',
    fingerprints: [],
    queuedUrls: [],
    windowEnd: clock.now().toISOString(),
  };
}
