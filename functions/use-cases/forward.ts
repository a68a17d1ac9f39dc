/**
 * Forwarding an archived issue to stakeholders who are not subscribers: the sender's note above
 * the issue, a "forwarded by" line and a subscribe link; no subscriber's personal link or token.
 * Capped per call and rate-limited per key: at most `forwardsPerHour` recipients in any hour (a sliding
 * window, core/sliding-window.ts, not a clock hour: a key cannot send its budget at 14:59 and again at
 * 15:00). Suppressed addresses (hard bounces, complaints,
 * manual suppressions) are never forwarded to: they are dropped and named in the result, so the caller
 * knows who did not get it; they do not count against the hourly budget. When nobody is sent it because each
 * address is suppressed or was refused by the mail service (MessageRejected), that is an error that names each one
 * (NotForwardedError, 422), not a forward to 0 recipients; a failure of the mail service itself (no credentials,
 * throttling, an outage) is thrown as it came, a 5xx.
 */

import { addressKey, describeEmailRejection, normalizeEmail } from '../core/email-address.js';
import { presentList } from '../core/newsletter-list.js';
import { retryAfterSeconds } from '../core/sliding-window.js';
import type { Issue } from '../core/types.js';
import type { IssueArchive } from '../ports/issue-archive.js';
import type { ListStore } from '../ports/list-store.js';
import type { Mailer, OutgoingMessage } from '../ports/mailer.js';
import type { Renderer } from '../ports/renderer.js';
import type { WindowLimits } from '../ports/window-limits.js';
import { subscribeUrl } from './public-links.js';

export const MAX_FORWARD_RECIPIENTS = 10;
export const DEFAULT_FORWARDS_PER_HOUR = 50;
const FORWARD_WINDOW_MS = 3_600_000;
export const MAX_NOTE_CHARS = 1000;
/** The "forwarded by" name: a display name, printed above the issue and in its footer. */
export const MAX_FORWARDED_BY_CHARS = 100;
/** How a suppressed address's refusal reads, in the CLI's `not sent to …` lines. */
export const SUPPRESSED_REASON = 'suppressed (bounced, complained or suppressed by hand)';

export class ForwardError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 422 | 429,
    /** With 429: the seconds until the same forward fits the budget (an HTTP `Retry-After`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ForwardError';
  }
}

/**
 * Nobody was sent the issue because each requested address is suppressed or was refused by the mail service: an
 * error (422) that names every one (a refused one with the service's reason), where it used to be a forward "to 0
 * recipients" or, for refusals, the first refusal as a 500. When only suppressed addresses were asked for, nothing
 * was sent and no budget was taken; a refused address was tried, and counts against the budget.
 */
export class NotForwardedError extends ForwardError {
  constructor(
    readonly issueId: string,
    readonly suppressed: string[],
    readonly failed: ForwardResult['failed'] = [],
  ) {
    super(`not forwarded to anyone: ${notForwardedReasons(suppressed, failed)}`, 422);
    this.name = 'NotForwardedError';
  }
}

/**
 * Why nobody got it, each address named.
 * @example notForwardedReasons([], [{ address: 'a@x.org', reason: 'MessageRejected: …' }])
 *   // 'the mail service refused the address: a@x.org (MessageRejected: …)'
 */
function notForwardedReasons(suppressed: string[], failed: ForwardResult['failed']): string {
  const parts: string[] = [];
  if (failed.length > 0) {
    const each = failed.length === 1 ? 'the address' : `all ${failed.length} addresses`;
    const named = failed.map((f) => `${f.address} (${f.reason})`).join(', ');
    parts.push(`the mail service refused ${each}: ${named}`);
  }
  if (suppressed.length > 0) {
    const one = suppressed.length === 1;
    let all = one ? 'the address is' : `all ${suppressed.length} addresses are`;
    if (failed.length > 0) all = one ? 'the other is' : `the other ${suppressed.length} are`;
    parts.push(`${all} ${SUPPRESSED_REASON}: ${suppressed.join(', ')}`);
  }
  return parts.join('; ');
}

