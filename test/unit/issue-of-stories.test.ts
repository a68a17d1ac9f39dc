import { describe, expect, it } from 'vitest';
import { issueIdFor, issueOfStories } from '../../functions/core/issue-of-stories.js';
import { HARBOUR, sampleStory } from '../support/sample-issue.js';

const NOW = new Date('2026-11-26T08:00:00.000Z');

describe('issueOfStories', () => {
  it.each([
    { name: 'one story', stories: [sampleStory(0)], subject: undefined, out: HARBOUR.title },
    {
      name: 'three stories',
      stories: [0, 1, 2].map(sampleStory),
      subject: undefined,
      out: `${HARBOUR.title} +2 more`,
    },
    {
      name: 'subject given',
      stories: [sampleStory(0)],
      subject: '  Friday\nbriefing ',
      out: 'Friday briefing',
    },
    { name: 'blank subject falls back', stories: [sampleStory(0)], subject: '  ', out: HARBOUR.title },
  ])('$name', ({ stories, subject, out }) => {
    const issue = issueOfStories(stories, { list: 'coast', now: NOW, subject });
    expect(issue.subject).toBe(out);
    expect(issue.stories).toEqual(stories);
    expect(issue.createdAt).toBe(NOW.toISOString());
    expect(issue.preheader.length).toBeGreaterThan(0);
    expect(issue.id).toMatch(/^20261126-[0-9a-f]{12}$/);
  });

  it('needs a story', () => {
    expect(() => issueOfStories([], { list: 'coast', now: NOW })).toThrow(/at least one story/);
  });

  it('the id depends on content, order, list and time, and on nothing else', () => {
    const a = [sampleStory(0), sampleStory(1)];
    const id = issueIdFor(a, 'coast', NOW);
    expect(issueIdFor([sampleStory(0), sampleStory(1)], 'coast', NOW)).toBe(id);
    expect(issueIdFor([sampleStory(1), sampleStory(0)], 'coast', NOW)).not.toBe(id);
    expect(issueIdFor(a, 'other', NOW)).not.toBe(id);
    expect(issueIdFor(a, 'coast', new Date(NOW.getTime() + 1))).not.toBe(id);
    expect(
      issueIdFor([{ ...sampleStory(0), source: `${sampleStory(0).source} ` }, sampleStory(1)], 'coast', NOW),
    ).not.toBe(id);
  });
});
