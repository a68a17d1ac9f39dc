/**
 * `digest send --test-to ADDRESS`: the test copy of use-cases/test-copy.ts (the console's "Send test"
 * is the same use case), built from the command's dependencies, local or deployed. A bad address is
 * a usage error (exit 2).
 */
import { compileIssueMessage, senderDomain } from '../adapters/mime.js';
import { newMessageId } from '../adapters/outbox-mailer.js';
import type { Issue, RenderedIssue } from '../core/types.js';
import type { DeliveryLedger } from '../ports/delivery-ledger.js';
import type { RawMailer } from '../ports/mailer.js';
import { sendTestCopy as sendCopy, TestCopyAddressError, type TestCopyDeps } from '../use-cases/test-copy.js';
import { CliError } from './cli-error.js';
import type { CommandDeps } from './command-deps.js';

export async function sendTestCopy(
  deps: CommandDeps,
  issue: Issue,
  rendered: RenderedIssue,
  address: string,
): Promise<{ recipient: string; subject: string }> {
  try {
    return await sendCopy(testCopyDeps(deps, await deps.ledger()), issue, rendered, address);
  } catch (error) {
    if (error instanceof TestCopyAddressError)
      throw new CliError(`--test-to: ${error.message}`, { exitCode: 2, cause: error });
    throw error;
  }
}

/** The test copy's dependencies from a command's (or `digest dev`'s) mailer, sender, secret and links. */
export function testCopyDeps(
  deps: Pick<CommandDeps, 'mailer' | 'mail' | 'secret' | 'baseUrl' | 'clock'>,
  ledger: Pick<DeliveryLedger, 'recordTestSend'>,
): TestCopyDeps {
  const mailer = deps.mailer as Partial<RawMailer>;
  if (typeof mailer.sendRaw !== 'function')
    throw new CliError('the mail transport cannot send prepared messages');
  const domain = senderDomain(deps.mail.from);
  return {
    mailer: mailer as RawMailer,
    compileMessage: compileIssueMessage,
    ledger,
    settings: () => ({ baseUrl: deps.baseUrl(), tokenSecret: deps.secret, listIdDomain: domain }),
    from: deps.mail.from,
    messageId: (deliveryId) => newMessageId(deliveryId, domain),
    now: () => deps.clock.now(),
  };
}
