/**
 * `npm run screenshots`: renders the seed article of the evaluation kit (../shared/fixtures beside the repository,
 * read at run time, never copied into the repo; without the kit, the built-in sample article) as a digest and photographs it in headless Chromium for the README:
 * docs/screenshots/light.png (600 px), dark.png (600 px, dark scheme), mobile.png (375 px).
 * It also runs the visual audit of the e2e tests and fails when the email would not pass it, and photographs the
 * admin console (scripts/console-screenshots.ts: docs/screenshots/console-*.png).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArticle } from '../functions/adapters/article-loader.js';
import { renderIssue } from '../functions/adapters/render-issue.js';
import { issueOfStories } from '../functions/core/issue-of-stories.js';
import { buildStory } from '../functions/core/story.js';
import { auditPage, chromiumAvailable, launchChromium, openEmail } from '../test/support/visual-audit.js';
import { consoleScreenshots } from './console-screenshots.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = join(root, '../shared/fixtures/articles/kenya-haiti-mss.txt');
const FIXTURE = existsSync(SEED) ? SEED : join(root, 'functions/cli/samples/harbour-ferry.txt');
const OUT = join(root, 'docs/screenshots');
const SHOTS = [
  { file: 'light.png', width: 600, colorScheme: 'light' },
  { file: 'dark.png', width: 600, colorScheme: 'dark' },
  { file: 'mobile.png', width: 375, colorScheme: 'light' },
] as const;

async function main(): Promise<void> {
  if (!chromiumAvailable()) throw new Error('needs /usr/bin/chromium (apt-get install -y chromium)');
  const story = buildStory(await loadArticle(process.argv[2] ?? FIXTURE));
  // A fixed date keeps the pictures stable from run to run; everything else is rendered live.
  const issue = issueOfStories([story], { list: 'default', now: new Date('2026-11-26T07:00:00Z') });
  const { html } = renderIssue(issue, {
    baseUrl: 'https://digest.example.org',
    postalAddress: 'Newsletter Digest, 1 Example Street, 00000 Exampletown',
  });
  mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  const problems: string[] = [];
  try {
    for (const shot of SHOTS) {
      const page = await openEmail(browser, html, shot);
      try {
        await page.screenshot({ path: join(OUT, shot.file), fullPage: true });
        const report = await auditPage(page);
        if (report.scrollWidth > report.clientWidth) problems.push(`${shot.file}: overflows horizontally`);
        for (const l of report.lowContrast)
          problems.push(`${shot.file}: contrast ${l.ratio} for "${l.text}"`);
        for (const c of report.clipped) problems.push(`${shot.file}: cut off: ${c}`);
        for (const i of report.imagesWithoutAlt) problems.push(`${shot.file}: image without alt: ${i}`);
        process.stdout.write(
          `${join('docs/screenshots', shot.file)} (${shot.width} px, ${shot.colorScheme})\n`,
        );
      } finally {
        await page.context().close();
      }
    }
    for (const path of await consoleScreenshots(browser, root, OUT))
      process.stdout.write(`${path.slice(root.length + 1)} (admin console, 1280 px)\n`);
  } finally {
    await browser.close();
  }
  if (problems.length) throw new Error(`the email fails the visual audit:\n${problems.join('\n')}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
