/**
 * The issue editor as an editor meets it, through the console's own handler (the router `digest dev` and the admin
 * function serve) on the real local pieces (in-memory dynalite, the file drafts and archive, the outbox and the
 * delivery workers), and the approve link of a [Review] mail:
 * - dropping the lead story makes the subject and preheader again from the stories left, and a test copy says so;
 *   a subject written by hand is kept, and the editor is warned that it may describe the dropped story;
 * - an edit posted without the version its page showed is refused (400), and every edit form carries one;
 * - an issue with a story emptied of every key point and quote is not sent, by Send now nor by the approve link;
 * - a rejected briefing says so, never "expired", in the console and behind the approve link;
 * - a save that finds its draft held by another request (the S3 drafts' lease, as deployed) is answered 409.
 * - a schedule posted from a page loaded before a change (or without a version) is refused (409), as Send now is;
 * - a refusal no form answers itself is headed by what was asked ("Not sent", "Not unscheduled"), not "Not changed".
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateLocalApiKeys } from '../../functions/adapters/api-key-changes.js';
import { LOCAL_BRIEFINGS_TABLE } from '../../functions/adapters/dynamo-briefing-store.js';
import { DynamoLeaseLock } from '../../functions/adapters/dynamo-lease-lock.js';
import { listOutbox, outboxDir } from '../../functions/adapters/outbox-mailer.js';
import { S3IssueDraftStore } from '../../functions/adapters/s3-issue-draft-store.js';
import type { AdminDeps } from '../../functions/admin/admin-deps.js';
import { createAdminHandler } from '../../functions/admin/router.js';
import { openAdminLocalDeps } from '../../functions/cli/admin-local-deps.js';
import { type LocalBriefing, openLocalBriefing } from '../../functions/cli/local-briefing.js';
import { type LocalDeps, openLocalDeps } from '../../functions/cli/local-deps.js';
import { signApproval } from '../../functions/core/approval-token.js';
import { preheaderFor } from '../../functions/core/compose.js';
import { escapeHtml } from '../../functions/core/html-escape.js';
import { issueVersion } from '../../functions/core/issue-version.js';
import { addConfirmed } from '../../functions/core/subscription.js';
import { createHandler as approveHandler } from '../../functions/handlers/approve.js';
import type { HttpResult } from '../../functions/handlers/http/types.js';
import type { Draft } from '../../functions/ports/briefing-store.js';
import { sendPreview } from '../../functions/use-cases/briefing-drafts.js';
import { composeDraft, scheduleDraft, sendDueDrafts } from '../../functions/use-cases/console-issues.js';
import { adminEvent, cookiesOf, csrfOf } from '../support/admin-event.js';
import { settableClock } from '../support/clock.js';
import { httpEvent } from '../support/http-event.js';
import { header, parseMail } from '../support/mail.js';
import { startS3Server } from '../support/s3-server.js';

const fixture = (name: string) => readFile(join(import.meta.dirname, '../fixtures/articles', name), 'utf8');
const FERRY = await fixture('ferry-timetable.txt');
const LIGHTHOUSE = await fixture('single-quotes.txt');
const clock = settableClock('2026-12-02T08:00:00Z');
const CLIENT = '203.0.113.40';

let dataDir: string;
let deps: LocalDeps;
let admin: AdminDeps;
let local: LocalBriefing;
let serve: ReturnType<typeof createAdminHandler>;
let session: string[] = [];
let csrf = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'digest-console-editor-'));
  deps = await openLocalDeps({
    dataDir,
    inMemory: true,
    clock,
    env: { ...process.env, DIGEST_TRANSPORT: 'outbox', DIGEST_BASE_URL: 'http://127.0.0.1:8787' },
  });
  admin = await openAdminLocalDeps(deps);
  local = await openLocalBriefing(deps);
  serve = createAdminHandler(admin, () => {});
  await addConfirmed(
    deps.subscriberHandlerDeps(),
    { email: 'ana@example.org', list: 'default', method: 'cli' },
    clock.now(),
  );
  // Sign in through the form, as a browser does.
  const key = (await updateLocalApiKeys(dataDir, { rotate: false })).key.key;
  const form = await serve(adminEvent('GET', '/admin/sign-in', { client: CLIENT }));
  const signedIn = await serve(
    adminEvent('POST', '/admin/sign-in', {
      client: CLIENT,
      cookies: cookiesOf(form),
      form: { _csrf: csrfOf(form), key },
    }),
  );
  expect(signedIn.statusCode).toBe(303);
  session = cookiesOf(signedIn);
  csrf = csrfOf(await get('/admin/issues/new'));
}, 60_000);

afterAll(async () => {
  await deps?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function get(path: string): Promise<HttpResult> {
  return serve(adminEvent('GET', path, { client: CLIENT, cookies: session }));
}

function post(path: string, form: Record<string, string>): Promise<HttpResult> {
  return serve(
    adminEvent('POST', path, { client: CLIENT, cookies: session, form: { _csrf: csrf, ...form } }),
  );
}

/** The forms of a page that post to `action` (…/edit, …/send), each as its fields (hidden and typed values). */
function formsOf(page: HttpResult, action: string): Record<string, string>[] {
  return [...(page.body ?? '').matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)]
    .filter((m) => m[1]?.endsWith(action))
    .map((m) =>
      Object.fromEntries(
        [...(m[2] as string).matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((f) => [
          f[1],
          f[2],
        ]),
      ),
    );
}

