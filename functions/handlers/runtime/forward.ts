/**
 * POST /issues/<id>/forward: the mail settings and SES, the archive, the sliding-window limits in the briefings
 * table (the per-key budget) and the suppression list.
 */
import { renderForward } from '../../adapters/render-issue.js';
import { sesRefusalReason } from '../../adapters/ses-mailer.js';
import type { ForwardHttpDeps } from '../dependencies.js';
import { authorizerVerdict } from '../http/authorizer-verdict.js';
import { archiveBucket } from './archive.js';
import { subscriberStore } from './dynamo.js';
import { listStore } from './lists.js';
import { lambdaLog } from './logger.js';
import { mailSettings, sesMailer } from './mail.js';
import { windowLimits } from './window-limits.js';

export function forwardDeps(): ForwardHttpDeps {
  return {
    forward: {
      ...mailSettings(),
      mailer: sesMailer(),
      refusalReason: sesRefusalReason,
      renderForward,
      archive: archiveBucket().archive,
      limits: windowLimits(),
      lists: listStore(),
      now: () => new Date(),
      suppressedAmong: (emails) => subscriberStore().suppressedAmong(emails),
    },
    authenticate: authorizerVerdict,
    log: lambdaLog,
  };
}
