// GET /issues/<id>.json is public (anyone with the link, cached by proxies): it serves the issue a reader
// got, not the newsroom's record of how it was made. The audit trail names the editors (by their API key's
// name) and says what each changed; a speaker correction keeps who corrected it and the attribution the
// product had found. An issue edited in the console is archived with both, and the page must leave them out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInDefaultList, ConfiguredListStore } from '../../functions/adapters/configured-list-store.js';
import { FileIssueArchive } from '../../functions/adapters/file-issue-archive.js';
import { MemoryListStore } from '../../functions/adapters/memory-list-store.js';
import { renderIssue } from '../../functions/adapters/render-issue.js';
import { applyIssueEdits } from '../../functions/core/issue-edits.js';
import type { HttpEvent } from '../../functions/handlers/http/types.js';
import { createHandler } from '../../functions/handlers/issue-page.js';
import { HARBOUR, RENDER_OPTIONS, sampleIssue, storyFrom } from '../support/sample-issue.js';

let dataDir: string;
let issueId: string;
let handler: ReturnType<typeof createHandler>;

function get(path: string, accept = '*/*'): Promise<{ statusCode?: number; body?: string }> {
  const event: HttpEvent = {
    version: '2.0',
    routeKey: 'GET /issues/{id}',
    rawPath: path,
    rawQueryString: '',
    headers: { accept },
    pathParameters: { id: path.slice('/issues/'.length) },
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: '127.0.0.1',
      domainPrefix: 'test',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: 'GET /issues/{id}',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
  };
  return handler(event) as Promise<{ statusCode?: number; body?: string }>;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-issue-page-'));
  const story = storyFrom(HARBOUR);
  const quote = story.quotes[1]!;
  const edited = applyIssueEdits(
    sampleIssue([story], { list: 'default' }),
    [
      { op: 'set-subject', value: 'Port Ellery rebuilds its storm wall' },
      {
        op: 'correct-speaker',
        story: 0,
        start: quote.start,
        speaker: 'Tomas Reyne-Hall',
        role: 'acting harbour master',
      },
    ],
    { by: 'Priya on the night desk', at: '2026-11-26T07:40:00.000Z' },
  );
  issueId = edited.id;
  const archive = new FileIssueArchive(dataDir);
  await archive.put({ issue: edited, rendered: renderIssue(edited, RENDER_OPTIONS) });
  handler = createHandler({
    briefing: { archive, baseUrl: 'https://digest.example.org' },
    lists: new ConfiguredListStore(new MemoryListStore(), [builtInDefaultList('Coastal Weekly')]),
    log: () => {},
  });
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the public web version of an issue', () => {
  it('its JSON carries what readers got (the corrected speaker) and neither the audit trail nor who corrected what', async () => {
    for (const [path, accept] of [
      [`/issues/${issueId}.json`, '*/*'],
      [`/issues/${issueId}`, 'application/json'],
    ] as const) {
      const res = await get(path, accept);
      expect(res.statusCode, path).toBe(200);
      const body = String(res.body);
      const issue = JSON.parse(body) as {
        subject: string;
        audit?: unknown;
        stories: { quotes: { speaker: string; role: string; correction?: unknown }[] }[];
      };
      expect(issue.subject).toBe('Port Ellery rebuilds its storm wall');
      expect(issue.stories[0]!.quotes[1]).toMatchObject({
        speaker: 'Tomas Reyne-Hall',
        role: 'acting harbour master',
      });
      expect(issue.audit, path).toBeUndefined();
      expect(issue.stories[0]!.quotes[1]!.correction, path).toBeUndefined();
      expect(body).not.toContain('night desk');
      expect(body).not.toContain('"previous"');
    }
  });

  it('a link to no issue: the page says what may have happened and leads to the archive, not back', async () => {
    const res = await get('/issues/2026-11-26-nope', 'text/html');
    expect(res.statusCode).toBe(404);
    const body = String(res.body);
    expect(body).toContain('<title>Not found</title>');
    expect(body).toContain('There is no issue at this address');
    expect(body).not.toContain('Go back');
    expect(body).toContain('<a href="https://digest.example.org/lists/default/archive">Coastal Weekly</a>');
    // A JSON caller still gets the bare reason.
    const json = await get('/issues/2026-11-26-nope', 'application/json');
    expect(json.statusCode).toBe(404);
    expect(JSON.parse(String(json.body))).toEqual({ error: 'no such issue' });
  });

  it('the .json address of no issue answers JSON, as the .json address of an issue does', async () => {
    const res = await get('/issues/2026-11-26-nope.json');
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(String(res.body))).toEqual({ error: 'no such issue' });
  });
});
