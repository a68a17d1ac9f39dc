/**
 * POST /issues/<id>/forward behind the Lambda authorizer, as API Gateway chains them: the authorizer's
 * context goes into the forward handler's event. dynalite holds the budget and the suppression list;
 * the mail lands in the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox } from '../../functions/adapters/outbox-mailer.js';
import type { LocalBriefing } from '../../functions/cli/local-briefing.js';
import type { LocalDeps } from '../../functions/cli/local-deps.js';
import type { ApiKey } from '../../functions/core/api-keys.js';
import { createHandler as authorizerHandler } from '../../functions/handlers/authorizer.js';
import { createHandler as forwardHandler } from '../../functions/handlers/forward.js';
import { authorizerVerdict } from '../../functions/handlers/http/authorizer-verdict.js';
import type { HttpEvent } from '../../functions/handlers/http/types.js';
import {
  archiveForForward,
  type LocalBriefingWorld,
  openLocalBriefingWorld,
} from '../support/local-briefing-world.js';
import { HARBOUR, sampleIssue, storyFrom } from '../support/sample-issue.js';

const KEY = 'dgk_forward-guards-key-0123456789';
const ISSUE = sampleIssue([storyFrom(HARBOUR)], { id: '20260310-aaaabbbbcccc', list: 'default' });
let world: LocalBriefingWorld;
let dataDir: string;
let deps: LocalDeps;
let local: LocalBriefing;
let keySet: ApiKey[] = [{ name: 'newsroom', key: KEY }];

beforeAll(async () => {
  world = await openLocalBriefingWorld('digest-forward-guards-', {
    clock: { now: () => new Date('2026-03-10T07:00:00Z') },
    env: { DIGEST_BASE_URL: 'http://127.0.0.1:8787' },
  });
  ({ dataDir, deps, local } = world);
  await archiveForForward(world, ISSUE);
});
afterAll(async () => {
  await world?.close();
});

/** Runs the authorizer, then (if it allows) the forward handler with its context, as API Gateway does. */
async function forward(
  to: string[],
): Promise<{ status: number; body: Record<string, unknown>; headers?: Record<string, unknown> }> {
  const authorize = authorizerHandler({ keys: async () => keySet });
  const verdict = await authorize({
    headers: { authorization: `Bearer ${KEY}` },
  } as unknown as Parameters<typeof authorize>[0]);
  if (!verdict.isAuthorized) return { status: 403, body: {} };
  const path = `/issues/${ISSUE.id}/forward`;
  const event = {
    version: '2.0',
    routeKey: 'POST /issues/{id}/forward',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    pathParameters: { id: ISSUE.id },
    requestContext: {
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      authorizer: { lambda: verdict.context },
    },
    body: JSON.stringify({ to }),
    isBase64Encoded: false,
  } as unknown as HttpEvent;
  const result = await forwardHandler({ forward: local.forward, authenticate: authorizerVerdict })(event);
  return {
    status: result.statusCode ?? 0,
    body: JSON.parse(String(result.body)),
    ...(result.statusCode === 429 ? { headers: result.headers ?? {} } : {}),
  };
}

describe('forward guards', { timeout: 60_000 }, () => {
  it('a suppressed address is not forwarded to, and the answer names it', async () => {
    await deps.subscribers.suppress('bounced@example.org', 'bounce', '2026-03-01T00:00:00.000Z');
    const before = (await listOutbox(dataDir)).length;
    const res = await forward(['Bounced@Example.org', 'editor@example.org']);
    expect(res).toEqual({
      status: 200,
      body: { issueId: ISSUE.id, sent: 1, suppressed: ['Bounced@example.org'] },
    });
    expect((await listOutbox(dataDir)).length).toBe(before + 1);
  });

  it('renaming a key in the key set does not reset its hourly forward budget', async () => {
    const ten = (p: string) => Array.from({ length: 10 }, (_, i) => `${p}${i}@example.org`);
    // 1 used above; four calls of ten make 41 of 50.
    for (const prefix of ['a', 'b', 'c', 'd']) expect((await forward(ten(prefix))).status).toBe(200);
    keySet = [{ name: 'newsroom (renamed)', key: KEY }];
    expect((await forward(ten('e'))).status).toBe(429);
  });

  it('over the budget: 429 says when these recipients fit again (Retry-After), a window after the oldest forward', async () => {
    // The clock stands at 07:00: the 41 recipients above leave the window at 08:00, when 10 more fit.
    const refused = await forward(Array.from({ length: 10 }, (_, i) => `late${i}@example.org`));
    expect(refused.status).toBe(429);
    expect(refused.headers?.['retry-after']).toBe('3600');
    expect(String(refused.body.error)).toMatch(/^forward limit reached: .*; try again in 60 min$/);
    // One recipient still fits now: 42 of 50.
    expect((await forward(['one-more@example.org'])).status).toBe(200);
  });
});
