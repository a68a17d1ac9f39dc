import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  articleFromText,
  decodeText,
  InputError,
  loadArticle,
  looksLikeHtml,
  readsAsHtml,
} from '../../functions/adapters/article-loader.js';
import { FetchError } from '../../functions/adapters/http-fetcher.js';
import { NotAnArticleError } from '../../functions/adapters/not-an-article-error.js';

const fixturePath = (name: string) => new URL(`../fixtures/articles/${name}`, import.meta.url).pathname;

// An HTML page with four tags and no doctype: by its text alone it would pass for plain text.
const SPARSE_PAGE = [
  '<title>Ferry fares frozen for the winter</title>',
  "<p>The island ferry company said on Friday that it would keep fares at this year's prices until the end of March, after a season in which passenger numbers rose for the first time since the crossing was rebuilt.",
  '<p>Its chief executive, Tomas Engberg, said the company could afford the freeze because fuel had cost less than it had planned for. Season tickets bought before December will also be honoured on the new evening sailing.',
].join('\n');

// UTF-8 prose with one stray Windows-1252 byte (an "ä" pasted from an old file): not valid UTF-8 as a whole.
const STRAY_BYTE_TEXT = Buffer.concat([
  Buffer.from(
    'Harbour levy approved\n\nThe council voted on Tuesday to approve a levy on cargo ships using the harbour. “We cannot keep patching the wall,” said Mayor Ruth Okafor. Traders warned that the charge could push trade to the rival port of Westh',
  ),
  Buffer.from([0xe4]),
  Buffer.from('ven, and the café owners on the quay agreed.\n'),
]);
const STRAY_BYTE_PAGE = Buffer.concat([
  Buffer.from('<!doctype html><html><head><title>Harbour levy approved</title></head><body><article><p>'),
  STRAY_BYTE_TEXT.subarray(STRAY_BYTE_TEXT.indexOf('The council')),
  Buffer.from('</p></article></body></html>'),
]);

