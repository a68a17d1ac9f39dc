import { describe, expect, it } from 'vitest';
import { buildStory } from '../../functions/core/story.js';

const SOURCE =
  'The northern harbour of Port Ellery reopened on Monday after six weeks of dredging work. ' +
  'Harbour master Ilse Varga said the channel now takes ships of up to twelve metres draught. ' +
  '“We have been waiting for this since the storm in March,” Varga said. ' +
  'Fishing crews returned to the quay before dawn, and the first ferry left at nine.';

const article = { title: null, source: SOURCE, url: null, byline: null, published: null };

describe('buildStory with quotes: false', () => {
  it('makes the same key points and looks for no quotation', () => {
    const whole = buildStory(article);
    const pointsOnly = buildStory(article, { quotes: false });
    expect(whole.allQuotes.map((q) => q.speaker)).toEqual(['Ilse Varga']);
    expect(pointsOnly.quotes).toEqual([]);
    expect(pointsOnly.allQuotes).toEqual([]);
    expect(pointsOnly.keyPoints).toEqual(whole.keyPoints);
    expect(pointsOnly.source).toBe(SOURCE);
  });
});
