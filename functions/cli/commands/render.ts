import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadArticle } from '../../adapters/article-loader.js';
import { renderIssue } from '../../adapters/render-issue.js';
import { issueOfStories } from '../../core/issue-of-stories.js';
import { buildStory } from '../../core/story.js';
import { cliEnv, cliSwitches } from '../cli-env.js';
import { CliError } from '../cli-error.js';
import { cliQuoteLog } from '../quote-log.js';
import { subjectOption } from '../subject-option.js';

interface RenderCommandOptions {
  out?: string;
  list: string;
  subject?: string;
  dataDir?: string;
}

const allowLoopback = () => cliSwitches().DIGEST_ALLOW_LOOPBACK;

/** Writes a file whole: a reader never sees half of it. */
async function writeWhole(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, path);
}

const kb = (text: string) => `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;

export function register(program: Command): void {
  program
    .command('render')
    .description('Render articles into one digest email: issue.html, issue.txt and issue.json in --out')
    .argument('<inputs...>', 'article files or http(s) URLs, one story each, in this order')
    .option('--out <dir>', 'folder to write issue.html, issue.txt and issue.json into (created if missing)')
    .option('--list <name>', 'the list the issue is for', 'default')
    .option('--subject <text>', 'subject line (default: the first story’s title)')
    .option('--data-dir <dir>', 'data dir whose dev server the links point at (default .digest)')
    .action(async (inputs: string[], opts: RenderCommandOptions) => {
      if (!opts.out)
        throw new CliError('--out DIR is required: the folder for issue.html, issue.txt and issue.json', {
          exitCode: 2,
        });
      const subject = subjectOption(opts.subject);
      const stories = [];
      for (const input of inputs) {
        const article = await loadArticle(input, { allowLoopback: allowLoopback() });
        stories.push(buildStory(article, { log: cliQuoteLog }));
      }
      // Loaded lazily: the local runtime pulls in the DynamoDB client, which other commands never need.
      const { baseUrl, mailSettings, resolveDataDir } = await import('../../adapters/local-runtime.js');
      const issue = issueOfStories(stories, {
        list: opts.list,
        now: new Date(),
        subject: subject ?? null,
      });
      const rendered = renderIssue(issue, {
        baseUrl: baseUrl(resolveDataDir(opts.dataDir, cliEnv()), cliEnv()),
        postalAddress: mailSettings(cliEnv()).postalAddress,
      });
      const out = resolve(opts.out);
      await mkdir(out, { recursive: true });
      const files: [string, string][] = [
        ['issue.html', rendered.html],
        ['issue.txt', rendered.text],
        ['issue.json', `${JSON.stringify(issue, null, 2)}\n`],
      ];
      for (const [name, content] of files) await writeWhole(join(out, name), content);
      process.stdout.write(
        `issue ${issue.id}: ${stories.length} ${stories.length === 1 ? 'story' : 'stories'}, "${rendered.subject}"\n` +
          files.map(([name, content]) => `  ${join(out, name)} (${kb(content)})\n`).join(''),
      );
    });
}
