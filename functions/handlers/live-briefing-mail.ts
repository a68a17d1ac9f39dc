/**
 * Mail from the briefing functions (SES with SES_CONFIGURATION_SET, DIGEST_FROM, the footer's
 * DIGEST_POSTAL_ADDRESS and the links' DIGEST_BASE_URL), and the dependencies of POST /issues/<id>/forward:
 * that mail plus the archive, the briefings store (the per-key forward rate) and the suppression list. Imported lazily by the handlers.
 */
import { createSesClient, SesMailer } from '../adapters/ses-mailer.js';
import { optionalEnv, requireEnv } from '../config.js';
import type { Mailer } from '../ports/mailer.js';
import { authorizerVerdict, type ForwardHttpDeps } from './briefing-deps.js';
import { stderrLog } from './http/errors.js';
import { briefingStoreFromEnv } from './live-briefing-store.js';
import { archiveBucketFromEnv, baseUrlFromEnv } from './live-issue-archive.js';
import { subscriberStoreFromEnv } from './live-subscriber-store.js';

export interface BriefingMail {
  mailer: Mailer;
  from: string;
  baseUrl: string;
  postalAddress: string;
}

export function briefingMailFromEnv(env: NodeJS.ProcessEnv = process.env): BriefingMail {
  return {
    mailer: new SesMailer({
      client: createSesClient(),
      configurationSetName: optionalEnv('SES_CONFIGURATION_SET', env),
    }),
    from: requireEnv('DIGEST_FROM', env),
    baseUrl: baseUrlFromEnv(env),
    postalAddress: requireEnv('DIGEST_POSTAL_ADDRESS', env),
  };
}

export function liveForwardHttpDeps(env: NodeJS.ProcessEnv = process.env): ForwardHttpDeps {
  const subscribers = subscriberStoreFromEnv(env);
  return {
    forward: {
      ...briefingMailFromEnv(env),
      archive: archiveBucketFromEnv(env).archive,
      store: briefingStoreFromEnv(env),
      now: () => new Date(),
      suppressedAmong: (emails) => subscribers.suppressedAmong(emails),
    },
    authenticate: authorizerVerdict,
    log: stderrLog,
  };
}
