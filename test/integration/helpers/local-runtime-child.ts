// A second `digest`-like process for test/integration/local-runtime.test.ts: opens the local
// DynamoDB of a data dir, writes one item, prints what it did as one JSON line, and then either
// exits (mode "once") or keeps hosting until it is killed (mode "stay").
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable, openLocalDynamo } from '../../../functions/adapters/local-runtime.js';

const [dataDir, mode, key] = process.argv.slice(2);
if (!dataDir || !mode || !key) throw new Error('usage: local-runtime-child DATA_DIR once|stay KEY');

const dynamo = await openLocalDynamo(dataDir);
await ensureTable(dynamo.client, {
  TableName: 'runtime-test',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
});
await dynamo.client.send(new PutCommand({ TableName: 'runtime-test', Item: { pk: key, pid: process.pid } }));
const got = await dynamo.client.send(new GetCommand({ TableName: 'runtime-test', Key: { pk: key } }));
process.stdout.write(
  `${JSON.stringify({ pid: process.pid, endpoint: dynamo.endpoint, hosting: dynamo.hosting, stored: got.Item?.pid === process.pid })}\n`,
);
if (mode === 'once') {
  await dynamo.close();
} else {
  const stop = () => void dynamo.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  setInterval(() => undefined, 60_000);
}
