/**
 * One-off mails (a forward to stakeholders, a confirmation, an editor's preview or notice) go through
 * SesMailer.send. SES throttles and answers 5xx now and then; those answers mean it certainly did not
 * take the mail, so send tries again with backoff instead of failing the forward half-way. A failure
 * that may have reached SES (a lost answer) is never retried: nobody gets a mail twice.
 * aws-ses-v2-local behind the fault proxy, faults drawn from a seeded generator.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifySendError, createSesClient, SesMailer } from '../../functions/adapters/ses-mailer.js';
import { type FaultProxy, type SesLocal, seededRandom, startSesLocal } from '../support/fault-proxy.js';

let sesLocal: SesLocal;
let proxy: FaultProxy;

beforeAll(async () => {
  sesLocal = await startSesLocal({ random: seededRandom(7) });
  proxy = sesLocal.proxy;
});
afterAll(async () => {
  await sesLocal?.close();
});
beforeEach(async () => {
  await sesLocal.reset();
});

function mailer() {
  const client = createSesClient({
    ...sesLocal.clientConfig,
    responseTimeoutMs: 2_000,
  });
  return new SesMailer({ client, configurationSetName: 'digest-events', callTimeoutMs: 5_000 });
}

const mail = (to: string) => ({
  to,
  from: 'digest@example.org',
  subject: 'Fwd: Harbour reopens',
  html: '<p>Forwarded</p>',
  text: 'Forwarded',
});

describe('SesMailer.send under throttling', () => {
  it('gets every one-off mail through Throttling and 5xx answers, each exactly once', async () => {
    const ses = mailer();
    proxy.setRates({ throttle: 0.4, serverError: 0.1 });
    const before = { ...proxy.stats.faults };
    const recipients = Array.from({ length: 10 }, (_, i) => `stakeholder${i}@example.net`);
    for (const to of recipients) await ses.send(mail(to));
    expect(proxy.stats.faults.throttle - before.throttle).toBeGreaterThan(0);
    const stored = (await sesLocal.stored()).map((m) => m.destination.to[0]).sort();
    expect(stored).toEqual(recipients.sort());
  }, 60_000);

  it('still fails, classified, when SES keeps throttling', async () => {
    const ses = mailer();
    proxy.setRates({ throttle: 1 });
    const error = await ses.send(mail('r@example.net')).catch((e: unknown) => e);
    expect(classifySendError(error)).toEqual({ kind: 'retry', reason: 'Throttling' });
    expect(await sesLocal.stored()).toEqual([]);
  }, 60_000);

  it('never retries a send whose answer was lost after SES stored the mail', async () => {
    const ses = mailer();
    proxy.setRates({ loseAnswer: 1 });
    const error = await ses.send(mail('r@example.net')).catch((e: unknown) => e);
    expect(classifySendError(error).kind).toBe('ambiguous');
    expect(await sesLocal.stored()).toHaveLength(1);
  }, 60_000);
});
