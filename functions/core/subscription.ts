/**
 * The subscriber lifecycle, over the SubscriberStore port:
 *
 *   (none) ──subscribe──► pending ──confirm──► confirmed ──unsubscribe──► unsubscribed
 *                            ▲                                               │
 *                            └────────────── subscribe (new opt-in) ─────────┘
 *   any address ──hard bounce / complaint──► suppressed (never mailed, never re-subscribed)
 *
 * Time comes in as `now`; the confirmation mail goes out through the `ConfirmationSender` the
 * caller provides (token, rendering and transport are adapters' business).
 *
 * Every change reads the record, decides, and writes only if the record is still as it was read
 * (`SubscriberStore.putIfUnchanged`); when another request changed it meanwhile, it reads and decides
 * again. So concurrent requests for one address end as they would one after the other: a subscribe
 * racing the confirm never sets the confirmed record back to pending.
 */
import { z } from 'zod';
import type {
  Consent,
  Subscriber,
  SubscriberStatus,
  SubscriberStore,
  SuppressionReason,
} from '../ports/subscriber-store.js';
import { describeEmailRejection, normalizeEmail } from './email-address.js';
import { LIST_ID_RE, LIST_ID_RULE } from './list-id.js';
import { canonicalTimeZone } from './time-zone.js';

/** A confirmation mail is re-sent at most this often per address (all lists together). */
export const CONFIRMATION_RESEND_MS = 10 * 60 * 1000;
export const DEFAULT_LIST = 'default';
export const MAX_TOPICS = 20;
/** Read-decide-write rounds of one change before giving up on a record that keeps changing. */
export const MAX_WRITE_ATTEMPTS = 5;

/** The record changed between every read and write of a change, MAX_WRITE_ATTEMPTS times over. */
export class ConcurrentUpdateError extends Error {
  constructor(list: string) {
    super(`a subscriber record of list ${list} kept changing; nothing was written`);
    this.name = 'ConcurrentUpdateError';
  }
}

type Decision<R> = { result: R; write?: Subscriber };

/**
 * Reads the record, lets `decide` choose the result (and the record to write, if any), and writes it only
 * if the record is unchanged since the read; on a conflict, reads and decides again.
 */
async function readDecideWrite<R>(
  store: SubscriberStore,
  target: { list: string; email: string },
  decide: (existing: Subscriber | null) => Promise<Decision<R>>,
): Promise<R> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const existing = await store.get(target.list, target.email);
    const { result, write } = await decide(existing);
    if (!write || (await store.putIfUnchanged(write, existing))) return result;
  }
  throw new ConcurrentUpdateError(target.list);
}

const TOPIC_RE = /^[\p{L}\p{N}][\p{L}\p{N} _&'.-]{0,39}$/u;

/** The one list id rule (core/newsletter-list.ts): `Default` is refused, never lower-cased into `default`. */
export const listNameSchema = z.string().trim().regex(LIST_ID_RE, LIST_ID_RULE);

export const topicsSchema = z
  .array(
    z.string().trim().toLowerCase().regex(TOPIC_RE, "a topic is 1-40 letters, digits, spaces or - _ & ' ."),
  )
  .max(MAX_TOPICS, `at most ${MAX_TOPICS} topics`)
  .transform((topics) => [...new Set(topics)].sort());

export const timezoneSchema = z.string().transform((value, ctx) => {
  const tz = canonicalTimeZone(value.trim());
  if (!tz) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not an IANA time zone name' });
    return z.NEVER;
  }
  return tz;
});

/**
 * Why an operator (an import, `digest subscribers add --confirmed`, the console's add) may not put this address on
 * the list, given the list's record as read now: the person unsubscribed from it, or (`readBefore`: an earlier read
 * of the same change found a record) it was removed or forgotten meanwhile. Null when nothing stands in the way.
 * Only the person's own opt-in undoes an unsubscribe. A suppressed address is refused too, but each caller reads
 * the suppression list its own way (the import in batches).
 *
 * @example optedOut({ ...record, status: 'unsubscribed' }, false) // 'unsubscribed'
 */
