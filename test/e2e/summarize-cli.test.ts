import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { describeWithKit, kitPath, readKit } from '../support/eval-kit.js';

// The seed article and its hand-made reference come from the evaluation kit (../shared).
const SEED = 'fixtures/articles/kenya-haiti-mss.txt';
const SEED_REFERENCE = 'fixtures/articles/kenya-haiti-mss.expected.json';
// Our own article, for the tests that need any article.
const SAMPLE = join(REPO_ROOT, 'functions/cli/samples/harbour-ferry.txt');

interface QuoteJson {
  text: string;
  start: number;
  end: number;
  speaker: string | null;
  role: string | null;
}
interface SummaryJson {
  title: string | null;
  source: string;
  keyPoints: { text: string; start: number; end: number; shown?: string }[];
  quotes: QuoteJson[];
  allQuotes: QuoteJson[];
}

/**
 * The five facts of the fixture's reference, each as groups of alternatives that a key point
 * stating it must contain (every group, any alternative). Loose on wording, strict on content.
 */
const FACTS: { name: string; groups: RegExp[] }[] = [
  { name: 'Kenya stays in charge of the mission', groups: [/Kenya/, /remain|continue|in charge|lead/i] },
  { name: 'China and Russia opposed the US proposal', groups: [/China/, /Russia/, /veto|oppos|reject/i] },
  { name: 'the second time', groups: [/second time/i] },
  { name: 'the US wanted regular financing', groups: [/financ|fund|cash/i, /US|U\.S\.|United States/] },
  {
    name: 'Haiti asked for a peacekeeping mission',
    groups: [/Haiti/, /peacekeeping/i, /call|request|appeal|ask/i],
  },
];

const RSS =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title><link>https://courier.example.org/</link>' +
  '<item><title>Ferry late</title><link>https://courier.example.org/ferry</link><description>The night ferry ran late.</description></item></channel></rss>';
const ATOM =
  '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Port notes</title><id>urn:port</id>' +
  '<entry><title>Quay works</title><id>urn:port:1</id><link href="https://port.example.org/quay"/></entry></feed>';
/** Feeds as servers label them: their own types, a generic XML type, a text type, none of them asked for. */
const FEEDS: Record<string, [string, string]> = {
  '/feed.xml': ['application/rss+xml; charset=utf-8', RSS],
  '/feed.atom': ['application/atom+xml', ATOM],
  '/feed-as-xml': ['application/xml', RSS],
  '/feed-as-text-xml': ['text/xml', ATOM],
  '/feed-as-text': ['text/plain', RSS],
  '/note.xml': ['application/xml', '<?xml version="1.0"?><note><to>Tove</to></note>'],
};

/** A page as sites write them: metadata in the head, navigation and a script around a short article. */
const DATED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Night ferry returns | Courier</title>
<meta name="author" content="Tomas Reyes"><meta property="article:published_time" content="2026-05-12T09:00:00Z">
<script>window.dataLayer = window.dataLayer || []; window.dataLayer.push({ section: 'harbour', paywall: false, tags: ['ferry', 'harbour', 'transport'] });</script>
<style>.site-nav a { margin: 0 4px; color: #0b57a4 } .lede { font-size: 1.2em } .share-bar button { border: 0 }</style></head>
<body><nav class="site-nav"><a href="/">Home</a> <a href="/harbour">Harbour</a> <a href="/transport">Transport</a> <a href="/opinion">Opinion</a></nav>
<article><h1>Night ferry returns</h1><p class="lede">The night ferry between Lakeport and the island returned to service on Tuesday after three weeks of repairs to its engines.</p>
<p>"We are glad to have it back," said Mara Lind, the harbour master. The operator said the timetable would stay as before, with sailings every two hours.</p>
<p>Passengers had used a slower replacement boat that took twice as long and carried half as many cars, and several firms on the island complained about the delays.</p></article>
<div class="share-bar"><button>Share</button> <button>Email</button></div></body></html>`;

let tmp: string;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'digest-cli-'));
  server = createServer((req, res) => {
    if (req.url === '/article') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html><head><title>Port strike ends</title></head><body><nav>Home | World</nav><article><h1>Port strike ends after nine days</h1><p>Dock workers in Halden returned to work on Monday after a nine-day strike that left forty ships waiting offshore.</p><p>"We got the safety rules we asked for," said Ingrid Valo, the union's chair. The port authority said cargo would clear by Friday.</p><p>Shipping firms had warned that the stoppage was costing them two million euros a day, and that some would divert vessels to other ports in the region.</p></article></body></html>`,
      );
    } else if (req.url === '/search?q=harbour+strike') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(readFileSync(join(REPO_ROOT, 'test/fixtures/not-articles/search-results.html')));
    } else if (req.url && FEEDS[req.url]) {
      const [type, body] = FEEDS[req.url]!;
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    } else if (req.url === '/pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end('%PDF-1.7');
    } else if (req.url === '/to-private') {
      res.writeHead(302, { location: 'http://10.0.0.1/secret' });
      res.end();
    } else if (req.url === '/to-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    } else {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>not found</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function summarizeJson(args: string[], env: NodeJS.ProcessEnv = {}): Promise<SummaryJson> {
  const result = await runCli(['summarize', '--json', ...args], { env });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as SummaryJson;
}

