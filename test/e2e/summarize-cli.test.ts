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
    expect(lines[5]?.error).toBe('line 6: "text": Expected string, received number');
    // one word is no article: an error line, not empty key points
    expect(Object.keys(lines[6] ?? {})).toEqual(['id', 'error']);
    expect(String(lines[6]?.error)).toMatch(/^not an article: no sentence of \d+ words or more/);
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
