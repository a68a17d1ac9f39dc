/**
 * A story with nothing left to send: an editor dropped every key point and every quote of it. An issue that carries
 * one is not sent (use-cases/console-issues.ts `sendNow`, use-cases/briefing-drafts.ts `startApproval`): the editor
 * drops that story first. Its own module, so that the approve function bundles no more than this. Pure.
 */
import type { Issue } from './types.js';

export interface EmptyStory {
  /** Its index in the issue (0 is the lead). */
  story: number;
  title: string | null;
  url: string | null;
}

/**
 * The stories of the issue with no key point and no quote, in order.
 * @example emptyStories(issue) // [{ story: 1, title: 'Storm warning for the coast', url: null }]
 */
export function emptyStories(issue: Issue): EmptyStory[] {
  return issue.stories.flatMap((s, story) =>
    s.keyPoints.length === 0 && s.quotes.length === 0 ? [{ story, title: s.title, url: s.url }] : [],
  );
}

/** The story as the editor knows it: `story 2 (“Storm warning for the coast”)`. */
export function nameOfStory(empty: EmptyStory): string {
  const name = empty.title?.trim() || empty.url;
  return name ? `story ${empty.story + 1} (“${name}”)` : `story ${empty.story + 1}`;
}
