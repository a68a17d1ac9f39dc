/**
 * The console's sign-in throttle and the forward budget are sliding windows, on the real local pieces
 * (the console's dependencies as `digest dev` opens them, the forward use case, the briefings table on
 * in-memory dynalite) with a clock the test moves: attempts crowded at the end of one clock window and
 * the start of the next are refused until a full window has passed since the ones they follow, and two
 * callers racing for the last allowed attempt through two DynamoDB clients never both get it.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_BRIEFINGS_TABLE } from '../../functions/adapters/dynamo-briefing-store.js';
import { DynamoWindowLimits } from '../../functions/adapters/dynamo-window-limits.js';
import type { AdminDeps } from '../../functions/admin/admin-deps.js';
import { SIGN_IN_ATTEMPTS, SIGN_IN_WINDOW_MS } from '../../functions/admin/console-deps.js';
import { createAdminHandler } from '../../functions/admin/router.js';
import { openAdminLocalDeps } from '../../functions/cli/admin-local-deps.js';
import {
  DEFAULT_FORWARDS_PER_HOUR,
  ForwardError,
  type ForwardRequest,
  forwardIssue,
} from '../../functions/use-cases/forward.js';
import { adminEvent, cookiesOf, csrfOf } from '../support/admin-event.js';
import { settableClock } from '../support/clock.js';
import { type DynamoFaultProxy, startDynamoFaultProxy } from '../support/dynamo-fault-proxy.js';
import {
  archiveForForward,
  type LocalBriefingWorld,
  openLocalBriefingWorld,
} from '../support/local-briefing-world.js';
import { HARBOUR, sampleIssue, storyFrom } from '../support/sample-issue.js';

const ISSUE = sampleIssue([storyFrom(HARBOUR)], { id: '20261203-aaaabbbbcccc', list: 'default' });
const clock = settableClock('2026-12-03T14:00:00Z');
const HOUR_MS = 3_600_000;
let world: LocalBriefingWorld;
let admin: AdminDeps;
let proxy: DynamoFaultProxy;

beforeAll(async () => {
  world = await openLocalBriefingWorld('digest-sliding-limits-', {
    clock,
    env: { DIGEST_BASE_URL: 'http://127.0.0.1:8787', DIGEST_TRANSPORT: 'outbox' },
  });
  admin = await openAdminLocalDeps(world.deps);
  await archiveForForward(world, ISSUE);
  // A second way into the same dynalite: another client, as another Lambda instance has.
  proxy = await startDynamoFaultProxy(world.deps.dynamo.endpoint);
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await world?.close();
});

const at = (iso: string) => {
  clock.at = new Date(iso);
};
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** Whether the console took a sign-in attempt from `client` now. */
async function allowed(client: string): Promise<boolean> {
  return (await admin.allowSignIn(client)).allowed;
}

async function attempts(client: string, n: number): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) out.push(await allowed(client));
  return out;
}

function forwardTo(senderId: string, prefix: string, n: number): ForwardRequest {
  return {
    issueId: ISSUE.id,
    to: Array.from({ length: n }, (_, i) => `${prefix}${i}@example.org`),
    forwardedBy: 'desk',
    senderId,
  };
}

/** Recipients forwarded, or 0 when the budget refused the call (429). */
async function forwarded(request: ForwardRequest): Promise<number> {
  try {
    return (await forwardIssue(request, world.local.forward)).sent;
  } catch (error) {
    if (error instanceof ForwardError && error.status === 429) return 0;
    throw error;
  }
}

