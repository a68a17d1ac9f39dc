/**
 * `digest send --test-to ADDRESS`: one private copy of an issue, sent directly (never through the
 * send queue), its subject prefixed `[Test]`. It is never archived (so never on the archive page or
 * in the feed), never a delivery of the issue (so never in its stats or a briefing window), and is
 * recorded apart in the ledger so that `digest stats` lists it as a test copy.
 *
 * Its "view in browser" link points at the issue id, which exists on the web only once the issue is
 * really sent; its unsubscribe and preferences links are the tester's own and work as usual.
 */
import { compileIssueMessage, listHeaders, senderDomain } from '../adapters/mime.js';
import { newMessageId } from '../adapters/outbox-mailer.js';
import { describeEmailRejection, normalizeEmail } from '../core/email-address.js';
import { signToken } from '../core/tokens.js';
import type { Issue, RenderedIssue } from '../core/types.js';
import type { RawMailer } from '../ports/mailer.js';
import { preparePersonalisation } from '../use-cases/deliver-issue.js';
import { CliError } from './cli-error.js';
import type { CommandDeps } from './command-deps.js';

export const TEST_SUBJECT_PREFIX = '[Test] ';

/** The subject of a test copy: `[Test] ` once, in front. */
export function testSubject(subject: string): string {
  return subject.startsWith(TEST_SUBJECT_PREFIX) ? subject : `${TEST_SUBJECT_PREFIX}${subject}`;
}

export async function sendTestCopy(
  deps: CommandDeps,
  issue: Issue,
  rendered: RenderedIssue,
  address: string,
): Promise<{ recipient: string; subject: string }> {
  const normal = normalizeEmail(address);
  if (!normal.ok) throw new CliError(`--test-to: ${describeEmailRejection(normal.reason)}`, { exitCode: 2 });
  const mailer = deps.mailer as Partial<RawMailer>;
  if (typeof mailer.sendRaw !== 'function')
    throw new CliError('the mail transport cannot send prepared messages');
  const now = deps.clock.now();
  const subject = testSubject(rendered.subject);
  const personalisation = preparePersonalisation(rendered);
  const message = await compileIssueMessage({ from: deps.mail.from, subject }, personalisation);
  const base = deps.baseUrl();
  const link = (purpose: 'unsubscribe' | 'preferences') =>
    `${base}/${purpose}?token=${signToken({ email: normal.email, list: issue.list, purpose }, deps.secret, now)}`;
  const links = { unsubscribeUrl: link('unsubscribe'), preferencesUrl: link('preferences') };
  const domain = senderDomain(deps.mail.from);
  const deliveryId = `${issue.id}.test`;
  const messageId = newMessageId(deliveryId, domain);
  const part = {
    to: normal.email,
    messageId,
    deliveryId,
    headers: listHeaders({ unsubscribeUrl: links.unsubscribeUrl, list: issue.list, listIdDomain: domain }),
  };
  const raw = await message.forRecipient(part, links);
  // no digest-list tag: a test copy never goes through the open/click tracking set
  await (
    mailer as RawMailer & { sendRaw(m: unknown, tags?: Record<string, string>): Promise<unknown> }
  ).sendRaw({ to: normal.email, raw, messageId, deliveryId }, { 'digest-issue': issue.id });
  const ledger = await deps.ledger();
  await ledger.recordTestSend({
    issueId: issue.id,
    list: issue.list,
    recipient: normal.email,
    subject,
    at: now.toISOString(),
  });
  return { recipient: normal.email, subject };
}
