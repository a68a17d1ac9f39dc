import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../functions/core/types.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { parseMail } from '../support/mail.js';
import { outboxFiles } from '../support/outbox.js';

// Our own article (the built-in sample of `digest summarize`), read as a plain-text file.
const FIXTURE = join(REPO_ROOT, 'functions/cli/samples/harbour-ferry.txt');

// Our own fictional article, served as a web page.
const PAGE = `<!doctype html><html lang="en"><head><title>Harbour wall vote | Coast News</title></head><body>
<nav><a href="/">Home</a> <a href="/coast">Coast</a></nav>
<article>
<h1>Harbour town votes to rebuild its storm wall before winter</h1>
<p class="byline">By Ada Marsh</p>
<p>The council of Port Ellery voted 7 to 2 on Tuesday to rebuild the storm wall that failed in the October surge, committing 4.2 million euros from its reserve fund.</p>
<p>Work is due to start on 1 December and to finish before the spring tides, the council said. The contractor has promised to keep one lane of the harbour road open throughout.</p>
<p>"We cannot ask people to sleep behind a wall we know is broken," said Mara Quist, the mayor of Port Ellery, after the vote.</p>
<p>Two councillors argued that the town should wait for a regional grant, which could cover half of the cost but would not arrive before 2028.</p>
<p>"Waiting for the grant means betting the harbour on a calm winter," said Tomas Reyne, the harbour master. He added that the October surge had flooded 40 homes on the seafront.</p>
<p>Residents on the seafront will be asked to move their cars during the works, and the weekly market will move to the church square until March.</p>
</article>
<aside>Related: <a href="/x">Ferry timetable changes</a></aside>
</body></html>`;

let server: Server;
let pageUrl: string;
let dataDir: string;

// The list `coast`, with a title, footer, accent and subject prefix of its own: what its subscribers get.
const COAST = {
  title: 'Coast News Weekly',
  postalAddress: '3 Harbour Row, Port Ellery',
  accent: '#0a5c7a',
  prefix: '[Coast]',
};