export function optedOut(current: Subscriber | null, readBefore: boolean): 'unsubscribed' | 'removed' | null {
  if (current?.status === 'unsubscribed') return 'unsubscribed';
  if (!current && readBefore) return 'removed';
  return null;
}

/**
 * The topics a reader asks for (already through `topicsSchema`), held to those the list offers (its `topics`, what
 * the subscribe page lets a reader tick). A topic the list does not offer is refused, unless the reader's record
 * carries it already (`kept`: an import gave it, or the list dropped it since), so that saving other preferences
 * never fails on it. A list that offers no topics has nothing to choose from (every issue goes to everyone):
 * topics sent to it are dropped, `topics` undefined, so that a form written while the list had topics still works.
 *
 * @example readerTopics(['politics', 'sport'], ['cooking'])
 *   // { ok: false, message: '"cooking" is not a topic of this list (its topics: politics, sport)' }
 */
export function readerTopics(
  offered: readonly string[],
  wanted: readonly string[] | undefined,
  kept: readonly string[] = [],
): { ok: true; topics: string[] | undefined } | { ok: false; message: string } {
  if (wanted === undefined || offered.length === 0) return { ok: true, topics: undefined };
  const allowed = new Set([...offered, ...kept].map((topic) => topic.toLowerCase()));
  const unknown = wanted.filter((topic) => !allowed.has(topic.toLowerCase()));
  if (unknown.length === 0) return { ok: true, topics: [...wanted] };
  const named = unknown.map((topic) => JSON.stringify(topic)).join(', ');
  return {
    ok: false,
    message: `${named} ${unknown.length === 1 ? 'is not a topic' : 'are not topics'} of this list (its topics: ${offered.join(', ')})`,
  };
}

/** The consent an import records for a row confirmed without consent columns of its own: the operator's word. */
export function importConsent(at: string): Consent {
  return { at, method: 'import', ip: null, userAgent: null };
}

/**
 * The record an import writes for an address new to the list, at `at` (an ISO time): `confirmed` unless the
 * row says otherwise, with the row's topics, time zone, consent and creation time where it gives them.
 *
 * @example importedSubscriber('jane@example.org', 'default', '2026-11-01T00:00:00.000Z') // confirmed, no topics
 */
export function importedSubscriber(
  email: string,
  list: string,
  at: string,
  row: {
    status?: SubscriberStatus;
    topics?: string[];
    timezone?: string | null;
    consent?: Consent | null;
    createdAt?: string | null;
  } = {},
): Subscriber {
  const status = row.status ?? 'confirmed';
  return {
    email,
    list,
    status,
    topics: row.topics ?? [],
    timezone: row.timezone ?? null,
    consent: row.consent ?? (status === 'confirmed' ? importConsent(at) : null),
    createdAt: row.createdAt ?? at,
    updatedAt: at,
    confirmationSentAt: null,
  };
}

export interface ConfirmationSender {
  /** Sends the double opt-in mail for this (pending) record. */
  sendConfirmation(subscriber: Subscriber, now: Date): Promise<void>;
}

export interface SubscriptionDeps {
  store: SubscriberStore;
  confirmations: ConfirmationSender;
}

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

export interface SubscribeInput extends RequestContext {
  email: string;
  list?: string;
  topics?: string[];
  timezone?: string | null;
  /** How the request came: 'double-opt-in' (web form), 'cli', ... */
  method?: string;
}

/** What subscribe did. Every `accepted` outcome must look the same to the caller's client. */
export type SubscribeResult =
  | { kind: 'invalid'; field: 'email' | 'list' | 'topics' | 'timezone'; message: string }
  | {
      kind: 'accepted';
      action: 'confirmation-sent' | 'rate-limited' | 'already-confirmed' | 'suppressed';
      email: string;
      list: string;
    };

const subscribeFields = z.object({
  list: listNameSchema.default(DEFAULT_LIST),
  topics: topicsSchema.optional(),
  timezone: timezoneSchema.nullish(),
});

export type CheckedSubscribeInput =
  | Extract<SubscribeResult, { kind: 'invalid' }>
  | { kind: 'valid'; email: string; list: string; topics?: string[]; timezone?: string | null };

