/**
 * The deployment configuration: the committed sample is valid, and each kind of mistake stops the synth with a
 * message that names the field. Pure and fast: no CDK app is built here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cronProblem,
  DigestConfigError,
  fromHeader,
  loadDigestConfig,
  parseDigestConfig,
  sendWorkerConcurrency,
} from '../../infra/config.js';
import { REPO_ROOT } from '../../infra/handler-catalog.js';

const SAMPLE = JSON.parse(readFileSync(join(REPO_ROOT, 'infra', 'digest.config.json'), 'utf8')) as Record<
  string,
  unknown
>;

/** Raw JSON as a test edits it: deliberately loose, since the point is to feed the schema wrong shapes. */
// biome-ignore lint/suspicious/noExplicitAny: edits reach into arbitrary depths of untyped JSON
type RawConfig = any;

function withChange(change: (config: RawConfig) => void): unknown {
  const config = structuredClone(SAMPLE) as RawConfig;
  change(config);
  return config;
}

function problemOf(raw: unknown): string {
  try {
    parseDigestConfig(raw, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(DigestConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('digest configuration', () => {
  it('accepts the committed sample and normalises it', () => {
    const config = parseDigestConfig(SAMPLE, 'sample');
    expect(config.lists.map((l) => l.name)).toEqual(['default', 'weekly-review']);
    expect(config.lists[0]!.schedule).toEqual({ cron: 'cron(0 7 ? * MON-FRI *)', timeZone: 'Europe/London' });
    expect(config.api).toEqual({
      rateLimit: 50,
      burstLimit: 100,
      subscribeRateLimit: 10,
      subscribeBurstLimit: 20,
    });
    expect(fromHeader(config)).toBe('Harbour Digest <digest@news.example.org>');
  });

  it('reads the file named by cdk.json context, or the inline context object first', () => {
    const fromFile = loadDigestConfig(
      (key) => (key === 'digestConfigFile' ? 'infra/digest.config.json' : undefined),
      REPO_ROOT,
    );
    expect(fromFile.sender.domain).toBe('news.example.org');
    const inline = withChange((c) => {
      c.sender.domain = 'mail.example.net';
      c.sender.address = 'news@mail.example.net';
      c.unsubscribeMailbox = 'leave@mail.example.net';
    });
    expect(loadDigestConfig((key) => (key === 'digest' ? inline : undefined), REPO_ROOT).sender.domain).toBe(
      'mail.example.net',
    );
    expect(() =>
      loadDigestConfig((key) => (key === 'digestConfigFile' ? 'no/such.json' : undefined), REPO_ROOT),
    ).toThrow(/cannot read the digest configuration no\/such.json/);
  });

  it.each([
    {
      name: 'an unknown time zone',
      change: (c: RawConfig) => {
        c.lists[0].schedule.timeZone = 'Europe/Lndon';
      },
      field: 'lists[0].schedule.timeZone: "Europe/Lndon" is not an IANA time zone',
    },
    {
      name: 'a five-field cron',
      change: (c: RawConfig) => {
        c.lists[1].schedule.cron = '0 7 * * 1';
      },
      field: 'lists[1].schedule.cron: "0 7 * * 1" is not a Scheduler cron: needs 6 fields',
    },
    {
      name: 'a cron without "?"',
      change: (c: RawConfig) => {
        c.lists[0].schedule.cron = 'cron(0 7 * * MON *)';
      },
      field:
        'lists[0].schedule.cron: "cron(0 7 * * MON *)" is not a Scheduler cron: exactly one of day-of-month',
    },
    {
      name: 'a review list without reviewers',
      change: (c: RawConfig) => {
        c.lists[1].reviewers = [];
      },
      field: 'lists[1].reviewers: a list in review mode needs reviewers',
    },
    {
      name: 'an unknown mode',
      change: (c: RawConfig) => {
        c.lists[0].mode = 'auto';
      },
      field: "lists[0].mode: Invalid enum value. Expected 'send' | 'review'",
    },
    {
      name: 'a sender outside the verified domain',
      change: (c: RawConfig) => {
        c.sender.address = 'digest@elsewhere.example.com';
      },
      field: 'sender.address: must be an address at news.example.org',
    },
    {
      name: 'an unsubscribe mailbox outside the domain',
      change: (c: RawConfig) => {
        c.unsubscribeMailbox = 'unsubscribe@example.com';
      },
      field: 'unsubscribeMailbox: must be an address at news.example.org',
    },
    {
      name: 'a MAIL FROM with a dot',
      change: (c: RawConfig) => {
        c.sender.mailFromSubdomain = 'bounce.mail';
      },
      field: 'sender.mailFromSubdomain: one DNS label',
    },
    {
      name: 'an http base URL',
      change: (c: RawConfig) => {
        c.baseUrl = 'http://digest.example.org';
      },
      field: 'baseUrl: must be https',
    },
    {
      name: 'a duplicate list',
      change: (c: RawConfig) => {
        c.lists[1].name = 'default';
      },
      field: 'lists[1].name: duplicate list "default"',
    },
    {
      name: 'a missing postal address',
      change: (c: RawConfig) => {
        delete c.postalAddress;
      },
      field: 'postalAddress: Required',
    },
    {
      name: 'a misspelt key',
      change: (c: RawConfig) => {
        c.ses.maxSendRtae = 5;
      },
      field: "ses: Unrecognized key(s) in object: 'maxSendRtae'",
    },
    {
      name: 'a bad region',
      change: (c: RawConfig) => {
        c.env.region = 'Ireland';
      },
      field: 'env.region: an AWS region such as eu-west-1',
    },
  ])('rejects $name, naming the field', ({ change, field }) => {
    const message = problemOf(withChange(change));
    expect(message).toContain('invalid digest configuration in test.json');
    expect(message).toContain(field);
  });

  it('reports every problem at once, one line each', () => {
    const message = problemOf(
      withChange((c) => {
        c.lists[0].schedule.timeZone = 'Mars/Olympus';
        c.sender.address = 'x@other.example';
      }),
    );
    expect(message.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(2);
  });
});

describe('cron bodies', () => {
  it.each([
    { body: '0 7 ? * MON-FRI *', out: null },
    { body: '30 16 ? * FRI *', out: null },
    { body: '0 9 1 * ? *', out: null },
    { body: '0 9 * * ? *', out: null },
    { body: '0 9 ? * ? *', out: 'exactly one of' },
    { body: '0 9 1 * MON *', out: 'exactly one of' },
    { body: '0 9 ? *', out: 'needs 6 fields' },
  ])('$body', ({ body, out }) => {
    const problem = cronProblem(body);
    if (out === null) expect(problem).toBeNull();
    else expect(problem).toContain(out);
  });
});

describe('send worker concurrency from the SES rate', () => {
  it.each([
    { rate: 1, out: 2 },
    { rate: 14, out: 2 },
    { rate: 50, out: 5 },
    { rate: 200, out: 20 },
    { rate: 12_345, out: 1000 },
  ])('$rate messages/s → $out workers', ({ rate, out }) => {
    expect(sendWorkerConcurrency(rate)).toBe(out);
  });
});