describe('sign-in throttle', () => {
  it('the attempts of the end of one quarter hour still count at the start of the next', async () => {
    // A window of the old fixed counter ended at 15:00; a full quarter hour's attempts just before it.
    const last = '2026-12-03T14:59:59.000Z';
    at(last);
    expect(await attempts('203.0.113.1', SIGN_IN_ATTEMPTS)).toEqual(Array(SIGN_IN_ATTEMPTS).fill(true));
    expect(await allowed('203.0.113.1')).toBe(false);
    at('2026-12-03T15:00:00.000Z');
    expect(await allowed('203.0.113.1')).toBe(false);
    // Most of a window later, where a sliding-window counter would let nearly all of a second window through.
    at(plus(last, SIGN_IN_WINDOW_MS - 1));
    expect(await allowed('203.0.113.1')).toBe(false);
    // A full window after them: the limit again, and then no more.
    at(plus(last, SIGN_IN_WINDOW_MS));
    expect(await attempts('203.0.113.1', SIGN_IN_ATTEMPTS + 1)).toEqual([
      ...Array(SIGN_IN_ATTEMPTS).fill(true),
      false,
    ]);
    // Another client has its own attempts.
    expect(await allowed('203.0.113.2')).toBe(true);
    // The stored log holds the takes of the last window only, and the table's TTL removes it a window after them.
    const stored = await world.deps.dynamo.client.send(
      new GetCommand({
        TableName: LOCAL_BRIEFINGS_TABLE,
        Key: { pk: 'RATE#admin-sign-in#203.0.113.1', sk: 'WINDOW' },
      }),
    );
    expect(stored.Item?.takes).toHaveLength(SIGN_IN_ATTEMPTS);
    expect(stored.Item?.expiresAt).toBe(
      (Date.parse(plus(last, SIGN_IN_WINDOW_MS)) + SIGN_IN_WINDOW_MS) / 1000,
    );
  });

  it('attempts spread over a window free up one by one, a window after each', async () => {
    const start = '2026-12-03T16:10:00.000Z';
    for (let i = 0; i < SIGN_IN_ATTEMPTS; i++) {
      at(plus(start, i * 60_000));
      expect(await allowed('203.0.113.3')).toBe(true);
    }
    at(plus(start, SIGN_IN_WINDOW_MS - 1));
    expect(await allowed('203.0.113.3')).toBe(false);
    at(plus(start, SIGN_IN_WINDOW_MS));
    expect(await attempts('203.0.113.3', 2)).toEqual([true, false]);
    at(plus(start, SIGN_IN_WINDOW_MS + 60_000));
    expect(await attempts('203.0.113.3', 2)).toEqual([true, false]);
  });

  it('a refused sign-in says when the oldest attempt leaves the window: Retry-After and the page', async () => {
    const serve = createAdminHandler(admin);
    const client = '203.0.113.5';
    const signIn = async () => {
      const form = await serve(adminEvent('GET', '/admin/sign-in', { client }));
      return serve(
        adminEvent('POST', '/admin/sign-in', {
          client,
          cookies: cookiesOf(form),
          form: { _csrf: csrfOf(form), key: 'not-a-key-0123456789abcdef' },
        }),
      );
    };
    /** A refused attempt now: the seconds until `freedAt` in the header, rounded up to the minute in the page. */
    const expectRefusedUntil = async (freedAt: string) => {
      const refused = await signIn();
      expect(refused.statusCode).toBe(429);
      const seconds = Math.ceil((Date.parse(freedAt) - clock.now().getTime()) / 1000);
      expect(refused.headers?.['retry-after']).toBe(String(seconds));
      const minutes = Math.ceil(seconds / 60);
      expect(refused.body).toMatch(new RegExp(`Wait ${minutes} minutes? and try again`));
      // Still the sign-in page, with a form to use once the wait is over.
      expect(refused.body).toContain('action="/admin/sign-in"');
      expect(cookiesOf(refused).some((c) => c.startsWith('digest_admin_signin='))).toBe(true);
    };
    // Ten wrong keys, one every 50 seconds (the last at 10:07:30).
    const start = '2026-12-03T10:00:00.000Z';
    const attemptAt = (i: number) => plus(start, i * 50_000);
    for (let i = 0; i < SIGN_IN_ATTEMPTS; i++) {
      at(attemptAt(i));
      expect((await signIn()).statusCode).toBe(403);
    }
    // The first leaves the window at 10:15:00, whatever happens in between.
    at(plus(start, 9 * 60_000 + 20_000));
    await expectRefusedUntil(plus(attemptAt(0), SIGN_IN_WINDOW_MS));
    at(plus(attemptAt(0), SIGN_IN_WINDOW_MS - 500));
    await expectRefusedUntil(plus(attemptAt(0), SIGN_IN_WINDOW_MS));
    // Once it has left, one attempt goes through; the next waits for the second oldest.
    at(plus(attemptAt(0), SIGN_IN_WINDOW_MS));
    expect((await signIn()).statusCode).toBe(403);
    await expectRefusedUntil(plus(attemptAt(1), SIGN_IN_WINDOW_MS));
  });

  it('racing for the last attempt through two clients: exactly one gets it', async () => {
    at('2026-12-03T18:00:00.000Z');
    expect(await attempts('203.0.113.4', SIGN_IN_ATTEMPTS - 1)).not.toContain(false);
    const here = new DynamoWindowLimits(world.deps.dynamo.client, LOCAL_BRIEFINGS_TABLE);
    const there = new DynamoWindowLimits(proxy.client(), LOCAL_BRIEFINGS_TABLE);
    const rule = { limit: SIGN_IN_ATTEMPTS, windowMs: SIGN_IN_WINDOW_MS };
    const racers = [here, there, here, there, here, there].map((store) =>
      store.take('admin-sign-in#203.0.113.4', 1, rule, clock.now()),
    );
    const won = (await Promise.all(racers)).filter((d) => d.allowed);
    expect(won).toHaveLength(1);
    expect(await allowed('203.0.113.4')).toBe(false);
  });
});

