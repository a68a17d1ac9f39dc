/**
 * An issue made of stories the user chose by hand (`digest render`, `digest send FILE…`): every
 * story, in the order given, with the same subject and preheader rules as a briefing. Pure: the
 * time comes in, and the id is a hash of the content and that time.
 */
import { createHash } from 'node:crypto';
import { preheaderFor, subjectFor } from './compose.js';
import type { Issue, Story } from './types.js';

export interface IssueOfStoriesOptions {
  list: string;
  /** The list's title: the subject when the lead story has no title of its own (compose.ts subjectFor). */
  listTitle?: string | null;
  now: Date;
  /** Overrides the subject made from the stories. */
  subject?: string | null;
  /** Only the list's subscribers of this topic, and those who picked no topic, receive it (`receivesTopic`). */
  topic?: string;
}

/**
 * A stable, sortable issue id: UTC date, then 12 hex digits of a SHA-256 over the list, the
 * time and every story's URL, title and source. The same stories at another time get another id.
 * @example issueIdFor([story], 'default', new Date('2026-11-26T08:00:00Z')) // '20261126-3f9c0a1b2c4d'
 */
export function issueIdFor(stories: readonly Story[], list: string, now: Date): string {
  const hash = createHash('sha256').update(`${list}\n${now.toISOString()}\n`);
  for (const story of stories)
    hash.update(`${story.url ?? ''}\n${story.title ?? ''}\n${story.source}\n\u0000`);
  return `${now.toISOString().slice(0, 10).replaceAll('-', '')}-${hash.digest('hex').slice(0, 12)}`;
}

/** Composes an issue of exactly these stories. */
export function issueOfStories(stories: readonly Story[], options: IssueOfStoriesOptions): Issue {
  if (stories.length === 0) throw new Error('an issue needs at least one story');
  const subject = options.subject?.replace(/\s+/g, ' ').trim();
  return {
    id: issueIdFor(stories, options.list, options.now),
    list: options.list,
    subject: subject || subjectFor(stories, options.list, options.listTitle),
    preheader: preheaderFor([...stories]),
    createdAt: options.now.toISOString(),
    stories: [...stories],
    ...(options.topic ? { topic: options.topic } : {}),
  };
}
