// API key revocation through the real authorizer and its Secrets Manager reader (against a local
// Secrets Manager stand-in over HTTP): a key removed from the set stops at the next request, although the
// set is cached; a flood of unknown keys reads the secret at most once per refresh interval.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_MISS_REFRESH_MS, secretsManagerKeys } from '../../functions/adapters/api-key-store.js';
import { createHandler } from '../../functions/handlers/authorizer.js';
import { startSecretsManager } from '../support/deployed-stand-ins.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:digest-api-keys';
const EDITOR = 'dgk_editor-key-0123456789abcdefghij';
const INTERN = 'dgk_intern-key-0123456789abcdefghij';
const secrets = new Map<string, string>();
let server: Server;
let client: SecretsManagerClient;
let reads = 0;

beforeAll(async () => {
  server = startSecretsManager(secrets);
  server.on('request', () => reads++);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  client = new SecretsManagerClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  client?.destroy();
  await new Promise((ok) => server?.close(ok));
});

const keySet = (...keys: [string, string][]) =>
  JSON.stringify({ keys: keys.map(([name, key]) => ({ name, key })) });
const event = (key: string) =>
  ({ headers: { authorization: `Bearer ${key}` } }) as unknown as APIGatewayRequestAuthorizerEventV2;

describe('API key revocation', () => {
  it('a key removed from the set stops at the next request, although the set is cached', async () => {
    secrets.set(ARN, keySet(['editor', EDITOR], ['intern', INTERN]));
    let clock = 0;
    const keys = secretsManagerKeys(ARN, client, () => clock);
    const authorize = createHandler({ keys, keysAge: keys.age, missRefreshMs: KEY_MISS_REFRESH_MS });
    expect((await authorize(event(INTERN))).isAuthorized).toBe(true);
    expect((await authorize(event(EDITOR))).isAuthorized).toBe(true);

    secrets.set(ARN, keySet(['editor', EDITOR])); // the intern left
    clock += 1_000;
    expect((await authorize(event(INTERN))).isAuthorized).toBe(false);
    expect((await authorize(event(EDITOR))).isAuthorized).toBe(true);
  });

  it('unknown keys read the secret at most once per refresh interval; a new key works after it', async () => {
    secrets.set(ARN, keySet(['editor', EDITOR]));
    let clock = 0;
    const keys = secretsManagerKeys(ARN, client, () => clock);
    const authorize = createHandler({ keys, keysAge: keys.age, missRefreshMs: KEY_MISS_REFRESH_MS });
    await authorize(event(EDITOR));
    const before = reads;
    for (let i = 0; i < 50; i++)
      expect((await authorize(event(`dgk_guess-${i}-0123456789abcdef`))).isAuthorized).toBe(false);
    expect(reads - before).toBe(0);

    secrets.set(ARN, keySet(['editor', EDITOR], ['intern', INTERN])); // a key added
    clock += KEY_MISS_REFRESH_MS;
    expect((await authorize(event(INTERN))).isAuthorized).toBe(true);
  });
});