beforeAll(async () => {
  // A data dir of this file's own: render reads its lists, as send does.
  dataDir = mkdtempSync(join(tmpdir(), 'digest-render-data-'));
  ENV.DIGEST_DATA_DIR = dataDir;
  const created = await runCli(
    [
      'lists',
      'create',
      'coast',
      '--title',
      COAST.title,
      '--postal-address',
      COAST.postalAddress,
      '--accent-color',
      COAST.accent,
      '--subject-prefix',
      COAST.prefix,
    ],
    { env: ENV },
  );
  expect(created.code, created.stderr).toBe(0);
  server = createServer((req, res) => {
    if (req.url === '/coast/harbour-wall') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/coast/harbour-wall`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dataDir, { recursive: true, force: true });
});

const ENV: NodeJS.ProcessEnv = {
  DIGEST_ALLOW_LOOPBACK: '1',
  DIGEST_BASE_URL: 'https://digest.example.org',
  DIGEST_POSTAL_ADDRESS: 'Coast News, 12 Quay Street, Port Ellery',
  DIGEST_SECRET: '',
};

describe('digest render', { timeout: 120_000 }, () => {
  it('renders a file and a URL into one issue: html, text and json', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'digest-render-')), 'issue');
    const result = await runCli(['render', FIXTURE, pageUrl, '--out', out, '--list', 'coast'], { env: ENV });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^issue \d{8}-[0-9a-f]{12}: 2 stories/);
    for (const name of ['issue.html', 'issue.txt', 'issue.json'])
      expect(existsSync(join(out, name))).toBe(true);

    const issue = JSON.parse(readFileSync(join(out, 'issue.json'), 'utf8')) as Issue;
    expect(issue.list).toBe('coast');
    expect(issue.stories).toHaveLength(2);
    expect(issue.stories[1]?.url).toBe(pageUrl);
    expect(issue.subject).toMatch(/^Lakeport .* \+1 more$/);
    expect(result.stdout).toContain(`"${COAST.prefix} ${issue.subject}"`);

    const html = readFileSync(join(out, 'issue.html'), 'utf8');
    const { document } = parseHTML(html);
    const hrefs = [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
    // Never archived, so never on the web: no "view in browser" link to a page that would be 404, and the footer
    // says why (core/render-model.ts NO_WEB_VERSION_NOTE).
    expect(hrefs.filter((h) => h.includes('/issues/'))).toEqual([]);
    expect(html).not.toContain('View in browser');
    expect(html).toContain('No “view in browser” link in a test copy or a preview');
    expect(readFileSync(join(out, 'issue.txt'), 'utf8')).not.toContain('View in browser:');
    const fragments = hrefs.filter((h) => h.startsWith(`${pageUrl}#:~:text=`));
    const web = issue.stories[1]!;
    expect(web.keyPoints.length).toBeGreaterThan(0);
    expect(fragments).toHaveLength(web.keyPoints.length + web.quotes.length);
    // the fixture is a plain-text file: no source links for it
    expect(hrefs.filter((h) => h.includes('#:~:text=') && !h.startsWith(pageUrl))).toEqual([]);
    expect(html).toContain(COAST.postalAddress);
    expect(html).toContain('%%{unsubscribe_url}%%');

    const text = readFileSync(join(out, 'issue.txt'), 'utf8').replace(/\s+/g, ' ');
    for (const story of issue.stories) {
      // the email prints what a key point shows (an edited point's `shown`), never a bare "This comes after"
      for (const point of story.keyPoints)
        expect(text).toContain((point.shown ?? point.text).replace(/\s+/g, ' ').trim());
    }
    for (const link of fragments) expect(readFileSync(join(out, 'issue.txt'), 'utf8')).toContain(link);
  });

  it("renders with the list's settings, exactly as `send --test-to` on that list sends it", async () => {
    const out = mkdtempSync(join(tmpdir(), 'digest-render-'));
    const rendered = await runCli(['render', FIXTURE, '--out', out, '--list', 'coast'], { env: ENV });
    expect(rendered.code, rendered.stderr).toBe(0);
    const sent = await runCli(['send', FIXTURE, '--list', 'coast', '--test-to', 'editor@example.org'], {
      env: ENV,
    });
    expect(sent.code, sent.stderr).toBe(0);
    const [name] = outboxFiles(dataDir);
    const mail = await parseMail(readFileSync(join(dataDir, 'outbox', name!)));
    const issue = JSON.parse(readFileSync(join(out, 'issue.json'), 'utf8')) as Issue;
    const testId = /test copy of issue (\S+) sent/.exec(sent.stderr)?.[1];
    expect(testId).toBeDefined();

    // The same page but for what differs from copy to copy: the issue id (a hash of the time it was composed) and the
    // recipient's own links, which render leaves as placeholders.
    const same = (text: string, id: string) =>
      text
        .replaceAll(id, 'ISSUE')
        .replace(/https:\/\/digest\.example\.org\/unsubscribe\?token=[\w.-]+/g, '%%{unsubscribe_url}%%')
        .replace(/https:\/\/digest\.example\.org\/preferences\?token=[\w.-]+/g, '%%{preferences_url}%%')
        .replace(/\r\n/g, '\n')
        .trimEnd();
    const html = readFileSync(join(out, 'issue.html'), 'utf8');
    expect(same(html, issue.id)).toBe(same(mail.html!, testId!));
    // A test copy is never archived either: no link to /issues/<id>, the same note.
    expect(mail.html).not.toContain(`/issues/${testId}`);
    expect(mail.text).not.toContain(`/issues/${testId}`);
    expect(mail.text).toContain('No “view in browser” link in a test copy or a preview');
    expect(same(readFileSync(join(out, 'issue.txt'), 'utf8'), issue.id)).toBe(same(mail.text!, testId!));
    expect(mail.subject).toBe(`[Test] ${COAST.prefix} ${issue.subject}`);

    // and that page is the list's: its title in the masthead, its footer, its accent, its subject prefix
    const { document } = parseHTML(html);
    expect(document.querySelector('title')?.textContent).toBe(`${COAST.prefix} ${issue.subject}`);
    expect(html).toContain(COAST.title);
    expect(html).not.toContain('>Coast<');
    expect(html).toContain(COAST.postalAddress);
    expect(html).not.toContain(ENV.DIGEST_POSTAL_ADDRESS);
    expect(html).toContain(`color:${COAST.accent}`);
  });

  it('a list that does not exist is an error naming the lists that exist, and nothing is written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'digest-render-')), 'never');
    const result = await runCli(['render', FIXTURE, '--out', out, '--list', 'nosuch'], { env: ENV });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'digest: no list "nosuch"; lists: coast, default (create one with `digest lists create`)\n',
    );
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('--subject overrides the subject', async () => {
    const out = mkdtempSync(join(tmpdir(), 'digest-render-'));
    const result = await runCli(['render', FIXTURE, '--out', out, '--subject', 'Friday <briefing>'], {
      env: ENV,
    });
    expect(result.code).toBe(0);
    const html = readFileSync(join(out, 'issue.html'), 'utf8');
    expect(html).toContain('<title>Friday &lt;briefing&gt;</title>');
  });

  it.each([
    { name: 'no --out', args: ['render', FIXTURE], code: 2, message: /^digest: --out DIR is required/ },
    {
      name: 'a missing file',
      args: ['render', '/nonexistent/article.txt', '--out', tmpdir()],
      code: 1,
      message: /^digest: /,
    },
    { name: 'no input', args: ['render', '--out', tmpdir()], code: 2, message: /missing required argument/ },
  ])('$name: one line on stderr, non-zero exit', async ({ args, code, message }) => {
    const result = await runCli(args, { env: ENV });
    expect(result.code).toBe(code);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('--out naming a file is refused before the article is read, and the file is left as it was', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'digest-render-')), 'notes.txt');
    writeFileSync(file, 'my notes\n');
    const result = await runCli(['render', FIXTURE, '--out', file], { env: ENV });
    expect(result.stderr).toBe(
      `digest: --out ${file} is a file, not a folder: give the folder for issue.html, issue.txt and issue.json\n`,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe('my notes\n');

    const below = await runCli(['render', FIXTURE, '--out', join(file, 'issue')], { env: ENV });
    expect(below.stderr).toBe(`digest: cannot create the folder ${join(file, 'issue')}: ENOTDIR\n`);
    expect(below.code).toBe(1);
  });

  it('a 404 URL fails cleanly and writes nothing', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'digest-render-')), 'never');
    const result = await runCli(['render', pageUrl.replace('harbour-wall', 'missing'), '--out', out], {
      env: ENV,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});
