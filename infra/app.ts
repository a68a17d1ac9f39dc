/**
 * CDK entry point (`cdk.json`: `npx tsx infra/app.ts`). Synth needs no AWS credentials and makes no lookups:
 * account and region come from infra/digest.config.json (or the `digest` context object).
 */
import { App } from 'aws-cdk-lib';
import { buildDigestApp } from './build-app.js';
import { DigestConfigError } from './config.js';

const app = new App();
try {
  buildDigestApp(app);
} catch (error) {
  if (error instanceof DigestConfigError) {
    console.error(`digest: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
app.synth();
