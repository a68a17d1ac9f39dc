/**
 * S3IssueArchive against s3rver, a real local S3-compatible server: what a listing reads when the
 * list's prefix also holds dropped articles, and what an anonymous archive request costs.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3IssueArchive } from '../../functions/adapters/s3-issue-archive.js';
import { createHandler as archiveHandler } from '../../functions/handlers/archive.js';
import type { HttpEvent } from '../../functions/handlers/http/types.js';
import { type S3Server, startS3Server } from '../support/s3-server.js';

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.close();
});

/** An S3 client that counts the requests it sends by command (what each listing costs). */
function countingClient(): { client: S3Client; counts: Map<string, number> } {
  const client = s3.client();
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counts.set(context.commandName ?? '?', (counts.get(context.commandName ?? '?') ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  return { client, counts };
}

function issue(list: string, n: number) {
  const id = `20260310-${String(n).padStart(12, '0')}`;
  const createdAt = new Date(Date.UTC(2026, 2, 10, n)).toISOString();
  return {
    issue: { id, list, subject: `Issue ${n}`, preheader: '', createdAt, stories: [] },
    rendered: { issueId: id, subject: `Issue ${n}`, html: '<p>x</p>', text: 'x' },
  };
}

const get = (path: string) =>
  ({
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    requestContext: {
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' },
    },
    isBase64Encoded: false,
  }) as unknown as HttpEvent;

describe('S3IssueArchive on s3rver', { timeout: 60_000 }, () => {
  it('dropped articles under lists/<list>/ do not break the archive page, the feed or the listing', async () => {
    const archive = new S3IssueArchive(s3.client(), s3.bucket);
    await archive.put(issue('city', 1));
    await archive.put(issue('city', 2));
    const drops: [string, string][] = [
      ['lists/city/story.html', '<html><body><p>A dropped article</p></body></html>'],
      ['lists/city/0000000000000-notes.json', '{"not": "a summary"}'],
      ['lists/city/9999999999999-x.json', 'not json at all'],
      ['lists/city/1.txt', 'plain text'],
    ];
    for (const [Key, Body] of drops) {
      await s3.client().send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body }));
    }
    expect((await archive.listByList('city')).map((s) => s.subject)).toEqual(['Issue 2', 'Issue 1']);
    const deps = { briefing: { archive, baseUrl: 'https://digest.example.org' } };
    const page = await archiveHandler(deps)(get('/lists/city/archive'));
    expect(page.statusCode).toBe(200);
    expect(String(page.body)).toContain('Issue 2');
    const feed = await archiveHandler(deps)(get('/lists/city/feed.xml'));
    expect(feed.statusCode).toBe(200);
    expect(String(feed.body)).toContain('Issue 1');
  });

  it('a repeated archive listing costs one list call, not a read of every summary', async () => {
    const writer = new S3IssueArchive(s3.client(), s3.bucket);
    for (let n = 1; n <= 30; n++) await writer.put(issue('busy', n));
    const { client, counts } = countingClient();
    const archive = new S3IssueArchive(client, s3.bucket);
    // Fewer objects than one listing page: s3rver cannot continue a truncated listing on OpenSSL 3 (DES).
    expect(await archive.listByList('busy')).toHaveLength(30);
    counts.clear();
    await writer.put(issue('busy', 31));
    const again = await archive.listByList('busy');
    expect(again[0]?.subject).toBe('Issue 31');
    expect(Object.fromEntries(counts)).toEqual({ ListObjectsV2Command: 1, GetObjectCommand: 1 });
  });
});