/** The editor's first form for `op` (on story `story`, when given), as the page shows it now. */
async function editForm(issueId: string, op: string, story?: number): Promise<Record<string, string>> {
  const form = formsOf(await get(`/admin/issues/${issueId}`), '/edit').find(
    (f) => f.op === op && (story === undefined || f.story === String(story)),
  );
  if (!form) throw new Error(`no ${op} form`);
  return form;
}

async function edit(issueId: string, op: string, story?: number, change: Record<string, string> = {}) {
  const answer = await post(`/admin/issues/${issueId}/edit`, {
    ...(await editForm(issueId, op, story)),
    ...change,
  });
  expect(answer.statusCode, op).toBe(303);
}

async function compose(texts: string[], subject: string | null): Promise<string> {
  const draft = await composeDraft(admin.issues, {
    list: 'default',
    inputs: texts.map((text) => ({ kind: 'text' as const, text, title: null })),
    subject,
    by: 'desk',
  });
  return draft.issue.id;
}

async function mailsAbout(issueId: string): Promise<string[]> {
  const names = await listOutbox(dataDir);
  const bodies = await Promise.all(names.map((n) => readFile(join(outboxDir(dataDir), n), 'utf8')));
  return bodies.filter((b) => b.includes(issueId));
}

/**
 * A pending briefing of two stories whose second was emptied of every key point and quote, stored, and the approve
 * token of that version.
 */
async function emptiedBriefing(deadline: string) {
  const draft = await briefingOf([LIGHTHOUSE, FERRY], deadline);
  const story = draft.issue.stories[1]!;
  const emptied: Draft = {
    ...draft,
    issue: { ...draft.issue, stories: [draft.issue.stories[0]!, { ...story, keyPoints: [], quotes: [] }] },
  };
  await local.briefing.store.putDraft(emptied);
  const token = signApproval(
    { issueId: draft.issueId, list: draft.list, version: issueVersion(emptied.issue) },
    deps.secret,
    new Date(draft.deadline),
  );
  return { draft, story, emptied, token };
}

