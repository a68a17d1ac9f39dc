import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, UsageError } from '../cli-error.js';
import { subjectOption } from '../subject-option.js';

interface RenderCommandOptions {
  out?: string;
  list: string;
  subject?: string;
  dataDir?: string;
}

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
    .option(
      '--list <name>',
      'the list the issue is for: its title, sender, footer, accent and subject prefix',
      'default',
    )
    .option('--subject <text>', 'subject line (default: the first story’s title, else the list’s title)')
    .option(
      '--data-dir <dir>',
      'data dir whose lists and dev server the issue uses (default: DIGEST_DATA_DIR or .digest)',
    )
    .action(async (inputs: string[], opts: RenderCommandOptions) => {
      if (!opts.out)
        throw new CliError('--out DIR is required: the folder for issue.html, issue.txt and issue.json', {
          exitCode: 2,
        });
      // Checked before anything is fetched or composed: a file there would only fail the write at the end.
      const isFolder = await stat(opts.out).then(
        (info) => info.isDirectory(),
        () => null,
      );
      if (isFolder === false)
        throw new UsageError(
          `--out ${opts.out} is a file, not a folder: give the folder for issue.html, issue.txt and issue.json`,
        );
      const subject = subjectOption(opts.subject);
      // The list as `digest send` finds it (the data dir's lists table, or the deployed one), and the issue composed
      // and rendered by the same code as `send` uses: the preview is what the list's subscribers get.
      const { withCommandDeps } = await import('../command-deps.js');
      const { requireList } = await import('../../use-cases/require-list.js');
      const { composeForList, renderForList } = await import('../list-issue.js');
      const { issue, rendered } = await withCommandDeps({ dataDir: opts.dataDir }, async (deps) => {
        const list = await requireList(deps.lists, opts.list);
        const issue = await composeForList(inputs, list, { now: deps.clock.now(), subject: subject ?? null });
        // Never archived, so never on the web: no "view in browser" link, and the footer says so.
        const rendered = renderForList(
          issue,
          list,
          { baseUrl: deps.baseUrl(), mail: deps.mail },
          { webVersion: false },
        );
        return { issue, rendered };
      });
      const out = resolve(opts.out);
      await mkdir(out, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
        throw new CliError(`cannot create the folder ${opts.out}: ${error.code ?? error.message}`, {
          cause: error,
        });
      });
      const files: [string, string][] = [
        ['issue.html', rendered.html],
        ['issue.txt', rendered.text],
        ['issue.json', `${JSON.stringify(issue, null, 2)}\n`],
      ];
      for (const [name, content] of files) await writeWhole(join(out, name), content);
      process.stdout.write(
        `issue ${issue.id}: ${issue.stories.length} ${issue.stories.length === 1 ? 'story' : 'stories'}, "${rendered.subject}"\n` +
          files.map(([name, content]) => `  ${join(out, name)} (${kb(content)})\n`).join(''),
      );
    });
}