describe('forward budget', () => {
  it('recipients forwarded at the end of one clock hour still count in the next', async () => {
    const last = '2026-12-03T14:59:00.000Z';
    at(last);
    for (const prefix of ['a', 'b', 'c', 'd', 'e'])
      expect(await forwarded(forwardTo('key-1', prefix, 10))).toBe(10);
    expect(DEFAULT_FORWARDS_PER_HOUR).toBe(50);
    at('2026-12-03T15:00:30.000Z');
    expect(await forwarded(forwardTo('key-1', 'f', 1))).toBe(0);
    at(plus(last, HOUR_MS - 1));
    expect(await forwarded(forwardTo('key-1', 'g', 1))).toBe(0);
    at(plus(last, HOUR_MS));
    expect(await forwarded(forwardTo('key-1', 'h', 10))).toBe(10);
    // Another key has its own budget.
    expect(await forwarded(forwardTo('key-2', 'i', 10))).toBe(10);
  });

  it('a refused forward takes nothing: a smaller one still fits', async () => {
    at('2026-12-03T20:00:00.000Z');
    for (const prefix of ['a', 'b', 'c', 'd'])
      expect(await forwarded(forwardTo('key-3', prefix, 10))).toBe(10);
    at('2026-12-03T20:30:00.000Z');
    expect(await forwarded(forwardTo('key-3', 'e', 6))).toBe(6);
    expect(await forwarded(forwardTo('key-3', 'f', 10))).toBe(0);
    expect(await forwarded(forwardTo('key-3', 'g', 4))).toBe(4);
    expect(await forwarded(forwardTo('key-3', 'h', 1))).toBe(0);
    // The first 40 leave the window an hour after they were sent; the last 10 stay until 21:30.
    at('2026-12-03T21:00:00.000Z');
    for (const prefix of ['i', 'j', 'k', 'l'])
      expect(await forwarded(forwardTo('key-3', prefix, 10))).toBe(10);
    expect(await forwarded(forwardTo('key-3', 'm', 1))).toBe(0);
  });

  it('two forwards racing for the last recipients of the hour: one goes out, the other is refused', async () => {
    at('2026-12-03T22:00:00.000Z');
    for (const prefix of ['a', 'b', 'c', 'd'])
      expect(await forwarded(forwardTo('key-4', prefix, 10))).toBe(10);
    const sent = await Promise.all([
      forwarded(forwardTo('key-4', 'x', 10)),
      forwarded(forwardTo('key-4', 'y', 10)),
      forwarded(forwardTo('key-4', 'z', 10)),
    ]);
    expect(sent.sort((a, b) => a - b)).toEqual([0, 0, 10]);
  });
});