/**
 * The checks of `subscribe` that depend on the request alone (no store, no mail), so that a caller
 * can answer a malformed request before, and the same for every valid one after, any per-address work.
 */
export function checkSubscribeInput(input: SubscribeInput): CheckedSubscribeInput {
  const address = normalizeEmail(input.email);
  if (!address.ok)
    return { kind: 'invalid', field: 'email', message: describeEmailRejection(address.reason) };
  const fields = subscribeFields.safeParse({
    list: input.list,
    topics: input.topics,
    timezone: input.timezone,
  });
  if (!fields.success) {
    const issue = fields.error.issues[0];
    const field = (issue?.path[0] ?? 'list') as 'list' | 'topics' | 'timezone';
    return { kind: 'invalid', field, message: issue?.message ?? 'invalid' };
  }
  return { kind: 'valid', email: address.email, ...fields.data };
}

/**
 * Starts (or restarts) a double opt-in. Known, unknown, suppressed and rate-limited addresses all
 * yield `accepted`, so that the HTTP answer tells nothing about who is subscribed.
 */
export async function subscribe(
  deps: SubscriptionDeps,
  input: SubscribeInput,
  now: Date,
): Promise<SubscribeResult> {
  return (await startOptIn(deps, input, now, false)) as SubscribeResult;
}

/**
 * `subscribe` for an address that had no record on the list when the caller looked (an import's row without a
 * status): if it has one by the time of writing (it subscribed, or was added, meanwhile), nothing is written or
 * sent, and the result is `on-list` with that record, for the caller to decide again.
 */
export async function subscribeIfNew(
  deps: SubscriptionDeps,
  input: SubscribeInput,
  now: Date,
): Promise<SubscribeResult | { kind: 'on-list'; subscriber: Subscriber }> {
  return startOptIn(deps, input, now, true);
}

async function startOptIn(
  deps: SubscriptionDeps,
  input: SubscribeInput,
  now: Date,
  onlyNew: boolean,
): Promise<SubscribeResult | { kind: 'on-list'; subscriber: Subscriber }> {
  const checked = checkSubscribeInput(input);
  if (checked.kind === 'invalid') return checked;
  const { email, list, topics, timezone } = checked;
  const accepted = (action: Extract<SubscribeResult, { kind: 'accepted' }>['action']): SubscribeResult => ({
    kind: 'accepted',
    action,
    email,
    list,
  });

  if (await deps.store.isSuppressed(email)) return accepted('suppressed');
  const at = now.toISOString();
  // No mail went out: give the slot back (if it still holds this claim) so that a retry can send.
  // A failure to give it back only delays the retry.
  const giveSlotBack = () => deps.store.removeConfirmationSlot(email, at).catch(() => undefined);
  // The send slot is claimed at most once per request, on the first read that gets that far.
  let slot: 'claimed' | 'refused' | undefined;
  type Outcome =
    | { action: 'already-confirmed' | 'rate-limited' }
    | { action: 'on-list'; existing: Subscriber }
    | { action: 'send'; pending: Subscriber };
  let outcome: Outcome;
  try {
    outcome = await readDecideWrite<Outcome>(deps.store, { list, email }, async (existing) => {
      if (onlyNew && existing) return { result: { action: 'on-list', existing } };
      if (existing?.status === 'confirmed') return { result: { action: 'already-confirmed' } };

      // One confirmation per address per 10 minutes, whatever the list: no mail-bombing through us.
      // The store's send slot decides, atomically: of concurrent requests for one address, one sends.
      // The records' confirmationSentAt (listsOf is eventually consistent) is only an early brake that
      // also covers sends recorded before the slot existed; it can hold a send back, never allow one.
      if (slot === undefined) {
        const others = await deps.store.listsOf(email);
        const lastRecorded = [existing, ...others]
          .map((s) => (s?.confirmationSentAt ? Date.parse(s.confirmationSentAt) : Number.NEGATIVE_INFINITY))
          .reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
        slot =
          now.getTime() - lastRecorded < CONFIRMATION_RESEND_MS ||
          !(await deps.store.claimConfirmationSlot(email, at, CONFIRMATION_RESEND_MS))
            ? 'refused'
            : 'claimed';
      }

      const pending: Subscriber = {
        email,
        list,
        status: 'pending',
        topics: topics ?? existing?.topics ?? [],
        timezone: timezone ?? existing?.timezone ?? null,
        consent: {
          at,
          method: `${input.method ?? 'double-opt-in'}:requested`,
          ip: input.ip,
          userAgent: input.userAgent,
        },
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
        confirmationSentAt: existing?.confirmationSentAt ?? null,
      };
      // Rate-limited: keep a pending record for a new list, but send nothing; an existing record stays as it is.
      if (slot === 'refused')
        return { result: { action: 'rate-limited' }, ...(existing ? {} : { write: pending }) };
      return { result: { action: 'send', pending }, write: pending };
    });
  } catch (error) {
    if (slot === 'claimed') await giveSlotBack();
    throw error;
  }
  if (outcome.action !== 'send') {
    // Confirmed meanwhile (by a concurrent confirm), or on the list by now (subscribeIfNew): the slot this
    // request claimed sent nothing.
    if (slot === 'claimed') await giveSlotBack();
    if (outcome.action === 'on-list') return { kind: 'on-list', subscriber: outcome.existing };
    return accepted(outcome.action);
  }
  try {
    await deps.confirmations.sendConfirmation(outcome.pending, now);
  } catch (error) {
    await giveSlotBack();
    throw error;
  }
  await recordConfirmationSent(deps.store, outcome.pending, at);
  return accepted('confirmation-sent');
}

