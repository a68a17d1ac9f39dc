/**
 * What the stand-ins of the deployed service take from the synthesized stateful stack: its DynamoDB tables as
 * CreateTable inputs (with the names CloudFormation would give them), its outputs, and the deploy configuration's
 * list defaults as the stateless stack outputs them.
 *
 * The synth is real, but it costs seconds (loading aws-cdk-lib and building the stack) in every test file that
 * starts the stand-ins. So its result is kept under node_modules/.cache, keyed by a hash of everything it is built
 * from: infra/ (stacks, configuration), functions/ (the table definitions), cdk.json and package-lock.json (the
 * CDK's version). A change to any of them synthesizes again.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';

type Json = Record<string, unknown>;

export interface StandInTables {
  statefulStackName: string;
  statelessStackName: string;
  /** The stateful template's Outputs. */
  outputs: Json;
  /** CreateTable inputs by the table's logical id. */
  tables: Record<string, Json>;
  /** The ConfiguredLists output of the stateless stack for this configuration. */
  configuredLists: string;
  /** The configured sender name, as the stateless stack's DefaultListTitle output. */
  defaultListTitle: string;
}

const ROOT = join(import.meta.dirname, '../..');
const CACHE_DIR = join(ROOT, 'node_modules/.cache/newsletter-digest');
const CACHE_PREFIX = 'stand-in-tables-';
const INPUTS = ['infra', 'functions', 'cdk.json', 'package-lock.json', 'test/support/stand-in-tables.ts'];

function filesBelow(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesBelow(join(path, name)));
}

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS)
    for (const file of filesBelow(join(ROOT, input)))
      hash.update(`${relative(ROOT, file)}\0`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 20);
}

/** A synth of the stateful stack, as `cdk synth` builds it from cdk.json's context (without bundling). */
async function synthesize(): Promise<StandInTables> {
  const [{ App }, { Template }, build, { loadDigestConfig }, { listDefaultsJson }, { StatefulStack }] =
    await Promise.all([
      import('aws-cdk-lib'),
      import('aws-cdk-lib/assertions'),
      import('../../infra/build-app.js'),
      import('../../infra/config.js'),
      import('../../infra/constructs/digest-function.js'),
      import('../../infra/stacks/stateful-stack.js'),
    ]);
  const app = new App({ context: { ...build.cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const config = loadDigestConfig((key) => app.node.tryGetContext(key), ROOT);
  const stack = new StatefulStack(app, build.STATEFUL_STACK_NAME, {
    config,
    env: { region: config.env.region },
  });
  const template = Template.fromStack(stack).toJSON() as {
    Resources: Record<string, { Type: string; Properties: Json }>;
    Outputs: Json;
  };
  const tables: Record<string, Json> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::DynamoDB::Table') continue;
    const p = resource.Properties;
    const indexes = (p.GlobalSecondaryIndexes ?? []) as Json[];
    tables[logicalId] = {
      TableName: `${build.STATEFUL_STACK_NAME}-${logicalId}-STANDIN`,
      KeySchema: p.KeySchema,
      AttributeDefinitions: p.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      ...(indexes.length
        ? {
            GlobalSecondaryIndexes: indexes.map((i) => ({
              IndexName: i.IndexName,
              KeySchema: i.KeySchema,
              Projection: i.Projection,
            })),
          }
        : {}),
    };
  }
  return {
    statefulStackName: build.STATEFUL_STACK_NAME,
    statelessStackName: build.STATELESS_STACK_NAME,
    outputs: template.Outputs,
    tables,
    configuredLists: listDefaultsJson(config.lists),
    defaultListTitle: config.sender.name ?? 'Newsletter Digest',
  };
}

/** The stand-ins' view of the stateful stack: from the cache when its inputs have not changed, else a synth. */
export async function standInTables(): Promise<StandInTables> {
  const file = join(CACHE_DIR, `${CACHE_PREFIX}${inputsHash()}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StandInTables;
  const synthesized = await synthesize();
  mkdirSync(CACHE_DIR, { recursive: true });
  // results for sources as they were before
  for (const name of readdirSync(CACHE_DIR))
    if (name.startsWith(CACHE_PREFIX) && name.endsWith('.json') && join(CACHE_DIR, name) !== file)
      rmSync(join(CACHE_DIR, name), { force: true });
  // written whole, then renamed: a test file starting meanwhile reads all of it or nothing
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(synthesized));
  renameSync(partial, file);
  return synthesized;
}
