/**
 * A forward to several stakeholders where SES refuses some of the addresses (MessageRejected: an
 * unverified address in the SES sandbox, a blocked domain) still reaches the others, and the answer
 * names the ones that did not get it, instead of stopping at the first refusal with a 500 that a retry
 * would turn into duplicates for those already sent. When SES refuses every address, nobody got it because of the
 * addresses: a 422 naming each with SES's reason; when SES itself fails for every one, that failure is the answer.
 * dynalite (budget, suppressions), the file archive, aws-ses-v2-local behind the fault proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSesClient, SesMailer } from '../../functions/adapters/ses-mailer.js';
import type { LocalBriefing } from '../../functions/cli/local-briefing.js';
import { forwardIssue, NotForwardedError } from '../../functions/use-cases/forward.js';
import { type FaultProxy, type SesLocal, seededRandom, startSesLocal } from '../support/fault-proxy.js';
import {
  archiveForForward,
  type LocalBriefingWorld,
  openLocalBriefingWorld,
} from '../support/local-briefing-world.js';
import { HARBOUR, sampleIssue, storyFrom } from '../support/sample-issue.js';

const ISSUE = sampleIssue([storyFrom(HARBOUR)], { id: '20260310-ffffeeeedddd', list: 'default' });
let world: LocalBriefingWorld;
let local: LocalBriefing;
let ses: SesLocal;
let proxy: FaultProxy;

beforeAll(async () => {
  ses = await startSesLocal({ random: seededRandom(11) });
  proxy = ses.proxy;
  world = await openLocalBriefingWorld('digest-forward-partial-', {
    clock: { now: () => new Date('2026-03-10T07:00:00Z') },
    env: { DIGEST_BASE_URL: 'http://127.0.0.1:8787' },
  });
  ({ local } = world);
  await archiveForForward(world, ISSUE);
}, 60_000);

afterAll(async () => {
  await world?.close();
  await ses?.close();
});

describe('a forward that SES partly refuses', { timeout: 60_000 }, () => {
  it('reaches every address SES accepts and names the refused ones', async () => {
    const mailer = new SesMailer({
      client: createSesClient(ses.clientConfig),
      configurationSetName: 'digest-events',
    });
    const to = Array.from({ length: 8 }, (_, i) => `stakeholder${i}@example.net`);
    proxy.setRates({ reject: 0.4 });
    const result = await forwardIssue(
      { issueId: ISSUE.id, to, forwardedBy: 'newsroom', senderId: 'partial' },
      { ...local.forward, mailer },
    );
    const received = (await ses.stored()).map((m) => m.destination.to[0]!).sort();
    const refused = result.failed.map((f) => f.address).sort();
    expect(refused.length).toBeGreaterThan(0);
    expect(received.length).toBeGreaterThan(0);
    expect(result.sent).toBe(received.length);
    expect([...received, ...refused].sort()).toEqual([...to].sort());
    expect(result.failed[0]?.reason).toMatch(/MessageRejected/);
  });

  it("refused at every address, nobody got it: a 422 naming each address with SES's reason", async () => {
    await ses.clearStore();
    proxy.setRates({ reject: 1 });
    const mailer = new SesMailer({
      client: createSesClient(ses.clientConfig),
    });
    const to = ['a@example.net', 'b@example.net'];
    const refused = forwardIssue(
      { issueId: ISSUE.id, to, forwardedBy: 'newsroom', senderId: 'all' },
      { ...local.forward, mailer },
    );
    await expect(refused).rejects.toBeInstanceOf(NotForwardedError);
    await expect(refused).rejects.toMatchObject({
      status: 422,
      issueId: ISSUE.id,
      suppressed: [],
      failed: to.map((address) => ({
        address,
        reason: expect.stringMatching(new RegExp(`^MessageRejected: .*${address.replace('.', '\\.')}$`)),
      })),
    });
    expect(await ses.stored()).toEqual([]);
  });

  it('the mail service failing for every address is its own error, not a refusal of the addresses', async () => {
    proxy.setRates({ throttle: 1 });
    const mailer = new SesMailer({
      client: createSesClient(ses.clientConfig),
      sendAttempts: 2,
      backoff: { baseMs: 1, capMs: 5 },
    });
    const failing = forwardIssue(
      {
        issueId: ISSUE.id,
        to: ['c@example.net', 'd@example.net'],
        forwardedBy: 'newsroom',
        senderId: 'down',
      },
      { ...local.forward, mailer },
    );
    await expect(failing).rejects.toMatchObject({ name: 'Throttling' });
    await expect(failing).rejects.not.toBeInstanceOf(NotForwardedError);
  });
});
