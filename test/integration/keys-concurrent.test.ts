// Changes of the deployed key set at the same time (operators running `digest keys --name … --stack-outputs`
// at once) lose no key: each change is a compare-and-swap on the version it read, against a local Secrets
// Manager stand-in over HTTP that keeps versions and staging labels as the service does.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSecretsManagerKeys } from '../../functions/adapters/api-key-changes.js';
import { parseKeySet } from '../../functions/core/api-keys.js';
import { startSecretsManager } from '../support/deployed-stand-ins.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:digest-api-keys';
const GENERATED = 'GeneratedApiKey0123456789abcdefGeneratedApiKey01';
const secrets = new Map<string, string>();
let server: Server;
let clients: SecretsManagerClient[] = [];

/** One client per operator: separate connections, as separate processes have. */
function operator(): SecretsManagerClient {
  const client = new SecretsManagerClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = startSecretsManager(secrets);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  clients = [];
  await new Promise((ok) => server?.close(ok));
});

async function currentKeys() {
  const out = await operator().send(new GetSecretValueCommand({ SecretId: ARN }));
  return parseKeySet(out.SecretString ?? '');
}

describe('the deployed key set under concurrent changes', () => {
  it('keeps every key that operators add at the same time, and the keys already there', async () => {
    secrets.set(ARN, GENERATED);
    const names = Array.from({ length: 8 }, (_, i) => `desk ${i + 1}`);
    const results = await Promise.all(
      names.map((name) => updateSecretsManagerKeys(operator(), ARN, { name })),
    );
    expect(results.map((r) => r.change.kind)).toEqual(names.map(() => 'added'));
    const keys = await currentKeys();
    expect(keys.map((k) => k.name).sort()).toEqual(['api', ...names].sort());
    expect(keys.find((k) => k.name === 'api')?.key).toBe(GENERATED);
    // each operator was given the key that is in the set
    for (const { change } of results) expect(keys).toContainEqual(change.key);
  });

  it('a rotation at the same time as additions: the rotated key is replaced, the added ones are kept', async () => {
    const before = await currentKeys();
    const old = before.find((k) => k.name === 'desk 1');
    const [rotated, ...added] = await Promise.all([
      updateSecretsManagerKeys(operator(), ARN, { name: 'desk 1', rotate: true }),
      updateSecretsManagerKeys(operator(), ARN, { name: 'wire' }),
      updateSecretsManagerKeys(operator(), ARN, { name: 'photo desk' }),
    ]);
    const keys = await currentKeys();
    expect(rotated?.change).toMatchObject({ kind: 'rotated', replaced: old });
    expect(keys.find((k) => k.name === 'desk 1')).toEqual(rotated?.change.key);
    for (const { change } of added) expect(keys).toContainEqual(change.key);
    expect(keys.length).toBe(before.length + 2);
  });
});
