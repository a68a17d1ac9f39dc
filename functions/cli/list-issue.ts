/**
 * An issue as a list's subscribers get it, for every command that composes or renders one: `digest send` (and its
 * `--test-to` copy), `digest render` and `digest briefing`, locally and against the deployed service. The stories
 * are composed under the list's title, and the issue is rendered with the list's title, sender, footer, subject
 * prefix, logo, accent and time zone. One place, so that `digest render` previews exactly what `digest send` sends.
 */
import { loadArticle } from '../adapters/article-loader.js';
import { type RenderOptions, renderIssue } from '../adapters/render-issue.js';
import { issueOfStories } from '../core/issue-of-stories.js';
import { presentList } from '../core/newsletter-list.js';
import { buildStory } from '../core/story.js';
import type { Issue, RenderedIssue } from '../core/types.js';
import type { NewsletterList } from '../ports/list-store.js';
import { cliSwitches } from './cli-env.js';
import { cliQuoteLog } from './quote-log.js';

/** Where a rendered issue's links point, and the deployment's sender and footer behind the list's own. */
export interface ListRenderContext {
  baseUrl: string;
  mail: { from: string; postalAddress: string };
}

/** The render settings of an issue for this list: what `renderIssue` needs to show it as the list's. */
export function listRenderOptions(list: NewsletterList, context: ListRenderContext): RenderOptions {
  return { baseUrl: context.baseUrl, ...presentList(list, context.mail) };
}

/**
 * Renders an issue once, as the list's subscribers get it (per-recipient links left as placeholders). `webVersion:
 * false` for a copy of an issue that is not on the web (a test copy, `digest render`): no "view in browser" link.
 */
export function renderForList(
  issue: Issue,
  list: NewsletterList,
  context: ListRenderContext,
  options: { webVersion?: boolean } = {},
): RenderedIssue {
  return renderIssue(issue, { ...listRenderOptions(list, context), ...options });
}

/**
 * An issue of one story per input (a file, an http(s) URL or `-`), in this order, for the list: without
 * `subject`, the lead story's title, else the list's title.
 */
export async function composeForList(
  inputs: readonly string[],
  list: NewsletterList,
  options: { now: Date; subject?: string | null; topic?: string },
): Promise<Issue> {
  const stories = [];
  for (const input of inputs) {
    const article = await loadArticle(input, { allowLoopback: cliSwitches().DIGEST_ALLOW_LOOPBACK });
    stories.push(buildStory(article, { log: cliQuoteLog }));
  }
  return issueOfStories(stories, {
    list: list.id,
    listTitle: list.title,
    now: options.now,
    subject: options.subject ?? null,
    ...(options.topic ? { topic: options.topic } : {}),
  });
}