// Soft hyphens (&shy;) and word joiners that a CMS puts in long words: invisible on the page.
const SOFT_HYPHEN_PAGE =
  '<!doctype html><html><head><title>Ferry cable snaps</title></head><body><article>' +
  '<p>The night ferry to Skarholm was cancel&shy;led on Tuesday after a cable snapped during a storm, leaving more than 300 passengers stranded at the ter\u2060minal.</p>' +
  '<p>“We did every&shy;thing we could,” said Ilse Varga, the harbour master. Passengers were offered rooms in two hotels near the quay.</p>' +
  '</article></body></html>';

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digest-loader-'));
  const html = await readFile(fixturePath('harbour-strike.html'), 'utf8');
  const text = await readFile(fixturePath('no-quotes.txt'), 'utf8');
  server = createServer((req, res) => {
    if (req.url === '/strike') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (req.url === '/plain') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    } else if (req.url === '/sparse') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SPARSE_PAGE);
    } else if (req.url === '/stray-byte') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(STRAY_BYTE_PAGE);
    } else if (req.url === '/soft-hyphens') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SOFT_HYPHEN_PAGE);
    } else if (req.url === '/empty') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('   ');
    } else {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('loadArticle from files', () => {
  it('reads a plain-text article exactly, with its title', async () => {
    const path = fixturePath('single-quotes.txt');
    const article = await loadArticle(path);
    expect(article.source).toBe(await readFile(path, 'utf8'));
    expect(article.title).toBe("Lighthouse keepers' cottages to become museum after village vote");
    expect(article.url).toBeNull();
  });

  it('extracts an HTML file through Readability', async () => {
    const article = await loadArticle(fixturePath('harbour-strike.html'));
    expect(article.title).toBe('Port Calder dock strike ends after nine days as union accepts pay offer');
    expect(article.source.startsWith('Dock workers at Port Calder')).toBe(true);
    expect(article.source).not.toContain('<p>');
  });

  it.each([
    { name: 'empty file', content: '', message: /is empty$/ },
    { name: 'whitespace-only file', content: ' \n\n\t  \r\n', message: /is empty$/ },
    {
      name: 'PDF',
      content: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'),
      message: /binary file \(PDF\)/,
    },
    {
      name: 'PNG',
      content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      message: /\(PNG\)/,
    },
    { name: 'ZIP', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]), message: /\(ZIP/ },
    { name: 'NUL bytes', content: Buffer.from('Some text\u0000with a NUL byte in it'), message: /NUL bytes/ },
    {
      name: 'random bytes',
      content: Buffer.from(
        Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256).filter((b) => b !== 0),
      ),
      message: /binary file/,
    },
  ])('refuses a $name with a one-line InputError', async ({ name, content, message }) => {
    const path = await file(`${name.replace(/\W+/g, '-')}.txt`, content);
    const error = await failure(loadArticle(path));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('refuses a 20 MB file from its size, without reading it', async () => {
    const path = join(dir, 'huge.txt');
    await writeFile(path, 'Title\n\n');
    await truncate(path, 20 * 1024 * 1024);
    const t0 = performance.now();
    const error = await failure(loadArticle(path));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(`${path} is too large (20 MB; the limit is 5 MB)`);
  });

  it('reads a 4 MB text file', async () => {
    const paragraph = 'The council met on Tuesday and agreed the budget for the coming year. ';
    const path = await file(
      'big.txt',
      `Budget agreed\n\n${paragraph.repeat(Math.floor((4 * 1024 * 1024) / paragraph.length))}`,
    );
    const article = await loadArticle(path);
    expect(article.title).toBe('Budget agreed');
  });

  it('refuses a missing file and a directory', async () => {
    const missing = await failure(loadArticle(join(dir, 'nope.txt')));
    expect(missing).toBeInstanceOf(InputError);
    expect(missing.message).toBe(`no such file: ${join(dir, 'nope.txt')}`);
    const directory = await failure(loadArticle(dir));
    expect(directory.message).toMatch(/is a directory/);
  });

  it('refuses unsupported URL schemes', async () => {
    const error = await failure(loadArticle('ftp://example.org/article.txt'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^unsupported URL scheme ftp/);
  });

  it('reads legacy Windows-1252 text instead of refusing it', async () => {
    const bytes = Buffer.from(
      'Caf\xe9 owners protest\n\nThe caf\xe9 owners said \x93enough\x94 on Monday.\n',
      'latin1',
    );
    const article = await loadArticle(await file('latin.txt', bytes));
    expect(article.title).toBe('Café owners protest');
    expect(article.source).toContain('said “enough” on Monday.');
  });

  it('reads UTF-8 with a stray byte as UTF-8, only the stray byte as Windows-1252 (file and URL)', async () => {
    const expected =
      '“We cannot keep patching the wall,” said Mayor Ruth Okafor. Traders warned that the charge could push trade to the rival port of Westhäven, and the café owners on the quay agreed.';
    const fromFile = await loadArticle(await file('stray-byte.txt', STRAY_BYTE_TEXT));
    expect(fromFile.source).toContain(expected);
    const fromUrl = await loadArticle(`${base}/stray-byte`, { allowLoopback: true });
    expect(fromUrl.source).toContain(expected);
    // mostly Cyrillic UTF-8 (most bytes are high) with one stray byte: text, not a binary file
    const russian = 'Паром в гавани снова опоздал во вторник, сообщил оператор в заявлении для пассажиров.';
    const cyrillic = Buffer.concat([
      Buffer.from(`Паром\n\n${russian} `),
      Buffer.from([0x96]),
      Buffer.from(` ${russian}\n`),
    ]);
    const ru = await loadArticle(await file('stray-byte-ru.txt', cyrillic));
    expect(ru.source).toContain(`${russian} – ${russian}`);
  });

  it('reads a saved HTML page in the charset its <meta> declares', async () => {
    const cyrillic =
      '<p>Паром в гавани снова опоздал во вторник, сообщил оператор в заявлении для пассажиров и жителей города.</p>';
    const windows1251 = Buffer.from(
      `<!doctype html><html><head><meta charset="windows-1251"><title>Паром</title></head><body><article>${cyrillic.repeat(4)}</article></body></html>`
        .split('')
        .map((c) => {
          const code = c.charCodeAt(0);
          if (code < 0x80) return code;
          if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0; // А..я
          throw new Error(`no windows-1251 byte for ${c}`);
        }),
    );
    const article = await loadArticle(await file('ferry-ru.html', windows1251));
    expect(article.source).toContain('Паром в гавани снова опоздал во вторник');
    // ISO-8859-2 named in the old http-equiv form: ł is 0xb3 there, not ³ as in Windows-1252.
    const polish = Buffer.from(
      `<!doctype html><html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"></head><body><article>${'<p>Prom w porcie znowu si\xea sp\xf3\xbcni\xb3 we wtorek, poinformowa\xb3 operator w o\xb6wiadczeniu dla pasa\xbfer\xf3w i mieszka\xf1c\xf3w miasta.</p>'.repeat(4)}</article></body></html>`,
      'latin1',
    );
    const pl = await loadArticle(await file('ferry-pl.html', polish));
    expect(pl.source).toContain('Prom w porcie znowu się spóźnił we wtorek, poinformował operator');
  });

  it('keeps reading a valid UTF-8 page as UTF-8 when its <meta> names an older charset', async () => {
    const page = `<!doctype html><html><head><meta charset="iso-8859-1"></head><body><article>${'<p>The café owners said “enough” on Monday, and the harbour office agreed to meet them on Friday.</p>'.repeat(4)}</article></body></html>`;
    const article = await loadArticle(await file('stale-meta.html', page));
    expect(article.source).toContain('The café owners said “enough” on Monday');
  });

  it('refuses a feed or another XML document instead of summarising its markup', async () => {
    const items = Array.from(
      { length: 3 },
      (_, i) =>
        `<item><title>Harbour story ${i}</title><link>https://courier.example.org/articles/${i}.html</link>` +
        `<description>The harbour office said on Tuesday that ferry ${i} would run late all week.</description></item>`,
    ).join('\n');
    const rss = `<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet href="feed.xsl" type="text/xsl"?>\n<rss version="2.0"><channel><title>Courier</title><link>https://courier.example.org/</link>\n${items}\n</channel></rss>\n`;
    const feedPath = await file('courier.rss', rss);
    const feedError = await failure(loadArticle(feedPath));
    expect(feedError).toBeInstanceOf(InputError);
    expect(feedError.message).toBe(
      `${feedPath} is an RSS or Atom feed, not an article: summarize one of its items, or add it with digest sources add`,
    );
    const atom =
      '<!-- port news -->\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Port</title><entry><title>Quay</title></entry></feed>';
    const atomError = await failure(loadArticle('-', { readStdin: async () => Buffer.from(atom) }));
    expect(atomError.message).toMatch(/^stdin is an RSS or Atom feed, not an article/);
    const note = await file(
      'note.xml',
      '<?xml version="1.0"?>\n<note><to>Harbour office</to><body>The ferry runs late on Tuesday, the council said.</body></note>\n',
    );
    const noteError = await failure(loadArticle(note));
    expect(noteError).toBeInstanceOf(InputError);
    expect(noteError.message).toBe(`${note} is an XML document (<note>), not an article`);
  });

  it('still reads an XHTML page that starts with an XML prolog', async () => {
    const page = `<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Quay</title></head><body><article>${'<p>The harbour office said on Tuesday that the night ferry would run late all week while the quay is repaired.</p>'.repeat(4)}</article></body></html>`;
    const article = await loadArticle(await file('quay.xhtml', page));
    expect(article.source).toContain('the night ferry would run late all week');
  });

  it('a missing file named like a web address says how to give the URL', async () => {
    const error = await failure(loadArticle('www.courier.example.org/news/ferry-delays'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'no such file: www.courier.example.org/news/ferry-delays (for a web page, give the whole URL: https://www.courier.example.org/news/ferry-delays)',
    );
    // A file name with a dot is just a missing file.
    expect((await failure(loadArticle(join(dir, 'ferry.txt')))).message).toBe(
      `no such file: ${join(dir, 'ferry.txt')}`,
    );
    expect((await failure(loadArticle('ferry-delays.html'))).message).toBe('no such file: ferry-delays.html');
  });

  it('refuses an HTML file with no article in it', async () => {
    const path = await file(
      'login.html',
      '<!doctype html><html><body><form><input name="u"><button>Log in</button></form></body></html>',
    );
    await expect(loadArticle(path)).rejects.toBeInstanceOf(NotAnArticleError);
  });
});

describe('loadArticle from stdin', () => {
  it('reads plain text from stdin', async () => {
    const text = await readFile(fixturePath('french-article.txt'));
    const article = await loadArticle('-', { readStdin: async () => text });
    expect(article.source).toBe(text.toString('utf8'));
    expect(article.byline).toBe('Camille Ferrand');
  });

  it('sniffs HTML on stdin', async () => {
    const html = await readFile(fixturePath('stadtwerke-preise.html'));
    const article = await loadArticle('-', { readStdin: async () => html });
    expect(article.lang).toBe('de');
  });

  it('refuses empty and oversized stdin', async () => {
    const empty = await failure(loadArticle('-', { readStdin: async () => Buffer.alloc(0) }));
    expect(empty.message).toBe('stdin is empty');
    const big = await failure(
      loadArticle('-', { readStdin: async () => Buffer.alloc(6 * 1024 * 1024, 0x61) }),
    );
    expect(big.message).toBe('stdin is too large (the limit is 5 MB)');
  });
});

/** Runs loadArticle('-') in a child process on the real process.stdin, the way the CLI reads it. */
async function loadFromRealStdin(
  input: Buffer,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const loader = new URL('../../functions/adapters/article-loader.ts', import.meta.url).href;
  const script = join(dir, 'stdin-child.mts');
  await writeFile(
    script,
    `import { loadArticle } from ${JSON.stringify(loader)};
try {
  const a = await loadArticle('-');
  process.stdout.write(JSON.stringify({ title: a.title, length: a.source.length }));
} catch (e) {
  process.stderr.write(e.name + ': ' + e.message);
  process.exitCode = 1;
}
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdin.on('error', () => {
    // The child may stop reading (and exit) before all of a too-large input is written.
  });
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

describe('loadArticle from the real stdin', () => {
  it('reads a piped article', async () => {
    const text = await readFile(fixturePath('no-quotes.txt'));
    const result = await loadFromRealStdin(text);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      title: 'Regional rail timetable to change from December as line upgrade finishes',
      length: text.toString('utf8').length,
    });
  });

  it('stops reading a 20 MB pipe past the cap', async () => {
    const result = await loadFromRealStdin(Buffer.alloc(20 * 1024 * 1024, 0x61));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('InputError: stdin is too large (the limit is 5 MB)');
  });
});

describe('loadArticle from URLs', () => {
  it('fetches and extracts an HTML page', async () => {
    const article = await loadArticle(`${base}/strike`, { allowLoopback: true });
    expect(article.title).toBe('Port Calder dock strike ends after nine days as union accepts pay offer');
    // the page's canonical URL is relative: it resolves against the page it came from
    expect(article.url).toBe(`${base}/business/2026/nov/24/port-calder-dock-strike-ends`);
  });

  it('drops soft hyphens and word joiners from a page: key points and quotes read as the page shows them', async () => {
    const article = await loadArticle(`${base}/soft-hyphens`, { allowLoopback: true });
    expect(article.source).toContain('The night ferry to Skarholm was cancelled on Tuesday');
    expect(article.source).toContain('stranded at the terminal.');
    expect(article.source).toContain('“We did everything we could,” said Ilse Varga');
    expect(article.source).not.toMatch(/[\u00ad\u2060]/u);
  });

  it('keeps a text/plain page as plain text, with the final URL', async () => {
    const article = await loadArticle(`${base}/plain`, { allowLoopback: true });
    expect(article.title).toBe('Regional rail timetable to change from December as line upgrade finishes');
    expect(article.url).toBe(`${base}/plain`);
  });

  it('reads a text/html page with few tags as HTML, as a briefing does', async () => {
    const article = await loadArticle(`${base}/sparse`, { allowLoopback: true });
    expect(article.title).toBe('Ferry fares frozen for the winter');
    expect(article.source).toMatch(/^The island ferry company said/);
    expect(article.source).not.toContain('<');
  });

  it('passes on fetch errors and refuses loopback by default', async () => {
    const notFound = await failure(loadArticle(`${base}/missing`, { allowLoopback: true }));
    expect(notFound).toBeInstanceOf(FetchError);
    expect(notFound.message).toBe(`${base}/missing returned 404 Not Found`);
    const refused = await failure(loadArticle(`${base}/strike`));
    expect(refused.message).toBe(`refusing to fetch ${base}/strike: address 127.0.0.1 is loopback`);
    const empty = await failure(loadArticle(`${base}/empty`, { allowLoopback: true }));
    expect(empty).toBeInstanceOf(InputError);
  });
});

describe('articleFromText (jsonl batch)', () => {
  it('keeps the text and takes the title only from the caller', () => {
    const text = 'Harbour strike ends\n\nDock workers returned to work.';
    expect(articleFromText(text)).toEqual({
      title: null,
      source: text,
      url: null,
      byline: null,
      published: null,
    });
    expect(articleFromText(text, { title: 'Given' }).title).toBe('Given');
  });

  it('refuses empty and binary text', () => {
    expect(() => articleFromText('  \n')).toThrow(InputError);
    expect(() => articleFromText('a\u0000b')).toThrow(/binary/);
  });
});

describe('sniffing', () => {
  it.each([
    { text: '<!DOCTYPE html><html><body><p>x</p></body></html>', html: true },
    { text: '\n  <html lang="en"><p>x</p></html>', html: true },
    { text: '<!-- saved page --><!doctype html><p>x', html: true },
    { text: '<div><p>One</p><p>Two</p><p>Three</p><p>Four</p></div>', html: true },
    { text: 'The <b> tag makes text bold, the article explained.', html: false },
    { text: 'Title\n\nBody with <3 and a < b comparisons.', html: false },
    // mostly markup, whatever it starts with: a page saved after a line of text
    {
      text: `Saved from the Courier\n<div class="page"><nav class="site-nav"><a href="/">Home</a><a href="/world">World</a></nav><script>window.analytics = { id: 'UA-1', events: [] };</script><p class="lede">Ferries ran late.</p></div>`,
      html: true,
    },
    { text: 'Ferries ran <em>late</em> all week, the <b>harbour</b> office said on Tuesday.', html: false },
    { text: 'Never put a <script> tag in a comment field, the security team said on Friday.', html: false },
  ])('looksLikeHtml($text) = $html', ({ text, html }) => {
    expect(looksLikeHtml(text)).toBe(html);
  });

  it.each([
    { mediaType: 'text/html', text: '<title>Short</title><p>Few tags.', html: true },
    { mediaType: 'text/html; charset=utf-8', text: 'No tags at all.', html: true },
    { mediaType: 'TEXT/HTML', text: 'No tags at all.', html: true },
    { mediaType: 'application/xhtml+xml', text: '<p>One tag.', html: true },
    { mediaType: 'text/plain', text: '<!DOCTYPE html><html><body><p>x</p></body></html>', html: false },
    { mediaType: 'text/plain; charset=iso-8859-1', text: '<div><p>1</p><p>2</p><p>3</p></div>', html: false },
    { mediaType: 'application/octet-stream', text: '<!DOCTYPE html><html><p>x</p></html>', html: true },
    { mediaType: 'application/octet-stream', text: 'Title\n\nPlain words.', html: false },
    { mediaType: '', text: '<!DOCTYPE html><html><p>x</p></html>', html: true },
    { mediaType: null, text: '<title>Short</title><p>Few tags.', html: false },
    { mediaType: undefined, text: 'Title\n\nPlain words.', html: false },
  ])('readsAsHtml(…, $mediaType) = $html for $text', ({ mediaType, text, html }) => {
    expect(readsAsHtml(text, mediaType)).toBe(html);
  });

  it('reads 64 KB of "<p" without a ">" as text', () => {
    expect(looksLikeHtml(`<p${'<p‹p'.repeat(16_000)}`)).toBe(false);
  });

  it('drops a UTF-8 byte-order mark and reads UTF-16', () => {
    expect(decodeText(Buffer.from('\ufeffHello there', 'utf8'), 'x')).toBe('Hello there');
    expect(
      decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hi there', 'utf16le')]), 'x'),
    ).toBe('Hi there');
  });
});
