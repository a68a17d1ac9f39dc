/**
 * The per-route dependency builders of the briefing Lambdas (functions/handlers/live-*.ts) and requireEnv: each
 * route builds from its own variables only and fails naming a missing one. Building opens no connection (the AWS
 * SDK clients resolve region and credentials on the first call), so nothing here talks to AWS.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, requireEnv } from '../../functions/config.js';
import { liveBriefingDeps } from '../../functions/handlers/live-briefing-deps.js';
import { liveForwardHttpDeps } from '../../functions/handlers/live-briefing-mail.js';
import { liveQueueArticleDeps } from '../../functions/handlers/live-briefing-store.js';
import { liveApproveHttpDeps } from '../../functions/handlers/live-draft-deps.js';
import { liveArchiveReadDeps } from '../../functions/handlers/live-issue-archive.js';

const ARCHIVE = {
  ARCHIVE_BUCKET: 'archive-bucket',
  DIGEST_BASE_URL: 'https://news.example.org/',
  LISTS_TABLE: 'lists',
};
const STORE = { BRIEFINGS_TABLE: 'briefings', LISTS_TABLE: 'lists' };
const MAIL = {
  DIGEST_FROM: 'Digest <digest@news.example.org>',
  DIGEST_POSTAL_ADDRESS: '1 Example Street',
  DIGEST_BASE_URL: 'https://news.example.org',
};
const DRAFTS = {
  ...ARCHIVE,
  ...STORE,
  ...MAIL,
  SUBSCRIBERS_TABLE: 'subscribers',
  SEND_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/send',
  DIGEST_SECRET: 'k'.repeat(32),
};

function without(env: Record<string, string>, name: string): Record<string, string> {
  const copy = { ...env };
  delete copy[name];
  return copy;
}

describe('requireEnv', () => {
  it('returns the trimmed value', () => {
    expect(requireEnv('DIGEST_FROM', { DIGEST_FROM: '  a@b.example \n' })).toBe('a@b.example');
  });

  it.each([undefined, '', '   '])('refuses %j, naming the variable', (value) => {
    expect(() => requireEnv('BRIEFINGS_TABLE', { BRIEFINGS_TABLE: value })).toThrow(
      new ConfigError('environment variable BRIEFINGS_TABLE is required'),
    );
  });
});

describe('briefing routes build from their own variables only', () => {
  it('issue page and archive: ARCHIVE_BUCKET, DIGEST_BASE_URL and LISTS_TABLE', () => {
    const deps = liveArchiveReadDeps(ARCHIVE);
    expect(deps.briefing.baseUrl).toBe('https://news.example.org');
    for (const name of Object.keys(ARCHIVE))
      expect(() => liveArchiveReadDeps(without(ARCHIVE, name))).toThrow(name);
  });

  it('articles (and s3-drop): BRIEFINGS_TABLE and LISTS_TABLE, with DIGEST_LISTS optional', async () => {
    const deps = liveQueueArticleDeps(STORE);
    expect(deps.briefing.now()).toBeInstanceOf(Date);
    expect(() => liveQueueArticleDeps({})).toThrow('BRIEFINGS_TABLE');
    expect(() => liveQueueArticleDeps({ ...STORE, DIGEST_LISTS: '[{' })).toThrow('DIGEST_LISTS');
  });

  it('forward: mail settings, archive and store; no token secret', () => {
    const env = { ...ARCHIVE, ...STORE, ...MAIL };
    const deps = liveForwardHttpDeps(env);
    expect(deps.forward).toMatchObject({
      from: MAIL.DIGEST_FROM,
      postalAddress: MAIL.DIGEST_POSTAL_ADDRESS,
      baseUrl: 'https://news.example.org',
    });
    for (const name of Object.keys(env)) expect(() => liveForwardHttpDeps(without(env, name))).toThrow(name);
  });

  it('approve: the draft workflow needs the fan-out and the token secret, not the sources', async () => {
    const deps = await liveApproveHttpDeps(DRAFTS);
    expect(deps.briefing.secret).toBe(DRAFTS.DIGEST_SECRET);
    expect('sources' in deps.briefing).toBe(false);
    for (const name of ['SUBSCRIBERS_TABLE', 'SEND_QUEUE_URL', 'BRIEFINGS_TABLE', 'ARCHIVE_BUCKET'])
      await expect(liveApproveHttpDeps(without(DRAFTS, name))).rejects.toThrow(name);
    // Without DIGEST_SECRET the secret comes from TOKEN_SECRET_ARN, which must then be set.
    await expect(liveApproveHttpDeps(without(DRAFTS, 'DIGEST_SECRET'))).rejects.toThrow('TOKEN_SECRET_ARN');
  });

  it('schedule: the draft workflow plus sources and issue ids', async () => {
    const deps = await liveBriefingDeps(DRAFTS);
    expect(deps.newIssueId()).toMatch(/^\d{8}-[0-9a-f]{12}$/);
    await expect(
      deps.sources.fetchText('s3://another-bucket/lists/a/x.html', { maxBytes: 1000 } as never),
    ).rejects.toThrow('drops are only read from the archive bucket');
  });
});