describe('the issue editor', () => {
  it('dropping the lead story makes the subject and preheader again from the story left, and a test copy says so', async () => {
    clock.at = new Date('2026-12-02T08:10:00Z');
    const id = await compose([LIGHTHOUSE, FERRY], null);
    const composed = (await admin.issues.drafts.get(id))!.issue;
    const [lighthouse = '', ferry = ''] = composed.stories.map((s) => s.title ?? '');
    expect(composed.subject).toBe(`${lighthouse} +1 more`);
    expect(composed.preheader).toBe(`Also: ${ferry}`);

    await edit(id, 'drop-story', 0);
    const edited = (await admin.issues.drafts.get(id))!.issue;
    expect(edited.stories.map((s) => s.title)).toEqual([ferry]);
    expect(edited.subject).toBe(ferry);
    // A lone story's preheader is its first key point, as compose.ts makes it.
    expect(edited.preheader).toBe(preheaderFor(edited.stories));
    expect(edited.preheader).not.toMatch(/^Also:/);
    expect(edited.audit?.at(-1)?.summary).toContain(`subject now “${ferry}”`);

    const page = await get(`/admin/issues/${id}`);
    expect(page.body).toContain(`<h1 id="top">${escapeHtml(ferry)}</h1>`);
    expect(page.body).not.toContain('id="dropped-note"');

    const tested = await post(`/admin/issues/${id}/test`, { to: 'desk@example.org' });
    expect(tested.statusCode).toBe(303);
    const [mail] = await mailsAbout(id);
    const parsed = await parseMail(mail!);
    expect(header(parsed, 'subject')).toBe(`[Test] ${ferry}`);
    expect(parsed.html).not.toContain(lighthouse);
  });

  it('a subject written by hand is kept when a story is dropped, and the page warns until it is saved again', async () => {
    clock.at = new Date('2026-12-02T08:20:00Z');
    const id = await compose([LIGHTHOUSE, FERRY], 'Cottages and ferries this week');
    const [, ferry = ''] = (await admin.issues.drafts.get(id))!.issue.stories.map((s) => s.title ?? '');

    await edit(id, 'drop-story', 0);
    const edited = (await admin.issues.drafts.get(id))!.issue;
    expect(edited.subject).toBe('Cottages and ferries this week');
    // The preheader was the stories' own ("Also: …"): made again from the story left.
    expect(edited.preheader).not.toMatch(/^Also:/);
    expect(edited.preheader).not.toContain(ferry);

    const warned = await get(`/admin/issues/${id}`);
    expect(warned.body).toMatch(
      /id="dropped-note"[^>]*>The subject was written by hand, so it was kept when a story was dropped: it may still describe a story that is no longer in the issue/,
    );

    // Saving the subject (changed or not) is the editor's word on it.
    await edit(id, 'meta', undefined, { subject: 'Cottages and ferries this week' });
    expect((await get(`/admin/issues/${id}`)).body).not.toContain('id="dropped-note"');
  });

  it('an edit posted without its version is refused (400) and changes nothing; every edit form carries one', async () => {
    clock.at = new Date('2026-12-02T08:30:00Z');
    const id = await compose([FERRY], null);
    const page = await get(`/admin/issues/${id}`);
    const forms = formsOf(page, '/edit');
    expect(forms.map((f) => f.op)).toEqual(
      expect.arrayContaining(['meta', 'move-key-point', 'drop-key-point', 'drop-quote', 'correct-speaker']),
    );
    const version = issueVersion((await admin.issues.drafts.get(id))!.issue);
    for (const form of forms) expect(form.version, form.op).toBe(version);

    const before = (await admin.issues.drafts.get(id))!.issue;
    const { version: _, ...unversioned } = forms.find((f) => f.op === 'move-key-point')!;
    for (let i = 0; i < 2; i++) {
      const refused = await post(`/admin/issues/${id}/edit`, unversioned);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('the form did not say which version of the issue it was made from');
    }
    expect((await admin.issues.drafts.get(id))!.issue).toEqual(before);
  });

  it('an issue with a story emptied of every key point and quote is not sent: Send now is refused naming it', async () => {
    clock.at = new Date('2026-12-02T08:40:00Z');
    const id = await compose([LIGHTHOUSE, FERRY], null);
    const ferry = (await admin.issues.drafts.get(id))!.issue.stories[1]!.title ?? '';
    for (const op of ['drop-key-point', 'drop-quote'])
      while (formsOf(await get(`/admin/issues/${id}`), '/edit').some((f) => f.op === op && f.story === '1'))
        await edit(id, op, 1);
    const page = await get(`/admin/issues/${id}`);
    expect(page.body).toContain('This story has no key point and no quote left');
    // Said where the button is, before the press: the button disabled, described by the reason.
    expect(page.body).toContain(
      `Story 2 (“${escapeHtml(ferry)}”) has no key point and no quote left. There is nothing of it to send, so the issue is not sent while it is here: drop that story above.`,
    );
    expect(page.body).toMatch(/<button type="submit" aria-describedby="send-q" disabled>Send now<\/button>/);

    const [send] = formsOf(page, '/send');
    const refused = await post(`/admin/issues/${id}/send`, send!);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(`story 2 (“${escapeHtml(ferry)}”) has no key point and no quote left`);
    expect(await mailsAbout(id)).toEqual([]);
    expect(await admin.issues.archive.get(id)).toBeNull();
    expect((await admin.issues.drafts.get(id))?.status).toBe('editing');

    // Dropped, the rest goes out.
    await edit(id, 'drop-story', 1);
    const [again] = formsOf(await get(`/admin/issues/${id}`), '/send');
    expect((await post(`/admin/issues/${id}/send`, again!)).statusCode).toBe(303);
    // The delivery goes on after the answer, as in `digest dev`.
    await expect
      .poll(async () => (await admin.issues.drafts.get(id))?.status, { timeout: 20_000 })
      .toBe('sent');
    expect(await mailsAbout(id)).toHaveLength(1);
  });

  it('a draft with an emptied story is not scheduled: the Schedule button is disabled and a posted schedule refused', async () => {
    clock.at = new Date('2026-12-02T08:42:00Z');
    const id = await compose([LIGHTHOUSE, FERRY], null);
    for (const op of ['drop-key-point', 'drop-quote'])
      while (formsOf(await get(`/admin/issues/${id}`), '/edit').some((f) => f.op === op && f.story === '1'))
        await edit(id, op, 1);
    const page = await get(`/admin/issues/${id}`);
    expect(page.body).toMatch(
      /<button type="submit" class="secondary" aria-describedby="send-q" disabled>Schedule<\/button>/,
    );
    const [schedule] = formsOf(page, '/schedule');
    const refused = await post(`/admin/issues/${id}/schedule`, { ...schedule, at: '2026-12-02T09:30' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('has no key point and no quote left');
    expect(await admin.issues.drafts.get(id)).toMatchObject({ status: 'editing', sendAt: null });
  });

  it('a scheduled draft emptied of a story after it was scheduled goes back to the editor at its time, unsent', async () => {
    clock.at = new Date('2026-12-02T08:45:00Z');
    const id = await compose([LIGHTHOUSE, FERRY], null);
    await scheduleDraft(admin.issues, id, new Date('2026-12-02T09:15:00Z'), 'night desk');
    for (const op of ['drop-key-point', 'drop-quote'])
      while (formsOf(await get(`/admin/issues/${id}`), '/edit').some((f) => f.op === op && f.story === '0'))
        await edit(id, op, 0);
    clock.at = new Date('2026-12-02T09:15:05Z');
    expect(await sendDueDrafts(admin.issues)).toEqual([]);
    const kept = await admin.issues.drafts.get(id);
    expect(kept).toMatchObject({ status: 'editing', sendAt: null });
    expect(kept?.issue.audit?.at(-1)).toMatchObject({
      op: 'unschedule',
      by: 'night desk',
      summary: expect.stringMatching(
        /^not sent at its time: story 1 \(“[^”]+”\) had no key point and no quote left$/,
      ),
    });
    expect(await mailsAbout(id)).toEqual([]);
    expect(await admin.issues.archive.get(id)).toBeNull();
  });

  it('the approve page names an emptied story before the press, its button disabled; the [Review] mail says so too', async () => {
    clock.at = new Date('2026-12-02T08:55:00Z');
    const { draft, story, emptied, token } = await emptiedBriefing('2026-12-02T20:30:00Z');
    const consoleUrl = `http://127.0.0.1:8787/admin/issues/${draft.issueId}`;
    const shown = await approveHandler(local.http)(httpEvent('GET', '/drafts/approve', { token }));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('This briefing cannot be approved as it is.');
    expect(shown.body).toContain(
      `Story 2 (“${escapeHtml(story.title ?? '')}”) has no key point and no quote left: there is nothing of it to send.`,
    );
    expect(shown.body).toContain(`<a href="${consoleUrl}">${consoleUrl}</a>`);
    expect(shown.body).toMatch(
      /<button type="submit" disabled aria-describedby="empty-stories" style="[^"]*">Approve and send<\/button>/,
    );

    await sendPreview(emptied, local.briefing);
    const [review] = await mailsAbout(draft.issueId);
    const mail = await parseMail(Buffer.from(review ?? ''));
    expect(mail.subject).toBe(`[Review] ${draft.issue.subject}`);
    expect(mail.text).toContain(
      `Not ready: story 2 (“${story.title}”) has no key point and no quote left, so the briefing cannot be approved as it is: drop that story in the console (${consoleUrl}) and send it from there.`,
    );
    expect(mail.html).toContain('<strong>Not ready:</strong> story 2');
    // A draft with nothing missing says nothing of the kind.
    await local.briefing.store.putDraft(draft);
    const ready = await approveHandler(local.http)(
      httpEvent('GET', '/drafts/approve', {
        token: signApproval(
          { issueId: draft.issueId, list: draft.list, version: issueVersion(draft.issue) },
          deps.secret,
          new Date(draft.deadline),
        ),
      }),
    );
    expect(ready.body).not.toContain('cannot be approved');
    expect(ready.body).toMatch(/<button type="submit">Approve and send<\/button>/);
  });

  it('the approve link refuses a briefing with an emptied story (422), the draft kept pending', async () => {
    clock.at = new Date('2026-12-02T08:50:00Z');
    const { draft, story, token } = await emptiedBriefing('2026-12-02T20:00:00Z');
    const refused = await approveHandler(local.http)(httpEvent('POST', '/drafts/approve', { token }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(
      `Story 2 (“${escapeHtml(story.title ?? '')}”) has no key point and no quote left`,
    );
    expect((await local.briefing.store.getDraft(draft.issueId))?.status).toBe('pending');
    expect(await local.briefing.archive.get(draft.issueId)).toBeNull();
    expect(await mailsAbout(draft.issueId)).toEqual([]);
  });

  it('a rejected briefing is shown as rejected, in the console and behind the approve link, never as expired', async () => {
    clock.at = new Date('2026-12-02T09:00:00Z');
    const draft = await briefingOf([FERRY], '2026-12-02T21:00:00Z');
    const token = signApproval(
      { issueId: draft.issueId, list: draft.list, version: issueVersion(draft.issue) },
      deps.secret,
      new Date(draft.deadline),
    );
    const [form] = formsOf(await get(`/admin/issues/${draft.issueId}`), '/reject');
    expect((await post(`/admin/issues/${draft.issueId}/reject`, { ...form, confirm: '1' })).statusCode).toBe(
      303,
    );

    const stored = await local.briefing.store.getDraft(draft.issueId);
    expect(stored?.status).toBe('rejected');
    expect(stored?.issue.audit?.at(-1)).toMatchObject({ op: 'reject', by: 'local editor' });
    expect(await local.briefing.store.getWindow(draft.list, draft.window)).toMatchObject({
      status: 'rejected',
      note: 'rejected by local editor',
    });

    const page = (await get(`/admin/issues/${draft.issueId}`)).body ?? '';
    expect(page).toContain('briefing rejected: never sent');
    expect(page).not.toContain('expired');
    expect(page).not.toContain('approve before');

    for (const method of ['GET', 'POST']) {
      const link = await approveHandler(local.http)(httpEvent(method, '/drafts/approve', { token }));
      expect(link.statusCode, method).toBe(200);
      expect(link.body, method).toContain('This briefing was rejected by an editor in the console');
      expect(link.body, method).not.toContain('expired');
    }
    expect(await mailsAbout(draft.issueId)).toEqual([]);
  });

  it('correcting a speaker corrects every quote of the story by that name, as the page says, in one audited edit', async () => {
    const id = await compose([FERRY], null);
    const draft = (await admin.issues.drafts.get(id))!;
    const [lead, ...rest] = draft.issue.stories;
    // The product named one speaker wrongly on two quotes of the story, and another speaker on a third.
    const quotes = [
      {
        start: 3000,
        end: 3030,
        text: 'The late boats will run all winter',
        speaker: 'Anders Holm',
        role: null,
      },
      {
        start: 3100,
        end: 3130,
        text: 'We asked the council twice',
        speaker: 'Rosa Meyer',
        role: 'councillor',
      },
      { start: 3200, end: 3230, text: 'Nobody wants to wait an hour', speaker: 'Anders Holm', role: null },
    ];
    await admin.issues.drafts.put({
      ...draft,
      issue: { ...draft.issue, stories: [{ ...lead!, quotes }, ...rest] },
    });
    const page = (await get(`/admin/issues/${id}`)).body ?? '';
    expect(page).toContain(
      'Saving corrects this quote and the other quote of this story by “Anders Holm”, in one edit, so that the email names the speaker one way.',
    );
    expect(page).toMatch(/<input id="q-0-3000-only" name="only" type="checkbox" value="1">/);
    expect(page).not.toContain('id="q-0-3100-same"');

    const form = formsOf(await get(`/admin/issues/${id}`), '/edit').find(
      (f) => f.op === 'correct-speaker' && f.start === '3000',
    )!;
    // An unticked box is not posted (formsOf reads its value all the same).
    expect(form.only).toBe('1');
    delete form.only;
    const answer = await post(`/admin/issues/${id}/edit`, {
      ...form,
      speaker: 'Anders Holmberg',
      role: 'ferry captain',
    });
    expect(answer.statusCode).toBe(303);
    const saved = (await admin.issues.drafts.get(id))!.issue;
    expect(saved.stories[0]?.quotes.map((q) => [q.speaker, q.role])).toEqual([
      ['Anders Holmberg', 'ferry captain'],
      ['Rosa Meyer', 'councillor'],
      ['Anders Holmberg', 'ferry captain'],
    ]);
    expect(saved.audit?.filter((a) => a.op === 'correct-speaker')).toHaveLength(1);
    expect(saved.audit?.at(-1)?.summary).toContain('and of the other quote of story 1 by Anders Holm');
    // The page shows both corrected, and the email says the name one way.
    const after = (await get(`/admin/issues/${id}`)).body ?? '';
    expect(after.match(/— Anders Holmberg, ferry captain <span class="badge corrected">/g)).toHaveLength(2);
    expect((await admin.issues.render(saved)).html).not.toContain('Anders Holm<');
  });

  it('rejecting is confirmed and made from the version the page showed: unticked, without a version or stale, nothing is rejected', async () => {
    clock.at = new Date('2026-12-02T09:05:00Z');
    const draft = await briefingOf([FERRY], '2026-12-02T21:30:00Z');
    const path = `/admin/issues/${draft.issueId}`;
    const page = await get(path);
    // The form asks for "I understand" (the browser will not post it unticked) and carries the page's version.
    expect(page.body).toMatch(/<input id="reject-confirm" name="confirm" type="checkbox" value="1" required/);
    const version = formsOf(page, '/reject')[0]?.version;
    expect(version).toBe(issueVersion(draft.issue));
    const pending = async () => (await local.briefing.store.getDraft(draft.issueId))?.status;

    // Posted unticked (a hand-made post, a browser that does not check forms): refused, nothing changed.
    const unticked = await post(`${path}/reject`, { version: version ?? '' });
    expect(unticked.statusCode).toBe(422);
    expect(unticked.body).toContain('Not rejected: tick &quot;I understand&quot;');
    expect(unticked.body).toMatch(/id="reject-confirm"[^>]* aria-invalid="true"/);
    // Without the version: refused too.
    const unversioned = await post(`${path}/reject`, { confirm: '1' });
    expect(unversioned.statusCode).toBe(400);
    expect(await pending()).toBe('pending');

    // Another tab drops a key point; the reject of the page loaded before it is refused, the briefing as it is now.
    await edit(draft.issueId, 'drop-key-point', 0);
    const stale = await post(`${path}/reject`, { version: version ?? '', confirm: '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Not rejected: this briefing was changed since the page was loaded');
    expect(stale.body).toContain('briefing awaiting approval');
    expect(await pending()).toBe('pending');

    // From the page as it is now, ticked: rejected, and the briefing's page says so.
    const now = formsOf(await get(path), '/reject')[0];
    expect(now?.version).not.toBe(version);
    const rejected = await post(`${path}/reject`, { version: now?.version ?? '', confirm: '1' });
    expect(rejected.statusCode).toBe(303);
    expect(rejected.headers?.location).toBe(`${path}?done=rejected`);
    const after = (await get(`${path}?done=rejected`)).body ?? '';
    expect(after).toContain('Briefing rejected: it will never be sent.');
    expect(after).toContain('briefing rejected: never sent');
    expect(after).not.toContain('id="reject-confirm"');
    expect(await pending()).toBe('rejected');
    expect(await mailsAbout(draft.issueId)).toEqual([]);
  });
});

/** A briefing awaiting approval, as a scheduled one in review mode leaves it: its window settled `draft`. */
async function briefingOf(texts: string[], deadline: string): Promise<Draft> {
  const id = await compose(texts, null);
  const issue = (await admin.issues.drafts.get(id))!.issue;
  await admin.issues.drafts.delete(id);
  const at = clock.now().toISOString();
  const draft: Draft = {
    issueId: id,
    list: 'default',
    window: `w-${id}`,
    issue,
    editor: 'editor@example.org',
    createdAt: at,
    deadline,
    status: 'pending',
    fingerprints: [],
    queuedUrls: [],
    windowEnd: at,
  };
  await local.briefing.store.claimWindow(draft.list, draft.window, id, at);
  await local.briefing.store.settleWindow(draft.list, draft.window, 'draft', at);
  await local.briefing.store.putDraft(draft);
  return draft;
}

describe('a draft held by another request', () => {
  it('a save that finds the lease of its draft taken past its wait is answered 409, the draft as it was', async () => {
    clock.at = new Date('2026-12-02T11:00:00Z');
    const s3 = await startS3Server('drafts-held');
    try {
      const drafts = new S3IssueDraftStore(
        s3.client(),
        s3.bucket,
        new DynamoLeaseLock(deps.dynamo.client, LOCAL_BRIEFINGS_TABLE, { waitMs: 100 }),
      );
      const issues = { ...admin.issues, drafts };
      const serveS3 = createAdminHandler({ ...admin, issues }, () => {});
      const draft = await composeDraft(issues, {
        list: 'default',
        inputs: [{ kind: 'text', text: FERRY, title: null }],
        subject: 'Ferry week',
        by: 'desk',
      });
      const id = draft.issue.id;
      const page = await serveS3(
        adminEvent('GET', `/admin/issues/${id}`, { client: CLIENT, cookies: session }),
      );
      const form = formsOf(page, '/edit').find((f) => f.op === 'meta');
      expect(form).toBeDefined();
      // another request holds the draft's lease for longer than this store waits
      let taken!: () => void;
      const holding = new Promise<void>((ok) => {
        taken = ok;
      });
      const held = new DynamoLeaseLock(deps.dynamo.client, LOCAL_BRIEFINGS_TABLE).run(
        `draft#${id}`,
        async () => {
          taken();
          await new Promise((ok) => setTimeout(ok, 1_000));
        },
      );
      await holding;
      const answer = await serveS3(
        adminEvent('POST', `/admin/issues/${id}/edit`, {
          client: CLIENT,
          cookies: session,
          form: { _csrf: csrf, ...form, subject: 'Another subject' },
        }),
      );
      await held;
      expect(answer.statusCode).toBe(409);
      expect(answer.body).toContain('being saved by another request');
      expect((await drafts.get(id))!.issue.subject).toBe('Ferry week');
    } finally {
      await s3.close();
    }
  });
});

describe('scheduling from a page loaded before a change', () => {
  it('is refused (409) with the draft as it is now and the time as typed, as Send now is; nothing is scheduled', async () => {
    clock.at = new Date('2026-12-02T12:30:00Z');
    const id = await compose([LIGHTHOUSE, FERRY], null);
    const path = `/admin/issues/${id}`;
    const [stale] = formsOf(await get(path), '/schedule');
    expect(stale?.version).toBe('1');
    // Another tab drops a story after this page was loaded.
    await edit(id, 'drop-story', 1);
    const refused = await post(`${path}/schedule`, { ...stale, at: '2026-12-03T07:45' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(
      'Not scheduled: this issue was changed since the page was loaded (by another editor, in another tab, or by the same form sent twice). Here it is as it is now: check it, then schedule it again.',
    );
    // The editor as it is now (one story left), with the time the editor typed still in the field.
    expect(refused.body).not.toContain('id="story-1"');
    expect(refused.body).toMatch(/id="at"[^>]* value="2026-12-03T07:45"/);
    expect(formsOf(refused, '/schedule')[0]?.version).toBe('2');
    expect(await admin.issues.drafts.get(id)).toMatchObject({ status: 'editing', sendAt: null });
    // A form without a version is as stale as one from an older page.
    const bare = await post(`${path}/schedule`, { at: '2026-12-03T07:45' });
    expect(bare.statusCode).toBe(409);
    expect((await admin.issues.drafts.get(id))?.status).toBe('editing');

    // From the page as it is now: scheduled.
    const [now] = formsOf(await get(path), '/schedule');
    const scheduled = await post(`${path}/schedule`, { ...now, at: '2026-12-03T07:45' });
    expect(scheduled.statusCode).toBe(303);
    expect(await admin.issues.drafts.get(id)).toMatchObject({
      status: 'scheduled',
      sendAt: '2026-12-03T07:45:00.000Z',
    });
    await post(`${path}/unschedule`, {});
  });
});

describe('a refusal the router answers', () => {
  it('is headed by what was asked: a Send now already being sent is "Not sent", an unschedule "Not unscheduled"', async () => {
    clock.at = new Date('2026-12-02T12:00:00Z');
    const id = await compose([FERRY], 'Ferry refusals');
    const path = `/admin/issues/${id}`;
    const [send] = formsOf(await get(path), '/send');
    // Another request holds the one right to send this version.
    expect(await admin.issues.claimSend?.(id, send?.version ?? '')).toBe(true);
    const sent = await post(`${path}/send`, send!);
    expect(sent.statusCode).toBe(409);
    expect(sent.body).toContain('<h1>Not sent</h1>');
    expect(sent.body).toContain('this issue is already being sent');
    expect(sent.body).not.toContain('Not changed');
    // It is being sent: too late to schedule it.
    const scheduled = await post(`${path}/schedule`, { ...send, at: '2026-12-03T09:00' });
    expect(scheduled.statusCode).toBe(409);
    expect(scheduled.body).toContain('<h1>Not scheduled</h1>');
    expect(scheduled.body).toContain('this issue is already sending');
    expect(await mailsAbout(id)).toEqual([]);

    const draft = await compose([LIGHTHOUSE], 'Lighthouse refusals');
    const off = await post(`/admin/issues/${draft}/unschedule`, {});
    expect(off.statusCode).toBe(409);
    expect(off.body).toContain('<h1>Not unscheduled</h1>');
    expect(off.body).toContain('this draft is not scheduled: nothing to take off');
    expect(off.body).not.toContain('Not changed');
  });
});
