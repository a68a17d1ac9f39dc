// The smallest text that is an article: one sentence of at least MIN_SENTENCE_WORDS words, outside page
// furniture. buildStory (the core every entry point uses) refuses anything less with NotAnArticleError, where it
// used to return a story with no key points and no error.
import { describe, expect, it } from 'vitest';
import { MIN_SENTENCE_WORDS } from '../../functions/core/article-text.js';
import { NotAnArticleError } from '../../functions/core/not-an-article-error.js';
import { buildStory } from '../../functions/core/story.js';

const article = (source: string, title: string | null = null) => ({
  title,
  source,
  url: null,
  byline: null,
  published: null,
});

describe('buildStory refuses a text with no sentence an article could be made of', () => {
  it.each([
    { name: 'one word', source: 'Hello', longest: 1 },
    { name: 'one word and a full stop, on its own line', source: '\nFerries.\n', longest: 1 },
    { name: 'three short sentences', source: 'Rivers rose. Rain fell. Roads closed.', longest: 2 },
    { name: 'a run of dashes and two words', source: '— — — — — — Storm warning', longest: 2 },
    {
      name: 'a four-word headline, a byline and a two-word line',
      source: 'Harbour ferry cancelled again\n\nBy Jane Doe\n\nRivers rose.',
      longest: 4,
    },
  ])('$name', ({ source, longest }) => {
    let error: unknown;
    try {
      buildStory(article(source));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotAnArticleError);
    expect((error as Error).message).toBe(
      `not an article: no sentence of ${MIN_SENTENCE_WORDS} words or more to summarize (the longest has ${longest})`,
    );
  });
});

describe('buildStory still summarises a real short article', () => {
  it.each([
    // the two-sentence news brief and the short texts the CLI tests use
    'The mayor opened the new bridge over the Veldt on Friday. Traffic flowed across it within the hour.',
    'The mayor opened the bridge on Friday. "It is finished," she said. Traffic flowed at once.',
    'Rain fell for six days. Rivers rose. Farmers moved cattle to higher ground.',
    'The harbour office said on Tuesday that the night ferry would run late all week.\n',
  ])('%s', (source) => {
    const story = buildStory(article(source));
    expect(story.keyPoints.length).toBeGreaterThan(0);
  });

  it('refuses a script written without spaces, saying why, instead of a digest with no key points', () => {
    // by segmentation the sentence has enough words; the summarizer reads words between spaces
    expect(() => buildStory(article('港の再開は来週の月曜日に予定されていると市の担当者が述べた。'))).toThrow(
      new NotAnArticleError(
        `cannot summarize: no sentence has ${MIN_SENTENCE_WORDS} words separated by spaces (text written without spaces between words, such as Chinese, Japanese or Thai, is not summarized yet)`,
      ),
    );
  });
});