describeWithKit([SEED, SEED_REFERENCE], 'digest summarize on the seed article', () => {
  const EXPECTED = JSON.parse(readKit(SEED_REFERENCE)) as {
    title: string;
    quotes: { text: string; speaker: string; role: string }[];
    noise: string[];
  };
  let out: SummaryJson;
  beforeAll(async () => {
    out = await summarizeJson([kitPath(SEED)]);
  });

  it('keeps the contract: source is the input, every quote is verbatim at its offsets', () => {
    expect(out.source).toBe(readKit(SEED));
    expect(out.title).toBe(EXPECTED.title);
    for (const q of [...out.quotes, ...out.allQuotes]) expect(out.source.slice(q.start, q.end)).toBe(q.text);
    for (const k of out.keyPoints) expect(out.source.slice(k.start, k.end)).toBe(k.text);
  });

  it('shows key points that stand on their own: none begins "This comes after" or a conjunction', () => {
    for (const k of out.keyPoints)
      expect(k.shown ?? k.text).not.toMatch(/^(?:This comes after|But|And|However)\b/);
  });

  it.each(EXPECTED.quotes)('finds "$text" by $speaker', (expected) => {
    const found = out.allQuotes.find((q) => q.text === expected.text);
    expect(found).toBeDefined();
    expect(found?.speaker).toBe(expected.speaker);
    expect(found?.role).toBe(expected.role);
  });

  it("prints what the README's terminal example shows", async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const example =
      /The same digest in the terminal:[^\n]*\n[^\n]*\n\n```\n([\s\S]*?)```\n<!-- EXAMPLE:END -->/.exec(
        readme,
      );
    expect(example, 'the terminal example block in README.md').not.toBeNull();
    const result = await runCli(['summarize', kitPath(SEED)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(example?.[1]);
  });

  it('keeps page furniture out of key points and quotes', () => {
    const shown = [...out.keyPoints, ...out.quotes].map((x) => x.text);
    for (const noise of EXPECTED.noise) {
      for (const text of shown) expect(text).not.toContain(noise.trim());
    }
  });

  it('states at least four of the five facts in 3-5 key points', () => {
    expect(out.keyPoints.length).toBeGreaterThanOrEqual(3);
    expect(out.keyPoints.length).toBeLessThanOrEqual(5);
    const stated = FACTS.filter((fact) =>
      out.keyPoints.some((k) => fact.groups.every((re) => re.test(k.text))),
    );
    expect(
      stated.map((f) => f.name).length,
      `stated: ${stated.map((f) => f.name).join('; ')}`,
    ).toBeGreaterThanOrEqual(4);
  });
});

describe('digest summarize inputs', () => {
  it('summarizes the built-in sample with no input, in the terminal view', async () => {
    const result = await runCli(['summarize']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Lakeport Council Approves Electric Ferry Plan/);
    expect(result.stdout).toContain('Key points');
    expect(result.stdout).toContain('Raymond Oduya');
  });

  it('reads stdin with -', async () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const result = await runCli(['summarize', '--json', '-'], { input: text });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as SummaryJson).source).toBe(text);
  });

  it("prints an HTML page's date as readably as a text file's, as the email does, never raw ISO", async () => {
    const page = join(tmp, 'dated.html');
    writeFileSync(page, DATED_PAGE);
    const text = join(tmp, 'dated.txt');
    writeFileSync(
      text,
      'Night ferry returns\nBy Tomas Reyes\nMay 12, 2026\n\nThe night ferry between Lakeport and the island returned to service on Tuesday after three weeks of repairs.\n',
    );
    const fromPage = await runCli(['summarize', page]);
    expect(fromPage.stderr).toBe('');
    expect(fromPage.stdout.split('\n')[1]).toBe('Tomas Reyes · 12 May 2026, 09:00 UTC');
    expect(fromPage.stdout).not.toContain('2026-05-12T');
    const fromText = await runCli(['summarize', text]);
    expect(fromText.stderr).toBe('');
    expect(fromText.stdout.split('\n')[1]).toBe('Tomas Reyes · May 12, 2026');
  });

  it('extracts an HTML page from a URL', async () => {
    const out = await summarizeJson([`${baseUrl}/article`], { DIGEST_ALLOW_LOOPBACK: '1' });
    expect(out.source).toContain('Dock workers in Halden');
    expect(out.source).not.toContain('Home | World');
    const q = out.allQuotes.find((x) => x.text.startsWith('We got the safety rules'));
    expect(q?.speaker).toBe('Ingrid Valo');
  });
});

