/**
 * Builds the whole service into a CDK App: configuration (validated), the templates compiled, two stacks joined by
 * typed props, and cdk-nag AwsSolutions on every synth. infra/app.ts calls it for the CLI; the infra tests call it
 * on their own App so that they check exactly what `cdk synth` produces.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type DigestConfig, loadDigestConfig } from './config.js';
import { BUNDLE_AWS_SDK_CONTEXT } from './constructs/digest-function.js';
import { ALLOW_MISSING_HANDLERS_CONTEXT, REPO_ROOT } from './handler-catalog.js';
import { StatefulStack } from './stacks/stateful-stack.js';
import { StatelessStack } from './stacks/stateless-stack.js';

export const STATEFUL_STACK_NAME = 'NewsletterDigestStateful';
export const STATELESS_STACK_NAME = 'NewsletterDigestStateless';

export interface DigestApp {
  config: DigestConfig;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/** The `context` object of cdk.json (feature flags and the config file key), for Apps built outside the CLI. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

/**
 * Compiles the MJML templates to functions/adapters/templates.gen.ts before anything is bundled, so that no
 * bundle ever imports mjml (the rendering code imports the generated module instead).
 */
export function compileTemplates(): void {
  const script = join(REPO_ROOT, 'scripts', 'compile-templates.mjs');
  if (existsSync(script))
    execFileSync(process.execPath, [script], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

function flag(app: App, key: string): boolean {
  const value = app.node.tryGetContext(key);
  return value === true || value === 'true';
}

export function buildDigestApp(app: App): DigestApp {
  const config = loadDigestConfig((key) => app.node.tryGetContext(key), REPO_ROOT);
  compileTemplates();
  const env = { account: config.env.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: config.env.region };

  const stateful = new StatefulStack(app, STATEFUL_STACK_NAME, {
    env,
    description: 'newsletter-digest: tables, archive bucket, SES identity and configuration set, secrets',
    config,
    terminationProtection: true,
  });
  const stateless = new StatelessStack(app, STATELESS_STACK_NAME, {
    env,
    description: 'newsletter-digest: functions, HTTP API, send queue, schedules, alarms',
    config,
    stateful: stateful.resources,
    allowMissingHandlers: flag(app, ALLOW_MISSING_HANDLERS_CONTEXT),
    bundleAwsSdk: flag(app, BUNDLE_AWS_SDK_CONTEXT),
  });
  stateless.addStackDependency(stateful);

  addNagChecks(app);
  return { config, stateful, stateless };
}

/** cdk-nag AwsSolutions as a policy-validation plugin: an unacknowledged finding fails the synth. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
