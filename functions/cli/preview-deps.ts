/**
 * Wires the `digest dev` preview (handlers/preview.ts) to a local data dir: the newest archived
 * issue under `<data-dir>/issues/`, the outbox, and the templates on disk (DIGEST_TEMPLATES_DIR,
 * default the package's templates/). One set of handlers per LocalDeps.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadArticle } from '../adapters/article-loader.js';
import { FileIssueArchive } from '../adapters/file-issue-archive.js';
import { createLiveTemplates } from '../adapters/live-templates.js';
import { listOutboxMessages, readOutboxMessage } from '../adapters/outbox-reader.js';
import { optionalEnv } from '../config.js';
import { issueOfStories } from '../core/issue-of-stories.js';
import { buildStory } from '../core/story.js';
import type { Issue } from '../core/types.js';
import { createPreviewHandlers, type PreviewHandlers } from '../handlers/preview.js';
import type { LocalDeps } from './local-deps.js';
import { packageRoot } from './package-root.js';
import { cliQuoteLog } from './quote-log.js';

const SAMPLE_ARTICLE = 'functions/cli/samples/harbour-ferry.txt';
const cache = new WeakMap<LocalDeps, PreviewHandlers>();

function isIssue(value: unknown): value is Issue {
  const v = value as Issue | null;
  return Boolean(
    v && typeof v.id === 'string' && Array.isArray(v.stories) && typeof v.createdAt === 'string',
  );
}

/** The newest complete issue of the file archive (`<data-dir>/issues/<id>.json`, written last). */
async function latestArchivedIssue(dataDir: string): Promise<{ issue: Issue; stamp: string } | null> {
  const archive = new FileIssueArchive(dataDir);
  let names: string[];
  try {
    names = (await readdir(archive.dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const dated = await Promise.all(
    names.map(async (name) => ({
      id: name.slice(0, -'.json'.length),
      mtime: await stat(join(archive.dir, name)).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    })),
  );
  dated.sort((a, b) => b.mtime - a.mtime || b.id.localeCompare(a.id));
  for (const { id, mtime } of dated) {
    const entry = await archive.get(id).catch(() => null);
    if (entry && isIssue(entry.issue)) return { issue: entry.issue, stamp: `${id}:${mtime}` };
  }
  return null;
}

export function previewHandlers(deps: LocalDeps): PreviewHandlers {
  const existing = cache.get(deps);
  if (existing) return existing;
  const root = packageRoot();
  let sample: Promise<Issue> | null = null;
  const handlers = createPreviewHandlers({
    latestIssue: () => latestArchivedIssue(deps.dataDir),
    sampleIssue: () => {
      sample ??= loadArticle(join(root, SAMPLE_ARTICLE)).then((article) =>
        issueOfStories([buildStory(article, { log: cliQuoteLog })], {
          list: 'default',
          now: deps.clock.now(),
        }),
      );
      return sample;
    },
    templates: createLiveTemplates(
      optionalEnv('DIGEST_TEMPLATES_DIR', deps.env) ?? join(root, 'templates'),
      join(root, 'scripts/compile-templates.mjs'),
    ),
    outbox: {
      list: (limit) => listOutboxMessages(deps.dataDir, limit),
      read: (name) => readOutboxMessage(deps.dataDir, name),
    },
    baseUrl: () => deps.baseUrl(),
    postalAddress: deps.mail.postalAddress,
    from: deps.mail.from,
    lists: () => deps.lists.list(),
  });
  cache.set(deps, handlers);
  return handlers;
}