describe('digest summarize --jsonl', () => {
  it('answers every line in order, and a bad line with an error while the batch goes on', async () => {
    const input = [
      JSON.stringify({
        id: 'a',
        text: 'The mayor opened the bridge on Friday. "It is finished," she said. Traffic flowed at once.',
      }),
      '{not json',
      JSON.stringify({
        id: 'c',
        article: 'Rain fell for six days. Rivers rose. Farmers moved cattle to higher ground.',
        title: 'Floods',
      }),
      JSON.stringify({ id: 'd', text: '   ' }),
      JSON.stringify({ text: 'A line without its id.' }),
      JSON.stringify({ id: 'f', text: 5 }),
      JSON.stringify({ id: 'g', text: 'Ferries' }),
    ].join('\n');
    const result = await runCli(['summarize', '--jsonl', '-'], { input });
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['a', null, 'c', 'd', null, 'f', 'g']);
    expect(lines[0]).toHaveProperty('keyPoints');
    expect(lines[0]).not.toHaveProperty('source');
    expect(lines[0]?.title).toBeNull();
    expect(lines[1]).toHaveProperty('error');
    expect(lines[2]?.title).toBe('Floods');
    expect(String(lines[3]?.error)).toMatch(/empty/i);
    // a refused line names the field
    expect(lines[4]?.error).toBe('line 5: "id" must be a string or a number');
    expect(lines[5]?.error).toBe('line 6: "text": must be text, not a number');
    // one word is no article: an error line, not empty key points
    expect(Object.keys(lines[6] ?? {})).toEqual(['id', 'error']);
    expect(String(lines[6]?.error)).toMatch(/^not an article: no sentence of \d+ words or more/);
  });

  it('a line whose text is an HTML page is summarised from its article, its title only from the title field', async () => {
    const plain =
      'The mayor opened the bridge on Friday. "It is finished," she said. Traffic flowed at once.';
    const input = [
      JSON.stringify({ id: 'page', text: DATED_PAGE }),
      JSON.stringify({ id: 'titled', text: DATED_PAGE, title: 'Ferry back' }),
      // mostly markup, after a line of text: a page saved with a note above it
      JSON.stringify({
        id: 'noted',
        text: `Saved from the Courier\n${DATED_PAGE.replace('<!doctype html>', '')}`,
      }),
      JSON.stringify({
        id: 'no-article',
        text: '<!doctype html><html><head><title>Harbour</title></head><body><nav><a href="/">Home</a></nav></body></html>',
      }),
      JSON.stringify({ id: 'plain', text: plain }),
    ].join('\n');
    const result = await runCli(['summarize', '--jsonl', '-'], { input });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const pageFile = join(tmp, 'jsonl-page.html');
    writeFileSync(pageFile, DATED_PAGE);
    const asFile = await summarizeJson([pageFile]);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            id: string;
            title?: string | null;
            error?: string;
            keyPoints?: SummaryJson['keyPoints'];
            quotes?: QuoteJson[];
            allQuotes?: QuoteJson[];
          },
      );
    expect(lines.map((l) => l.id)).toEqual(['page', 'titled', 'noted', 'no-article', 'plain']);
    for (const line of lines.slice(0, 3)) {
      // what `digest summarize FILE` finds in the same page: no markup, the same points and quotes
      expect(line.keyPoints?.length, line.id).toBeGreaterThan(0);
      for (const point of line.keyPoints ?? []) expect(point.text, line.id).not.toMatch(/[<>]/);
      expect(line.keyPoints, line.id).toEqual(asFile.keyPoints);
      expect(line.quotes, line.id).toEqual(asFile.quotes);
      expect(line.allQuotes, line.id).toEqual(asFile.allQuotes);
    }
    expect(asFile.allQuotes.map((q) => q.speaker)).toEqual(['Mara Lind']);
    // the page's <title> is not the line's title: the title comes only from the field
    expect(lines[0]?.title).toBeNull();
    expect(lines[1]?.title).toBe('Ferry back');
    expect(lines[2]?.title).toBeNull();
    expect(lines[3]).toEqual({ id: 'no-article', error: 'no article text found in the page' });
    expect(lines[4]?.keyPoints?.[0]?.text).toBe('The mayor opened the bridge on Friday.');
  });
});