export interface ForwardDeps {
  archive: IssueArchive;
  /** The forward budget per key (a sliding window shared by every instance). */
  limits: WindowLimits;
  mailer: Mailer;
  /** The forward mail's renderer (the built-in templates, or `digest dev`'s live ones). */
  renderForward: Renderer['renderForward'];
  from: string;
  baseUrl: string;
  postalAddress: string;
  /** The lists: a forwarded copy carries its list's title, sender and footer. */
  lists?: ListStore;
  now: () => Date;
  /** The subset of the given (normalised) addresses that is suppressed. */
  suppressedAmong: (emails: string[]) => Promise<Set<string>>;
  /**
   * When a failure of `mailer.send` is the mail service refusing that one recipient (SES's MessageRejected), the
   * reason to show; null for a failure of the service itself, which any other recipient would meet too. Without
   * it, every failure counts as the service's.
   */
  refusalReason?: (error: unknown) => string | null;
  forwardsPerHour?: number;
}

export interface ForwardResult {
  issueId: string;
  sent: number;
  recipients: string[];
  /** Requested addresses that were not sent to because they are suppressed. */
  suppressed: string[];
  /**
   * Addresses the mail service refused or could not take (the others were still sent to), with `Name: message` of
   * the error.
   */
  failed: { address: string; reason: string }[];
}

export interface ForwardRequest {
  issueId: string;
  to: readonly unknown[];
  note?: unknown;
  /** Who forwards: the API key's name. */
  forwardedBy: string;
  /** The stable id of the key (or CLI) that forwards: the hourly budget is counted per id. */
  senderId: string;
}

export { subscribeUrl };

/** Validates recipients: strings, valid addresses, deduplicated, at most MAX_FORWARD_RECIPIENTS. */
export function validateRecipients(to: readonly unknown[]): string[] {
  if (to.length === 0) throw new ForwardError('"to" must list at least one address', 400);
  // Keyed by addressKey: `Boss@x.org` and `boss@x.org` are one recipient, sent one copy.
  const out = new Map<string, string>();
  for (const raw of to) {
    if (typeof raw !== 'string') throw new ForwardError('"to" must be a list of addresses', 400);
    const r = normalizeEmail(raw);
    if (!r.ok)
      throw new ForwardError(
        `invalid address in "to": ${shownAddress(raw)}: ${describeEmailRejection(r.reason)}`,
        400,
      );
    if (!out.has(addressKey(r.email))) out.set(addressKey(r.email), r.email);
  }
  if (out.size > MAX_FORWARD_RECIPIENTS) {
    throw new ForwardError(`at most ${MAX_FORWARD_RECIPIENTS} recipients per forward`, 400);
  }
  return [...out.values()];
}

/** A refused address as the error names it: quoted (a control character shows escaped), long ones cut. */
function shownAddress(raw: string): string {
  return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw);
}

/**
 * Sends an archived issue to the requested addresses, the suppressed ones left out.
 * @throws ForwardError 400 (bad address, note or name), 404 (no such issue), 429 (over the hourly budget);
 *   NotForwardedError (422) when every address is suppressed or refused by the mail service. When nobody was sent
 *   it and the mail service itself failed for some address (not a refusal of that address), that error is thrown.
 */
export async function forwardIssue(
  request: ForwardRequest,
  deps: ForwardDeps,
  onProgress?: (done: number, total: number) => void,
): Promise<ForwardResult> {
  const requested = validateRecipients(request.to);
  const note = validateNote(request.note);
  const forwardedBy = validateForwardedBy(request.forwardedBy);
  const archived = await deps.archive.get(request.issueId);
  if (!archived) throw new ForwardError(`no issue ${request.issueId}`, 404);
  const blocked = await deps.suppressedAmong(requested);
  const recipients = requested.filter((email) => !blocked.has(email));
  const suppressed = requested.filter((email) => blocked.has(email));
  if (recipients.length === 0) throw new NotForwardedError(archived.issue.id, suppressed);

  await takeForwardBudget(deps, request.senderId, recipients.length);
  const message = await forwardMessage(deps, archived.issue, forwardedBy, note);
  const { sent, failed } = await sendToEach(deps, message, recipients, onProgress);
  if (sent === 0) throw new NotForwardedError(archived.issue.id, suppressed, failed);
  return {
    issueId: archived.issue.id,
    sent,
    recipients: recipients.filter((r) => !failed.some((f) => f.address === r)),
    suppressed,
    failed,
  };
}

