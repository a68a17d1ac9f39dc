/**
 * The `digest dev` preview as a user drives it: the built CLI on a free port, a fresh data dir and
 * a private copy of the templates. Checks the preview of the sample and then of an archived issue,
 * the outbox list and message view (fed by a real subscription through the dev server), the
 * forced colour schemes, live template edits, and — in Chromium — the reload when a template changes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileIssueArchive } from '../../functions/adapters/file-issue-archive.js';
import { renderIssue } from '../../functions/adapters/render-issue.js';
import { CLI, REPO_ROOT } from '../support/cli.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../support/sample-issue.js';
import { chromiumAvailable, launchChromium } from '../support/visual-audit.js';

const root = mkdtempSync(join(tmpdir(), 'digest-preview-'));
const dataDir = join(root, 'data');
const templatesDir = join(root, 'templates');
cpSync(join(REPO_ROOT, 'templates'), templatesDir, { recursive: true });

let server: ChildProcess;
let base: string;

beforeAll(async () => {
  server = spawn(process.execPath, [CLI, 'dev', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, DIGEST_TEMPLATES_DIR: templatesDir, DIGEST_BASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`digest dev did not start: ${err}`)), 50_000);
    server.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    server.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    server.on('exit', (code) => reject(new Error(`digest dev exited with ${code}: ${err}`)));
  });
});

afterAll(() => {
  server?.kill('SIGTERM');
});

async function get(path: string): Promise<{ status: number; headers: Headers; body: string }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, headers: res.headers, body: await res.text() };
}

async function version(): Promise<string> {
  return ((await (await fetch(`${base}/preview/version`)).json()) as { version: string }).version;
}

function frames(body: string) {
  const { document } = parseHTML(body);
  return [...document.querySelectorAll('iframe')].map((f) => ({
    title: f.getAttribute('title') ?? '',
    sandbox: f.getAttribute('sandbox'),
    srcdoc: f.getAttribute('srcdoc') ?? '',
  }));
}

describe('digest dev preview', () => {
  it('shows the sample before any issue exists: desktop, mobile and dark side by side', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('No issue yet');
    const nonce = page.headers.get('content-security-policy')?.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(page.body).toContain(`<script nonce="${nonce}">`);
    const shown = frames(page.body);
    expect(shown.map((f) => f.title)).toEqual(['Desktop · 600 px', 'Mobile · 375 px', 'Dark · 375 px']);
    for (const f of shown) expect(f.sandbox).toBe('');
    expect(shown[0]?.srcdoc).toContain('@media not all {');
    expect(shown[0]?.srcdoc).toContain('<meta name="color-scheme" content="light">');
    expect(shown[2]?.srcdoc).toContain('@media all {');
    expect(shown[2]?.srcdoc).toContain('<meta name="color-scheme" content="dark">');
    expect(shown[0]?.srcdoc).toContain('Lakeport Council Approves Electric Ferry Plan');
  });

  it('shows the newest archived issue, and the version changes with it', async () => {
    const before = await version();
    const issue = sampleIssue([sampleStory(0), sampleStory(2)], { id: 'preview-test-1', list: 'coast' });
    await new FileIssueArchive(dataDir).put({ issue, rendered: renderIssue(issue, RENDER_OPTIONS) });
    expect(await version()).not.toBe(before);
    const page = await get('/');
    expect(page.body).toContain('preview-test-1');
    expect(page.body).not.toContain('No issue yet');
    expect(frames(page.body)[1]?.srcdoc).toContain('University opens night library for exam season');
  });

  it('lists the outbox and shows each message, refusing names outside it', async () => {
    const sub = await fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'reader@example.org' }),
    });
    expect(sub.status).toBe(202);
    // the confirmation mail goes out after the answer
    for (let i = 0; i < 150 && !(await get('/')).body.includes('Confirm your subscription'); i++)
      await new Promise((ok) => setTimeout(ok, 100));
    const page = await get('/');
    const { document } = parseHTML(page.body);
    const link = [...document.querySelectorAll('table a')].find((a) =>
      a.textContent?.startsWith('Confirm your subscription'),
    );
    expect(link).toBeTruthy();
    const href = link!.getAttribute('href')!;
    expect(href).toMatch(/^\/outbox\/[^/]+\.eml$/);

    const message = await get(href);
    expect(message.status).toBe(200);
    expect(message.body).toContain('reader@example.org');
    const [light, dark] = frames(message.body);
    expect(light?.srcdoc).toContain('Confirm subscription');
    expect(dark?.srcdoc).toContain('@media all {');
    expect(message.body).toMatch(/<pre>Someone, hopefully you/);

    const raw = await get(`${href}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(raw.body).toMatch(/^Subject: /m);

    for (const bad of [
      '/outbox/..%2Fsecret',
      '/outbox/..%2F..%2Fsecret%2Eeml',
      '/outbox/a%2Fb.eml',
      '/outbox/.hidden.eml',
      '/outbox/nope.eml',
    ]) {
      expect((await get(bad)).status, bad).toBe(404);
    }
  });

  it('shows a template edit without a rebuild, and keeps the last good templates when one breaks', async () => {
    const file = join(templatesDir, 'digest.mjml');
    const original = readFileSync(file, 'utf8');
    const before = await version();
    writeFileSync(file, original.replace('View this issue in your browser', 'Read this issue on the web'));
    expect(await version()).not.toBe(before);
    let page = await get('/');
    expect(frames(page.body)[0]?.srcdoc).toContain('Read this issue on the web');

    writeFileSync(file, original.replace('<mj-column>', '<mj-column><mj-bogus />'));
    page = await get('/');
    expect(page.body).toContain('Template error');
    expect(frames(page.body)[0]?.srcdoc).toContain('Read this issue on the web');
    writeFileSync(file, original);
  });

  it.skipIf(!chromiumAvailable() && !process.env.CI)(
    'reloads the open page in a browser when a template changes',
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(`${base}/`);
        const file = join(templatesDir, 'digest.mjml');
        const original = readFileSync(file, 'utf8');
        const reloaded = page.waitForEvent('load', { timeout: 20_000 });
        writeFileSync(file, original.replace('View this issue in your browser', 'Open the web version'));
        await reloaded;
        const srcdoc = await page.locator('iframe').first().getAttribute('srcdoc');
        expect(srcdoc).toContain('Open the web version');
        writeFileSync(file, original);
      } finally {
        await browser.close();
      }
    },
  );
});
