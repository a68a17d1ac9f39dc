/** POST /issues/<id>/forward: the mail settings and SES, the archive, and the briefings store (the per-key rate). */
import type { ForwardHttpDeps } from '../dependencies.js';
import { authorizerVerdict } from '../http/authorizer-verdict.js';
import { archiveBucket } from './archive.js';
import { briefingStore } from './briefings.js';
import { lambdaLog } from './logger.js';
import { mailSettings, sesMailer } from './mail.js';

export function forwardDeps(): ForwardHttpDeps {
  return {
    forward: {
      ...mailSettings(),
      mailer: sesMailer(),
      archive: archiveBucket().archive,
      store: briefingStore(),
      now: () => new Date(),
    },
    authenticate: authorizerVerdict,
    log: lambdaLog,
  };
}