/**
 * Every module file a CLI run loads, as file: URLs (an ESM loader hook, set through NODE_OPTIONS, appends
 * each URL it loads to a file).
 */
async function modulesLoadedBy(args: string[], input: string): Promise<string[]> {
  const log = join(tmp, `loaded-${Date.now()}.txt`);
  writeFileSync(log, '');
  const hooks = `export async function load(url, context, next) { if (url.startsWith('file:')) (await import('node:fs')).appendFileSync(process.env.DIGEST_TEST_LOADED, url + '\\n'); return next(url, context); }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const result = await runCli(args, {
    input,
    env: {
      NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(register)}`,
      DIGEST_TEST_LOADED: log,
    },
  });
  expect(result.code).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const HEAVY =
  /\/(?:linkedom|@mozilla\/readability|@aws-sdk|dynalite|mjml)\/|\/adapters\/(?:html-article|html-extract|http-fetcher)\.js$/u;

describe('digest summarize --jsonl starts light', () => {
  it('loads neither the HTML extractor (linkedom, Readability), the fetcher, the AWS SDK, dynalite nor MJML', async () => {
    const input = JSON.stringify({
      id: 'a',
      text: 'The mayor opened the bridge on Friday. Traffic flowed at once.',
    });
    const loaded = await modulesLoadedBy(['summarize', '--jsonl', '-'], input);
    expect(loaded.some((url) => url.endsWith('/cli/story-runner.js'))).toBe(true);
    expect(loaded.filter((url) => HEAVY.test(url))).toEqual([]);
    // the summarizer itself comes from the build's bundle, read as a file: the modules it holds
    const bundle = readFileSync(join(REPO_ROOT, 'dist/functions/cli/jsonl-story.cjs'), 'utf8');
    const bundled = [...bundle.matchAll(/^\/\/ ((?:dist|node_modules)\/\S+)$/gmu)].map((m) => m[1] ?? '');
    expect(bundled).toContain('dist/functions/core/summarize.js');
    expect(bundled.filter((path) => HEAVY.test(`/${path}`))).toEqual([]);
  });
});