/** The note, trimmed ('' when none); a note that is not a string, or is too long, is a 400. */
function validateNote(note: unknown): string {
  if (note !== undefined && note !== null && typeof note !== 'string') {
    throw new ForwardError('"note" must be a string', 400);
  }
  const trimmed = typeof note === 'string' ? note.trim() : '';
  if (trimmed.length > MAX_NOTE_CHARS)
    throw new ForwardError(`"note" is longer than ${MAX_NOTE_CHARS} characters`, 400);
  return trimmed;
}

/** Who forwards, trimmed; a display name longer than MAX_FORWARDED_BY_CHARS is a 400. */
function validateForwardedBy(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length > MAX_FORWARDED_BY_CHARS)
    throw new ForwardError(
      `the "forwarded by" name is ${trimmed.length} characters long; it takes at most ${MAX_FORWARDED_BY_CHARS}`,
      400,
    );
  return trimmed;
}

/** Takes `count` recipients from the sender's hourly budget, or refuses (429, with the wait when it is known). */
async function takeForwardBudget(deps: ForwardDeps, senderId: string, count: number): Promise<void> {
  const limit = deps.forwardsPerHour ?? DEFAULT_FORWARDS_PER_HOUR;
  const now = deps.now();
  const budget = await deps.limits.take(
    `forward#${senderId}`,
    count,
    { limit, windowMs: FORWARD_WINDOW_MS },
    now,
  );
  if (budget.allowed) return;
  const message = `forward limit reached: at most ${limit} recipients in any hour`;
  const seconds = retryAfterSeconds(budget, now.getTime());
  if (seconds === null) throw new ForwardError(message, 429);
  throw new ForwardError(`${message}; try again in ${Math.ceil(seconds / 60)} min`, 429, seconds);
}

/** The forward mail, the same for every recipient: its list's identity when the list is known. */
async function forwardMessage(
  deps: ForwardDeps,
  issue: Issue,
  forwardedBy: string,
  note: string,
): Promise<Omit<OutgoingMessage, 'to'>> {
  const list = await deps.lists?.get(issue.list);
  const shown = list ? presentList(list, deps) : null;
  const mail = deps.renderForward({
    issue,
    baseUrl: deps.baseUrl,
    postalAddress: shown?.postalAddress ?? deps.postalAddress,
    ...(shown
      ? {
          listName: shown.listName,
          subjectPrefix: shown.subjectPrefix,
          timeZone: shown.timeZone,
          logoUrl: shown.logoUrl,
          accentColor: shown.accentColor,
        }
      : {}),
    forwardedBy,
    note: note || null,
    subscribeUrl: subscribeUrl(deps.baseUrl, issue.list),
  });
  return {
    from: shown?.from ?? deps.from,
    ...(shown?.replyTo ? { replyTo: shown.replyTo } : {}),
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
  };
}

/**
 * One copy per recipient. One refused address (MessageRejected: unverified in the SES sandbox, a blocked domain)
 * does not keep the mail from the others; the refused ones are named in the result. When nobody could be sent
 * to and some failure was the mail service's own (not a refusal of its address: ForwardDeps.refusalReason), that first
 * failure is thrown: the forward did not fail for the addresses, and the caller must see a failure of the service.
 */
async function sendToEach(
  { mailer, refusalReason }: Pick<ForwardDeps, 'mailer' | 'refusalReason'>,
  message: Omit<OutgoingMessage, 'to'>,
  recipients: readonly string[],
  onProgress?: (done: number, total: number) => void,
): Promise<Pick<ForwardResult, 'sent' | 'failed'>> {
  let sent = 0;
  const failed: ForwardResult['failed'] = [];
  let serviceError: { error: unknown } | null = null;
  onProgress?.(0, recipients.length);
  for (const to of recipients) {
    try {
      await mailer.send({ to, ...message });
      sent++;
    } catch (error) {
      const refusal = refusalReason?.(error) ?? null;
      if (refusal === null) serviceError ??= { error };
      const e = error as { name?: string; message?: string };
      const reason = refusal ?? `${e.name ?? 'Error'}: ${e.message ?? ''}`.slice(0, 200).trim();
      failed.push({ address: to, reason });
    }
    onProgress?.(sent + failed.length, recipients.length);
  }
  if (sent === 0 && serviceError !== null) throw serviceError.error;
  return { sent, failed };
}
