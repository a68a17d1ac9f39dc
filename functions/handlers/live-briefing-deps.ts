/**
 * The briefing functions' dependencies in AWS, built once per Lambda container from the
 * environment: the briefings table, the S3 archive, SES, the token secret and the send queue.
 * In AWS "deliver" is the fan-out: jobs go to SQS (SEND_QUEUE_URL) and the send worker delivers
 * them, so the counts a schedule run reports are `sent` = queued and `skipped` = suppressed.
 * Drops (`s3://…`) are read from ARCHIVE_BUCKET's `lists/` prefix. Each list's settings and feeds come from the
 * briefings table, falling back to the deploy configuration in DIGEST_LISTS (configured-lists.ts).
 * Imported lazily by the handlers.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfiguredBriefingStore, listDefaultsFromEnv } from '../adapters/configured-lists.js';
import { liveSourceDeps } from '../adapters/feed-reader.js';
import { renderIssue } from '../adapters/render-issue.js';
import { S3IssueArchive } from '../adapters/s3-issue-archive.js';
import { createSesClient, SesMailer } from '../adapters/ses-mailer.js';
import { optionalEnv, requireEnv } from '../config.js';
import type { BriefingDeps } from '../use-cases/briefing.js';
import { fanOut } from '../use-cases/deliver-issue.js';
import type { BriefingHttpDeps } from './briefing-deps.js';
import { authorizerVerdict } from './briefing-deps.js';
import { stderrLog } from './http/errors.js';
import { fanOutDepsFromEnv } from './live-delivery-deps.js';
import { loadSecret } from './live-subscriber-deps.js';

const S3_URL_RE = /^s3:\/\/([^/]+)\/(.+)$/;

export async function liveBriefingDeps(env: NodeJS.ProcessEnv = process.env): Promise<BriefingDeps> {
  // The deploy configuration's lists (DIGEST_LISTS): defaults under the table's own settings and feeds.
  const lists = listDefaultsFromEnv(env);
  const baseUrl = requireEnv('DIGEST_BASE_URL', env).replace(/\/+$/, '');
  const postalAddress = requireEnv('DIGEST_POSTAL_ADDRESS', env);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const s3 = new S3Client({});
  const bucket = requireEnv('ARCHIVE_BUCKET', env);
  const store = new ConfiguredBriefingStore(doc, requireEnv('BRIEFINGS_TABLE', env), lists);
  const fanOutDeps = fanOutDepsFromEnv(env);
  const [secret] = await loadSecret(env);
  const web = liveSourceDeps();
  return {
    store,
    archive: new S3IssueArchive(s3, bucket),
    sources: {
      ...web,
      // Drops live in our own bucket: read them with S3, everything else over the SSRF-safe fetcher.
      fetchText: async (url, options) => {
        const m = S3_URL_RE.exec(url);
        if (!m) return web.fetchText(url, options);
        if (m[1] !== bucket) throw new Error('drops are only read from the archive bucket');
        const out = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
        if ((out.ContentLength ?? 0) > options.maxBytes) throw new Error('the dropped object is too large');
        return { url, body: (await out.Body?.transformToString('utf-8')) ?? '' };
      },
    },
    render: (issue) => renderIssue(issue, { baseUrl, postalAddress }),
    // The same fan-out as the fan-out Lambda: jobs onto the send queue, the send worker delivers.
    deliver: async (issue) => {
      const { queued, suppressed } = await fanOut(fanOutDeps, {
        issueId: issue.id,
        list: issue.list,
        batchSize: 10,
      });
      return { sent: queued, skipped: suppressed, failed: 0, unknown: 0 };
    },
    mailer: new SesMailer({
      client: createSesClient(),
      configurationSetName: optionalEnv('SES_CONFIGURATION_SET', env),
    }),
    from: requireEnv('DIGEST_FROM', env),
    baseUrl,
    secret: secret!,
    now: () => new Date(),
    newIssueId: () =>
      `${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(6).toString('hex')}`,
    log: (line) => stderrLog({ level: 'info', event: 'briefing', message: line }),
  };
}

export async function liveBriefingHttpDeps(env: NodeJS.ProcessEnv = process.env): Promise<BriefingHttpDeps> {
  const briefing = await liveBriefingDeps(env);
  const postalAddress = requireEnv('DIGEST_POSTAL_ADDRESS', env);
  return {
    briefing,
    forward: {
      archive: briefing.archive,
      store: briefing.store,
      mailer: briefing.mailer,
      from: briefing.from,
      baseUrl: briefing.baseUrl,
      postalAddress,
      now: briefing.now,
    },
    authenticate: authorizerVerdict,
    postalAddress,
    log: stderrLog,
  };
}