/**
 * Notes the send on the record, unless it left `pending` meanwhile (confirmed, unsubscribed, forgotten):
 * the note only brakes re-sends early, the send slot is what limits them.
 */
async function recordConfirmationSent(
  store: SubscriberStore,
  written: Subscriber,
  at: string,
): Promise<void> {
  let read: Subscriber | null = written;
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    if (read?.status !== 'pending') return;
    if (await store.putIfUnchanged({ ...read, confirmationSentAt: at }, read)) return;
    read = await store.get(written.list, written.email);
  }
}

/** Where a reader stands on a list: a record's status, no record, or a pending address we never mail. */
export type Standing = SubscriberStatus | 'missing' | 'suppressed';

export type ConfirmResult =
  | { kind: 'confirmed'; subscriber: Subscriber }
  | { kind: 'already-confirmed'; subscriber: Subscriber }
  | { kind: 'not-pending'; status: Exclude<Standing, 'pending' | 'confirmed'> };

/**
 * Where the reader of a link stands, read without changing anything: the confirm link's page asks to confirm only
 * when `confirm` would confirm (`pending`), and the unsubscribe link's asks to leave only a reader on the list.
 */
export async function readStanding(
  deps: Pick<SubscriptionDeps, 'store'>,
  target: { email: string; list: string },
): Promise<Standing> {
  return standingOf(deps.store, await deps.store.get(target.list, target.email), target.email);
}

async function standingOf(
  store: SubscriberStore,
  record: Subscriber | null,
  email: string,
): Promise<Standing> {
  if (!record) return 'missing';
  if (record.status === 'pending' && (await store.isSuppressed(email))) return 'suppressed';
  return record.status;
}

/** Confirms a pending subscription (the confirm token was verified by the caller). Idempotent. */
export async function confirm(
  deps: Pick<SubscriptionDeps, 'store'>,
  target: { email: string; list: string },
  context: RequestContext,
  now: Date,
): Promise<ConfirmResult> {
  return readDecideWrite<ConfirmResult>(deps.store, target, async (existing) => {
    if (!existing) return { result: { kind: 'not-pending', status: 'missing' } };
    const standing = await standingOf(deps.store, existing, target.email);
    if (standing === 'confirmed') return { result: { kind: 'already-confirmed', subscriber: existing } };
    if (standing !== 'pending') return { result: { kind: 'not-pending', status: standing } };
    const at = now.toISOString();
    const consent: Consent = { at, method: 'double-opt-in', ip: context.ip, userAgent: context.userAgent };
    const subscriber: Subscriber = { ...existing, status: 'confirmed', consent, updatedAt: at };
    return { result: { kind: 'confirmed', subscriber }, write: subscriber };
  });
}

