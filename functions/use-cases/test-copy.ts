/**
 * A test copy of an issue: one private copy to one address, sent directly (never through the send
 * queue), its subject prefixed `[Test]`. `digest send --test-to` and the console's "Send test" both
 * come here, so a test copy looks the same whoever asks for it.
 *
 * It is never archived (so never on the archive page or in the feed) and never a delivery of the
 * issue (so never in its stats or a briefing window); the ledger records it apart, so that
 * `digest stats` lists it as a test copy. The caller renders it with `webVersion: false` (core/render-model.ts)
 * when the issue is not archived (a draft, a new issue of `digest send --test-to`): it is on the web only once it
 * is sent, so the copy carries no "view in browser" link, and its footer says so; a test copy of an archived issue
 * (`digest send --issue ID --test-to`) keeps the link, which works. Its unsubscribe and preferences links are the
 * tester's own and work as usual.
 */
import { describeEmailRejection, normalizeEmail } from '../core/email-address.js';
import { listHeaders } from '../core/mail-headers.js';
import type { PersonalisationTemplate } from '../core/personalise.js';
import { signToken } from '../core/tokens.js';
import type { Issue, RenderedIssue } from '../core/types.js';
import type { DeliveryLedger } from '../ports/delivery-ledger.js';
import type { RawOutgoingMessage, SentMessage } from '../ports/mailer.js';
import type { IssueMessage, MessageBase } from '../ports/message-builder.js';
import { type MailSettings, preparePersonalisation } from './deliver-issue.js';

export const TEST_SUBJECT_PREFIX = '[Test] ';

/** The subject of a test copy: `[Test] ` once, in front. */
export function testSubject(subject: string): string {
  return subject.startsWith(TEST_SUBJECT_PREFIX) ? subject : `${TEST_SUBJECT_PREFIX}${subject}`;
}

export interface TestCopyDeps {
  mailer: { sendRaw(message: RawOutgoingMessage, tags?: Record<string, string>): Promise<SentMessage> };
  /** Composes the issue's message once (adapters/mime.ts compileIssueMessage). */
  compileMessage(base: MessageBase, personalisation: PersonalisationTemplate): Promise<IssueMessage>;
  ledger: Pick<DeliveryLedger, 'recordTestSend'>;
  /** The links' base URL and token key, and the List-Id domain, as for a real delivery (read per copy). */
  settings(): Pick<MailSettings, 'baseUrl' | 'tokenSecret' | 'listIdDomain'>;
  /** The sender when the rendered issue names none (issues archived before lists had senders). */
  from: string;
  messageId(deliveryId: string): string;
  now(): Date;
}

/** The address is not one a copy can go to; the message says why, for the person who typed it. */
export class TestCopyAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestCopyAddressError';
  }
}

export async function sendTestCopy(
  deps: TestCopyDeps,
  issue: Issue,
  rendered: RenderedIssue,
  address: string,
): Promise<{ recipient: string; subject: string }> {
  const normal = normalizeEmail(address);
  if (!normal.ok) throw new TestCopyAddressError(describeEmailRejection(normal.reason));
  const now = deps.now();
  const subject = testSubject(rendered.subject);
  const message = await deps.compileMessage(
    {
      from: rendered.from ?? deps.from,
      subject,
      ...(rendered.replyTo ? { replyTo: rendered.replyTo } : {}),
    },
    preparePersonalisation(rendered),
  );
  const { baseUrl, tokenSecret, listIdDomain } = deps.settings();
  const link = (purpose: 'unsubscribe' | 'preferences') =>
    `${baseUrl}/${purpose}?token=${signToken({ email: normal.email, list: issue.list, purpose }, tokenSecret, now)}`;
  const links = { unsubscribeUrl: link('unsubscribe'), preferencesUrl: link('preferences') };
  const deliveryId = `${issue.id}.test`;
  const messageId = deps.messageId(deliveryId);
  const raw = await message.forRecipient(
    {
      to: normal.email,
      messageId,
      deliveryId,
      headers: listHeaders({ unsubscribeUrl: links.unsubscribeUrl, list: issue.list, listIdDomain }),
    },
    links,
  );
  // No digest-list tag: a test copy never goes through the open/click tracking set.
  await deps.mailer.sendRaw({ to: normal.email, raw, messageId, deliveryId }, { 'digest-issue': issue.id });
  await deps.ledger.recordTestSend({
    issueId: issue.id,
    list: issue.list,
    recipient: normal.email,
    subject,
    at: now.toISOString(),
  });
  return { recipient: normal.email, subject };
}