describe('digest summarize refuses bad input with one line and a non-zero exit', () => {
  const oneLineError = (r: { code: number | null; stderr: string; stdout: string }, pattern: RegExp) => {
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  };

  it('an empty file', async () => {
    const path = join(tmp, 'empty.txt');
    writeFileSync(path, '\n  \n');
    oneLineError(await runCli(['summarize', path]), /empty/i);
  });

  it('a file of one word, and the same word on stdin: not an article, and the line says why', async () => {
    const path = join(tmp, 'one-word.txt');
    writeFileSync(path, 'Ferries\n');
    const why =
      /^digest: not an article: no sentence of \d+ words or more to summarize \(the longest has 1\)$/m;
    oneLineError(await runCli(['summarize', '--json', path]), why);
    const piped = await runCli(['summarize', '-'], { input: 'Ferries\n' });
    oneLineError(piped, why);
    expect(piped.code).toBe(1);
  });

  it('a binary file', async () => {
    const path = join(tmp, 'image.png');
    writeFileSync(
      path,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    );
    oneLineError(await runCli(['summarize', path]), /binary/i);
  });

  it('a 20 MB input', async () => {
    const path = join(tmp, 'huge.txt');
    writeFileSync(path, 'All work and no play. '.repeat((20 * 1024 * 1024) / 22));
    oneLineError(await runCli(['summarize', path]), /too large|exceeds|MB/i);
  });

  it('a missing file', async () => {
    oneLineError(await runCli(['summarize', join(tmp, 'nope.txt')]), /nope\.txt/);
  });

  it('a 404 URL', async () => {
    oneLineError(
      await runCli(['summarize', `${baseUrl}/missing`], { env: { DIGEST_ALLOW_LOOPBACK: '1' } }),
      /404/,
    );
  });

  it('a search results page: it lists other pages, it is not an article', async () => {
    oneLineError(
      await runCli(['summarize', `${baseUrl}/search?q=harbour+strike`], {
        env: { DIGEST_ALLOW_LOOPBACK: '1' },
      }),
      /^digest: the page http:\/\/127\.0\.0\.1:\d+\/search\?q=harbour\+strike lists other pages \(10 linked titles/,
    );
  });

  it.each(['/feed.xml', '/feed.atom', '/feed-as-xml', '/feed-as-text-xml', '/feed-as-text'])(
    'a feed at a URL (%s), whatever its type: the message a feed file gets',
    async (path) => {
      const result = await runCli(['summarize', `${baseUrl}${path}`], {
        env: { DIGEST_ALLOW_LOOPBACK: '1' },
      });
      expect(result.stderr).toBe(
        `digest: ${baseUrl}${path} is an RSS or Atom feed, not an article: summarize one of its items, or add it with digest sources add\n`,
      );
      expect(result.stdout).toBe('');
      expect(result.code).toBe(1);
    },
  );

  it('another XML document at a URL: named as XML, not an unsupported content type', async () => {
    const result = await runCli(['summarize', `${baseUrl}/note.xml`], {
      env: { DIGEST_ALLOW_LOOPBACK: '1' },
    });
    expect(result.stderr).toBe(`digest: ${baseUrl}/note.xml is an XML document (<note>), not an article\n`);
    expect(result.code).toBe(1);
  });

  it('a non-HTML content type', async () => {
    oneLineError(
      await runCli(['summarize', `${baseUrl}/pdf`], { env: { DIGEST_ALLOW_LOOPBACK: '1' } }),
      /content type|application\/pdf/i,
    );
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://127.0.0.1:9/'])(
    'a URL pointing at %s',
    async (url) => {
      oneLineError(await runCli(['summarize', url]), /refus|private|loopback|link-local|not allowed/i);
    },
  );

  it.each(['/to-private', '/to-metadata'])('a redirect to a private address (%s)', async (path) => {
    oneLineError(
      await runCli(['summarize', `${baseUrl}${path}`], { env: { DIGEST_ALLOW_LOOPBACK: '1' } }),
      /refus|private|link-local|not allowed/i,
    );
  });

  it('a non-http scheme', async () => {
    oneLineError(await runCli(['summarize', 'file:///etc/passwd']), /scheme|http|not found|no such/i);
  });
});