export type UnsubscribeResult = { kind: 'unsubscribed' | 'already-unsubscribed' | 'not-subscribed' };

/** Unsubscribes from one list. Doing it again changes nothing. */
export async function unsubscribe(
  deps: Pick<SubscriptionDeps, 'store'>,
  target: { email: string; list: string },
  now: Date,
): Promise<UnsubscribeResult> {
  return readDecideWrite<UnsubscribeResult>(deps.store, target, async (existing) => {
    if (!existing) return { result: { kind: 'not-subscribed' } };
    if (existing.status === 'unsubscribed') return { result: { kind: 'already-unsubscribed' } };
    return {
      result: { kind: 'unsubscribed' },
      write: { ...existing, status: 'unsubscribed', updatedAt: now.toISOString() },
    };
  });
}

export interface PreferencesView {
  email: string;
  list: string;
  /** This list's record, or null when the person is no longer on it. */
  current: Subscriber | null;
  /** Every list the person is on, whatever the status. */
  lists: Subscriber[];
}

/** What the preferences page shows. */
export async function getPreferences(
  deps: Pick<SubscriptionDeps, 'store'>,
  target: { email: string; list: string },
): Promise<PreferencesView> {
  const lists = (await deps.store.listsOf(target.email)).sort((a, b) => a.list.localeCompare(b.list));
  const current = await deps.store.get(target.list, target.email);
  return { ...target, current, lists };
}

export interface PreferencesChange {
  topics?: string[];
  timezone?: string | null;
  /** Lists to leave (any the person is on). */
  leave?: string[];
}

export type UpdatePreferencesResult =
  | { kind: 'updated'; view: PreferencesView }
  | { kind: 'invalid'; message: string; field?: 'topics' }
  | { kind: 'not-subscribed' };

const preferencesChangeSchema = z.object({
  topics: topicsSchema.optional(),
  timezone: timezoneSchema.nullish(),
  leave: z.array(listNameSchema).max(100).optional(),
});

/**
 * Changes topics and time zone of the token's list, and leaves lists. Joining a list is not a
 * preference: it takes a new opt-in. `offeredTopics`, the topics the token's list offers (a reader's change):
 * topics are held to them (`readerTopics`); absent, any valid topic is taken.
 */
export async function updatePreferences(
  deps: Pick<SubscriptionDeps, 'store'>,
  target: { email: string; list: string },
  change: PreferencesChange,
  now: Date,
  offeredTopics?: readonly string[],
): Promise<UpdatePreferencesResult> {
  const parsed = preferencesChangeSchema.safeParse(change);
  if (!parsed.success) return { kind: 'invalid', message: parsed.error.issues[0]?.message ?? 'invalid' };
  const { topics: asked, timezone, leave } = parsed.data;
  const at = now.toISOString();
  type Outcome =
    | { kind: 'invalid'; message: string }
    | { kind: 'read'; found: boolean; changesRecord: boolean };
  const outcome = await readDecideWrite<Outcome>(deps.store, target, async (current) => {
    const held =
      offeredTopics === undefined
        ? { ok: true as const, topics: asked }
        : readerTopics(offeredTopics, asked, current?.topics ?? []);
    if (!held.ok) return { result: { kind: 'invalid', message: held.message } };
    const { topics } = held;
    const changesRecord = topics !== undefined || timezone !== undefined;
    return {
      result: { kind: 'read', found: current !== null, changesRecord },
      ...(current && changesRecord
        ? {
            write: {
              ...current,
              topics: topics ?? current.topics,
              timezone: timezone === undefined ? current.timezone : timezone,
              updatedAt: at,
            },
          }
        : {}),
    };
  });
  if (outcome.kind === 'invalid') return { kind: 'invalid', message: outcome.message, field: 'topics' };
  // Without a record for the token's list (an operator removed it), the person can still leave their
  // other lists from the page; only topics and time zone need that record.
  if (!outcome.found && (outcome.changesRecord || (leave ?? []).length === 0))
    return { kind: 'not-subscribed' };
  for (const list of leave ?? []) await unsubscribe(deps, { email: target.email, list }, now);
  return { kind: 'updated', view: await getPreferences(deps, target) };
}

