/**
 * The Lambdas' environment: one schema (functions/handlers/runtime/env.ts) whose getters fail naming the variable,
 * the zod-free reader of the smallest functions (edge-env.ts) giving the same answers, and the lazy handler that
 * never keeps a failed build.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/config.js';
import { readEdgeEnv } from '../../functions/handlers/runtime/edge-env.js';
import { ENV_SCHEMA, readEnv } from '../../functions/handlers/runtime/env.js';
import { lazyHandler } from '../../functions/handlers/runtime/lazy-handler.js';

describe('readEnv', () => {
  it.each([
    ['SUBSCRIBERS_TABLE', '  subscribers \n', 'subscribers'],
    ['DIGEST_BASE_URL', 'https://news.example.org//', 'https://news.example.org'],
    ['DIGEST_BASE_URL', ' http://127.0.0.1:8787/ ', 'http://127.0.0.1:8787'],
    ['SEND_WORKER_CONCURRENCY', '4', 4],
    ['SEND_WORKER_CONCURRENCY', ' 2 ', 2],
    [
      'SEND_QUEUE_URL',
      'https://sqs.eu-west-1.amazonaws.com/1/send',
      'https://sqs.eu-west-1.amazonaws.com/1/send',
    ],
    ['DIGEST_UNSUBSCRIBE_MAILBOX', '', undefined],
    ['DIGEST_UNSUBSCRIBE_MAILBOX', undefined, undefined],
    ['DIGEST_LISTS', '  ', undefined],
  ] as const)('%s=%j reads as %j', (name, raw, value) => {
    expect(readEnv(name, { [name]: raw })).toEqual(value);
  });

  it.each([
    [
      'SEND_WORKER_CONCURRENCY',
      'abc',
      'environment variable SEND_WORKER_CONCURRENCY must be a number, not "abc"',
    ],
    [
      'SEND_WORKER_CONCURRENCY',
      '0',
      'environment variable SEND_WORKER_CONCURRENCY must be at least 1, not "0"',
    ],
    [
      'SEND_WORKER_CONCURRENCY',
      '1.5',
      'environment variable SEND_WORKER_CONCURRENCY must be an integer, not "1.5"',
    ],
    ['SEND_WORKER_CONCURRENCY', undefined, 'environment variable SEND_WORKER_CONCURRENCY is required'],
    ['SUBSCRIBERS_TABLE', undefined, 'environment variable SUBSCRIBERS_TABLE is required'],
    ['SUBSCRIBERS_TABLE', '   ', 'environment variable SUBSCRIBERS_TABLE is required'],
    [
      'DIGEST_BASE_URL',
      'news.example.org',
      'environment variable DIGEST_BASE_URL must be an http(s) URL, not "news.example.org"',
    ],
    [
      'DIGEST_BASE_URL',
      'ftp://news.example.org',
      'environment variable DIGEST_BASE_URL must be an http(s) URL, not "ftp://news.example.org"',
    ],
    ['SEND_QUEUE_URL', 'send', 'environment variable SEND_QUEUE_URL must be the queue URL, not "send"'],
  ] as const)('%s=%j fails naming the variable', (name, raw, message) => {
    expect(() => readEnv(name, { [name]: raw })).toThrow(new ConfigError(message));
  });

  it('has no default for any resource name', () => {
    const optional = new Set(['SES_TRACKING_CONFIGURATION_SET']); // a deployment without open/click tracking
    for (const name of Object.keys(ENV_SCHEMA.shape).filter((n) => /_(TABLE|BUCKET|ARN|URL|SET)$/.test(n)))
      if (!optional.has(name))
        expect(() => readEnv(name as keyof typeof ENV_SCHEMA.shape, {}), name).toThrow(name);
  });
});

describe('readEdgeEnv answers as the schema does', () => {
  const values = [
    undefined,
    '',
    '  ',
    'archive-bucket',
    ' x ',
    'https://news.example.org/',
    'http://127.0.0.1:9/',
    'news.example.org',
    'ftp://x.example',
  ];
  const outcome = (read: () => unknown) => {
    try {
      return { value: read() };
    } catch (error) {
      return { error: (error as Error).message, config: error instanceof ConfigError };
    }
  };
  it.each(['ARCHIVE_BUCKET', 'DIGEST_BASE_URL', 'API_KEY_SECRET_ARN'] as const)('%s', (name) => {
    for (const raw of values) {
      expect(
        outcome(() => readEdgeEnv(name, { [name]: raw })),
        JSON.stringify(raw),
      ).toEqual(outcome(() => readEnv(name, { [name]: raw })));
    }
  });
});

describe('lazyHandler', () => {
  it('builds once for many events', async () => {
    let builds = 0;
    const handler = lazyHandler(async () => {
      builds++;
      return async (event: number) => event * 2;
    });
    expect(await Promise.all([handler(1), handler(2), handler(3)])).toEqual([2, 4, 6]);
    expect(builds).toBe(1);
  });

  it('does not keep a failed build: the next event builds again and succeeds', async () => {
    let builds = 0;
    const handler = lazyHandler(async () => {
      builds++;
      if (builds === 1) throw new ConfigError('environment variable SUBSCRIBERS_TABLE is required');
      return async (event: string) => `ok ${event}`;
    });
    await expect(handler('a')).rejects.toThrow('SUBSCRIBERS_TABLE');
    expect(await handler('b')).toBe('ok b');
    expect(await handler('c')).toBe('ok c');
    expect(builds).toBe(2);
  });

  it('hands each invocation context to onInvoke before the handler runs', async () => {
    const seen: string[] = [];
    const handler = lazyHandler(
      async () => async (_event: unknown, context: { awsRequestId: string }) => {
        seen.push(`run ${context.awsRequestId}`);
      },
      (context) => seen.push(`context ${context.awsRequestId}`),
    );
    await handler({}, { awsRequestId: 'r1' });
    expect(seen).toEqual(['context r1', 'run r1']);
  });

  // The Lambda runtime writes a thrown error (type, message, stack) to CloudWatch itself, past our logger.
  it('a thrown error that names an address reaches the runtime masked, with its name and code', async () => {
    const handler = lazyHandler(async () => async (_event: unknown) => {
      throw Object.assign(new TypeError('SES rejected jane@example.org'), { code: 'MessageRejected' });
    });
    const thrown = await handler({}).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toMatchObject({
      name: 'TypeError',
      message: 'SES rejected j***@example.org',
      code: 'MessageRejected',
    });
    expect(String((thrown as Error).stack)).not.toContain('jane@');
    expect(String((thrown as Error).stack)).toContain('j***@example.org');
  });

  it('a failed build that names an address is masked too; an error naming none is rethrown as it is', async () => {
    const failing = lazyHandler(async () => {
      throw new Error('no secret for ops@example.org');
    });
    await expect(failing({})).rejects.toThrow('no secret for o***@example.org');
    const plain = new ConfigError('environment variable SUBSCRIBERS_TABLE is required');
    const handler = lazyHandler(async () => async () => {
      throw plain;
    });
    await expect(handler({})).rejects.toBe(plain);
  });
});
