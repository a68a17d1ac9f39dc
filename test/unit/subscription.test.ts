import { beforeEach, describe, expect, it } from 'vitest';
import { MemorySubscriberStore } from '../../functions/adapters/memory-subscriber-store.js';
import {
  addConfirmed,
  confirm,
  forget,
  readerTopics,
  type SubscriptionDeps,
  subscribe,
  unsubscribe,
  updatePreferences,
} from '../../functions/core/subscription.js';
import type { Subscriber } from '../../functions/ports/subscriber-store.js';

const T0 = new Date('2026-04-01T10:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const ctx = { ip: '198.51.100.7', userAgent: 'UA/1' };

let store: MemorySubscriberStore;
let sent: Array<{ email: string; list: string; at: string }>;
let deps: SubscriptionDeps;

beforeEach(() => {
  store = new MemorySubscriberStore();
  sent = [];
  deps = {
    store,
    confirmations: {
      async sendConfirmation(s: Subscriber, now: Date) {
        sent.push({ email: s.email, list: s.list, at: now.toISOString() });
      },
    },
  };
});

type Step =
  | { do: 'subscribe'; email?: string; list?: string; at: number }
  | { do: 'confirm'; at: number }
  | { do: 'unsubscribe'; at: number }
  | { do: 'suppress'; reason: 'bounce' | 'complaint' };

async function run(steps: Step[]): Promise<string[]> {
  const outcomes: string[] = [];
  for (const step of steps) {
    if (step.do === 'subscribe') {
      const r = await subscribe(
        deps,
        { email: step.email ?? 'p@example.org', list: step.list, ...ctx },
        minutes(step.at),
      );
      outcomes.push(r.kind === 'accepted' ? r.action : `invalid:${r.field}`);
    } else if (step.do === 'confirm') {
      const r = await confirm(deps, { email: 'p@example.org', list: 'default' }, ctx, minutes(step.at));
      outcomes.push(r.kind === 'not-pending' ? `not-pending:${r.status}` : r.kind);
    } else if (step.do === 'unsubscribe') {
      outcomes.push(
        (await unsubscribe(deps, { email: 'p@example.org', list: 'default' }, minutes(step.at))).kind,
      );
    } else {
      await store.suppress('p@example.org', step.reason, T0.toISOString());
      outcomes.push('suppressed');
    }
  }
  return outcomes;
}

describe('lifecycle', () => {
  it.each<{ name: string; steps: Step[]; outcomes: string[]; status: string | null; mails: number }>([
    {
      name: 'new address',
      steps: [{ do: 'subscribe', at: 0 }],
      outcomes: ['confirmation-sent'],
      status: 'pending',
      mails: 1,
    },
    {
      name: 'double opt-in',
      steps: [
        { do: 'subscribe', at: 0 },
        { do: 'confirm', at: 1 },
      ],
      outcomes: ['confirmation-sent', 'confirmed'],
      status: 'confirmed',
      mails: 1,
    },
    {
      name: 'confirm twice',
      steps: [
        { do: 'subscribe', at: 0 },
        { do: 'confirm', at: 1 },
        { do: 'confirm', at: 2 },
      ],
      outcomes: ['confirmation-sent', 'confirmed', 'already-confirmed'],
      status: 'confirmed',
      mails: 1,
    },
    {
      name: 'resend within 10 minutes is rate-limited',
      steps: [
        { do: 'subscribe', at: 0 },
        { do: 'subscribe', at: 9 },
      ],
      outcomes: ['confirmation-sent', 'rate-limited'],
      status: 'pending',
      mails: 1,
    },
    {
      name: 'resend after 10 minutes',
      steps: [
        { do: 'subscribe', at: 0 },
        { do: 'subscribe', at: 10 },
      ],
      outcomes: ['confirmation-sent', 'confirmation-sent'],
      status: 'pending',
      mails: 2,
    },
    {
      name: 'rate limit spans lists',
      steps: [
        { do: 'subscribe', at: 0 },
        { do: 'subscribe', list: 'weekly', at: 1 },
      ],
      outcomes: ['confirmation-sent', 'rate-limited'],
      status: 'pending',
      mails: 1,
    },
    {
      name: 'subscribe when confirmed changes nothing',
      steps: [
        { do: 'subscribe', at: 0 },
        { do: 'confirm', at: 1 },
        { do: 'subscribe', at: 30 },
      ],
      outcomes: ['confirmation-sent', 'confirmed', 'already-confirmed'],
      status: 'confirmed',
      mails: 1,
    },
    {
      name: 'unsubscribe twice',
      steps: [
        { do: 'subscribe', at: 0 },
        { do: 'confirm', at: 1 },
        { do: 'unsubscribe', at: 2 },
        { do: 'unsubscribe', at: 3 },
      ],
      outcomes: ['confirmation-sent', 'confirmed', 'unsubscribed', 'already-unsubscribed'],
      status: 'unsubscribed',
      mails: 1,
    },
    {
      name: 'unsubscribed may opt in again',
      steps: [
        { do: 'subscribe', at: 0 },
        { do: 'confirm', at: 1 },
        { do: 'unsubscribe', at: 2 },
        { do: 'subscribe', at: 20 },
        { do: 'confirm', at: 21 },
      ],
      outcomes: ['confirmation-sent', 'confirmed', 'unsubscribed', 'confirmation-sent', 'confirmed'],
      status: 'confirmed',
      mails: 2,
    },
    {
      name: 'an unsubscribed person is not re-confirmed by an old link',
      steps: [
        { do: 'subscribe', at: 0 },
        { do: 'confirm', at: 1 },
        { do: 'unsubscribe', at: 2 },
        { do: 'confirm', at: 3 },
      ],
      outcomes: ['confirmation-sent', 'confirmed', 'unsubscribed', 'not-pending:unsubscribed'],
      status: 'unsubscribed',
      mails: 1,
    },
    {
      name: 'a complainer stays suppressed',
      steps: [
        { do: 'subscribe', at: 0 },
        { do: 'confirm', at: 1 },
        { do: 'suppress', reason: 'complaint' },
        { do: 'subscribe', at: 30 },
      ],
      outcomes: ['confirmation-sent', 'confirmed', 'suppressed', 'suppressed'],
      status: 'confirmed',
      mails: 1,
    },
    {
      name: 'a pending address that hard-bounced cannot be confirmed',
      steps: [
        { do: 'subscribe', at: 0 },
        { do: 'suppress', reason: 'bounce' },
        { do: 'confirm', at: 1 },
      ],
      outcomes: ['confirmation-sent', 'suppressed', 'not-pending:suppressed'],
      status: 'pending',
      mails: 1,
    },
    {
      name: 'confirm with no record',
      steps: [{ do: 'confirm', at: 0 }],
      outcomes: ['not-pending:missing'],
      status: null,
      mails: 0,
    },
    {
      name: 'invalid address',
      steps: [{ do: 'subscribe', email: 'a@b.c\nBcc: x@y.z', at: 0 }],
      outcomes: ['invalid:email'],
      status: null,
      mails: 0,
    },
    {
      name: 'invalid list',
      steps: [{ do: 'subscribe', list: 'Bad List!', at: 0 }],
      outcomes: ['invalid:list'],
      status: null,
      mails: 0,
    },
  ])('$name', async ({ steps, outcomes, status, mails }) => {
    expect(await run(steps)).toEqual(outcomes);
    expect((await store.get('default', 'p@example.org'))?.status ?? null).toBe(status);
    expect(sent).toHaveLength(mails);
  });

  it('records consent: the request, then the confirmation', async () => {
    await subscribe(deps, { email: 'P@Example.org', ...ctx, userAgent: 'Form/2' }, T0);
    expect((await store.get('default', 'P@example.org'))?.consent).toEqual({
      at: T0.toISOString(),
      method: 'double-opt-in:requested',
      ip: ctx.ip,
      userAgent: 'Form/2',
    });
    await confirm(
      deps,
      { email: 'P@example.org', list: 'default' },
      { ip: '203.0.113.9', userAgent: 'Mail/3' },
      minutes(5),
    );
    expect((await store.get('default', 'P@example.org'))?.consent).toEqual({
      at: minutes(5).toISOString(),
      method: 'double-opt-in',
      ip: '203.0.113.9',
      userAgent: 'Mail/3',
    });
  });
});

describe('preferences, forget, operator add', () => {
  beforeEach(async () => {
    await addConfirmed(deps, { email: 'p@example.org', list: 'default', method: 'cli' }, T0);
    await addConfirmed(deps, { email: 'p@example.org', list: 'weekly', method: 'cli' }, T0);
  });

  it.each([
    {
      change: { topics: ['Science', 'art', 'science'] },
      out: { topics: ['art', 'science'], timezone: null },
    },
    { change: { timezone: 'europe/paris' }, out: { topics: [], timezone: 'Europe/Paris' } },
    { change: { topics: [], timezone: null }, out: { topics: [], timezone: null } },
  ])('updates $change', async ({ change, out }) => {
    const result = await updatePreferences(
      deps,
      { email: 'p@example.org', list: 'default' },
      change,
      minutes(1),
    );
    expect(result.kind).toBe('updated');
    expect(await store.get('default', 'p@example.org')).toMatchObject(out);
  });

  it.each([
    { change: { timezone: 'Mars/Olympus' } },
    { change: { topics: ['<script>'] } },
    { change: { topics: Array.from({ length: 21 }, (_, i) => `t${i}`) } },
    { change: { leave: ['../x'] } },
  ])('refuses $change', async ({ change }) => {
    const before = await store.get('default', 'p@example.org');
    expect(
      (await updatePreferences(deps, { email: 'p@example.org', list: 'default' }, change, minutes(1))).kind,
    ).toBe('invalid');
    expect(await store.get('default', 'p@example.org')).toEqual(before);
  });

  it('leaves another list from the preferences page', async () => {
    await updatePreferences(
      deps,
      { email: 'p@example.org', list: 'default' },
      { leave: ['weekly'] },
      minutes(1),
    );
    expect((await store.get('weekly', 'p@example.org'))?.status).toBe('unsubscribed');
    expect((await store.get('default', 'p@example.org'))?.status).toBe('confirmed');
  });

  it("leaves another list when the token's own list record is gone, and changes nothing else", async () => {
    await store.remove('default', 'p@example.org');
    const target = { email: 'p@example.org', list: 'default' };
    expect((await updatePreferences(deps, target, { topics: ['art'] }, minutes(1))).kind).toBe(
      'not-subscribed',
    );
    expect((await updatePreferences(deps, target, { leave: ['weekly'] }, minutes(1))).kind).toBe('updated');
    expect((await store.get('weekly', 'p@example.org'))?.status).toBe('unsubscribed');
    expect(await store.get('default', 'p@example.org')).toBeNull();
  });

  it.each([
    { reasons: [] as Array<'bounce' | 'complaint'>, suppression: 'none', left: false },
    { reasons: ['bounce' as const], suppression: 'removed', left: false },
    { reasons: ['bounce' as const, 'complaint' as const], suppression: 'kept-hash', left: true },
  ])('forget with suppression $reasons → $suppression', async ({ reasons, suppression, left }) => {
    for (const reason of reasons) await store.suppress('p@example.org', reason, T0.toISOString());
    expect(await forget(deps, 'p@example.org')).toEqual({ removedRecords: 2, suppression });
    expect(await store.listsOf('p@example.org')).toEqual([]);
    const entry = await store.getSuppression('p@example.org');
    expect(entry !== null).toBe(left);
    if (entry) expect(entry.email).toBeNull();
  });

  it('operator add refuses a suppressed address', async () => {
    await store.suppress('s@example.org', 'complaint', T0.toISOString());
    expect(await addConfirmed(deps, { email: 's@example.org', list: 'default', method: 'cli' }, T0)).toEqual({
      kind: 'suppressed',
    });
  });

  it('operator add never confirms who unsubscribed from the list, and writes nothing; other lists are theirs', async () => {
    await unsubscribe(deps, { email: 'p@example.org', list: 'default' }, minutes(1));
    const left = await store.get('default', 'p@example.org');
    for (const email of ['p@example.org', 'P@Example.org'])
      expect(await addConfirmed(deps, { email, list: 'default', method: 'console' }, minutes(2))).toEqual({
        kind: 'unsubscribed',
      });
    expect(await store.get('default', 'p@example.org')).toEqual(left);
    expect(
      await addConfirmed(deps, { email: 'p@example.org', list: 'weekly', method: 'cli' }, minutes(2)),
    ).toEqual({ kind: 'already-confirmed' });
    // The person's own new opt-in is the way back.
    await subscribe(deps, { email: 'p@example.org', ...ctx }, minutes(3));
    await confirm(deps, { email: 'p@example.org', list: 'default' }, ctx, minutes(4));
    expect((await store.get('default', 'p@example.org'))?.status).toBe('confirmed');
  });

  it('preferences hold topics to those the list offers, keep those the record has, and drop them where none are offered', async () => {
    const target = { email: 'p@example.org', list: 'default' };
    await updatePreferences(deps, target, { topics: ['harbour'] }, minutes(1));
    const offered = ['politics', 'sport'];
    expect(
      await updatePreferences(deps, target, { topics: ['cooking', 'sport'] }, minutes(2), offered),
    ).toEqual({
      kind: 'invalid',
      field: 'topics',
      message: '"cooking" is not a topic of this list (its topics: politics, sport)',
    });
    expect((await store.get('default', 'p@example.org'))?.topics).toEqual(['harbour']);
    // harbour is no topic of the list any more, but the record has it: saving keeps it
    const kept = await updatePreferences(deps, target, { topics: ['Sport', 'harbour'] }, minutes(3), offered);
    expect(kept.kind).toBe('updated');
    expect((await store.get('default', 'p@example.org'))?.topics).toEqual(['harbour', 'sport']);
    // a list that offers no topics: what is sent is dropped, the rest of the change applies
    const none = await updatePreferences(
      deps,
      target,
      { topics: ['cooking'], timezone: 'Europe/Oslo' },
      minutes(4),
      [],
    );
    expect(none.kind).toBe('updated');
    expect(await store.get('default', 'p@example.org')).toMatchObject({
      topics: ['harbour', 'sport'],
      timezone: 'Europe/Oslo',
    });
  });
});

describe('readerTopics', () => {
  it.each([
    { offered: ['politics', 'sport'], wanted: ['sport'], kept: [], out: { ok: true, topics: ['sport'] } },
    { offered: ['politics', 'sport'], wanted: [], kept: [], out: { ok: true, topics: [] } },
    { offered: ['politics', 'sport'], wanted: undefined, kept: [], out: { ok: true, topics: undefined } },
    { offered: [], wanted: ['cooking'], kept: [], out: { ok: true, topics: undefined } },
    { offered: ['Politics'], wanted: ['politics'], kept: [], out: { ok: true, topics: ['politics'] } },
    {
      offered: ['sport'],
      wanted: ['rail', 'sport'],
      kept: ['rail'],
      out: { ok: true, topics: ['rail', 'sport'] },
    },
    {
      offered: ['politics', 'sport'],
      wanted: ['cooking'],
      kept: [],
      out: { ok: false, message: '"cooking" is not a topic of this list (its topics: politics, sport)' },
    },
    {
      offered: ['sport'],
      wanted: ['art', 'cooking', 'sport'],
      kept: [],
      out: { ok: false, message: '"art", "cooking" are not topics of this list (its topics: sport)' },
    },
  ])('$offered, $wanted (kept $kept) → $out', ({ offered, wanted, kept, out }) => {
    expect(readerTopics(offered, wanted, kept)).toEqual(out);
  });
});

describe('confirmation send slot (memory store)', () => {
  const sub = (list: string, at: number) =>
    subscribe(deps, { email: 'p@example.org', list, ...ctx }, minutes(at)).then((r) =>
      r.kind === 'accepted' ? r.action : r.kind,
    );

  it('concurrent subscribes on several lists send one mail, and every list gets its pending record', async () => {
    const lists = ['a', 'b', 'c', 'd', 'e'];
    const actions = await Promise.all(lists.map((l) => sub(l, 0)));
    expect(actions.sort()).toEqual(['confirmation-sent', ...Array(4).fill('rate-limited')]);
    expect(sent).toHaveLength(1);
    expect((await store.listsOf('p@example.org')).map((s) => s.status)).toEqual(Array(5).fill('pending'));
  });

  it('the slot decides even when the records show no send (e.g. a lost confirmationSentAt)', async () => {
    expect(await sub('a', 0)).toBe('confirmation-sent');
    const record = await store.get('a', 'p@example.org');
    await store.put({ ...record!, confirmationSentAt: null });
    expect(await sub('a', 5)).toBe('rate-limited');
    expect(await sub('a', 10)).toBe('confirmation-sent');
  });

  it('a failed send gives the slot back, so a retry sends', async () => {
    let fail = true;
    deps.confirmations = {
      async sendConfirmation(s: Subscriber, now: Date) {
        if (fail) {
          fail = false;
          throw new Error('transport down');
        }
        sent.push({ email: s.email, list: s.list, at: now.toISOString() });
      },
    };
    await expect(sub('a', 0)).rejects.toThrow('transport down');
    expect(await sub('a', 1)).toBe('confirmation-sent');
    expect(await sub('b', 2)).toBe('rate-limited');
    expect(sent).toHaveLength(1);
  });

  it('forget drops the slot with the records', async () => {
    expect(await sub('a', 0)).toBe('confirmation-sent');
    await forget(deps, 'p@example.org');
    expect(await sub('a', 1)).toBe('confirmation-sent');
    expect(sent).toHaveLength(2);
  });
});