/** SES reported a permanent problem: never mail the address again. */
export async function suppress(
  deps: Pick<SubscriptionDeps, 'store'>,
  email: string,
  reason: SuppressionReason,
  now: Date,
): Promise<void> {
  const address = normalizeEmail(email);
  // A feedback event carries what SES delivered to; suppress it as given if it does not normalise.
  await deps.store.suppress(address.ok ? address.email : email.trim(), reason, now.toISOString());
}

export interface ForgetResult {
  removedRecords: number;
  /** 'kept-hash' after a complaint: the hash stays so the person is never mailed again. */
  suppression: 'none' | 'removed' | 'kept-hash';
}

/**
 * Erases a person (right to erasure): every subscriber record, the confirmation send slot, and
 * the suppression entry unless it holds a complaint, in which case only the hash and its reasons
 * remain.
 */
export async function forget(deps: Pick<SubscriptionDeps, 'store'>, email: string): Promise<ForgetResult> {
  const records = await deps.store.listsOf(email);
  for (const record of records) await deps.store.remove(record.list, record.email);
  // The confirmation send slot is keyed by the address too.
  await deps.store.removeConfirmationSlot(email);
  const suppression = await deps.store.getSuppression(email);
  if (!suppression) return { removedRecords: records.length, suppression: 'none' };
  if (suppression.reasons.includes('complaint')) {
    await deps.store.anonymiseSuppression(email);
    return { removedRecords: records.length, suppression: 'kept-hash' };
  }
  await deps.store.removeSuppression(email);
  return { removedRecords: records.length, suppression: 'removed' };
}

/** What an operator's add as confirmed did; `unsubscribed` and `removed` are `optedOut`'s refusals, `suppressed` too. */
export type AddConfirmedResult =
  | { kind: 'added' | 'already-confirmed' | 'suppressed' | 'unsubscribed' | 'removed' }
  | { kind: 'invalid'; message: string };

/**
 * An operator adds someone as confirmed (consent collected elsewhere): `digest subscribers add --confirmed`, the
 * console's add. It never overrides an opt-out given here: a suppressed address, or one that unsubscribed from the
 * list, is refused as the import refuses it (`optedOut`), and nothing is written.
 */
export async function addConfirmed(
  deps: Pick<SubscriptionDeps, 'store'>,
  input: { email: string; list: string; topics?: string[]; timezone?: string | null; method: string },
  now: Date,
): Promise<AddConfirmedResult> {
  const address = normalizeEmail(input.email);
  if (!address.ok) return { kind: 'invalid', message: describeEmailRejection(address.reason) };
  const fields = subscribeFields.safeParse({
    list: input.list,
    topics: input.topics,
    timezone: input.timezone,
  });
  if (!fields.success) return { kind: 'invalid', message: fields.error.issues[0]?.message ?? 'invalid' };
  const { list, topics, timezone } = fields.data;
  if (await deps.store.isSuppressed(address.email)) return { kind: 'suppressed' };
  const at = now.toISOString();
  let readBefore = false;
  return readDecideWrite<AddConfirmedResult>(deps.store, { list, email: address.email }, async (existing) => {
    const refused = optedOut(existing, readBefore);
    readBefore ||= existing !== null;
    if (refused) return { result: { kind: refused } };
    if (existing?.status === 'confirmed') return { result: { kind: 'already-confirmed' } };
    return {
      result: { kind: 'added' },
      write: {
        email: address.email,
        list,
        status: 'confirmed',
        topics: topics ?? existing?.topics ?? [],
        timezone: timezone ?? existing?.timezone ?? null,
        consent: { at, method: input.method, ip: null, userAgent: null },
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
        confirmationSentAt: existing?.confirmationSentAt ?? null,
      },
    };
  });
}
