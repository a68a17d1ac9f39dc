import { describe, expect, it } from 'vitest';
import { formatStoryForTerminal } from '../../functions/cli/terminal-view.js';
import { type Candidate, importance } from '../../functions/core/compose.js';
import { attributionOf } from '../../functions/core/render-model.js';
import { attributionLine, shownSpeaker } from '../../functions/core/shown-speaker.js';
import type { Quote, Story } from '../../functions/core/types.js';

const SOURCE =
  'Harbour Freight said on Monday that profits fell. “We expect a better year,” it said. ' +
  '“The channel is open again,” said Ilse Varga, the harbour master.';

function quote(text: string, speaker: string | null, role: string | null = null): Quote {
  const start = SOURCE.indexOf(text);
  return { text, start, end: start + text.length, speaker, role };
}

function story(quotes: Quote[]): Story {
  return {
    title: 'Harbour',
    url: null,
    byline: null,
    published: null,
    source: SOURCE,
    keyPoints: [],
    quotes,
    allQuotes: quotes,
  };
}

describe('shownSpeaker', () => {
  it.each([
    { speaker: 'it', out: null },
    { speaker: 'It', out: null },
    { speaker: ' they ', out: null },
    { speaker: 'He', out: null },
    { speaker: null, out: null },
    { speaker: '  ', out: null },
    { speaker: 'Ilse Varga', out: 'Ilse Varga' },
    // a word that starts like a pronoun is a name
    { speaker: 'Itzhak', out: 'Itzhak' },
    { speaker: 'the company', out: 'the company' },
  ])('$speaker → $out', ({ speaker, out }) => {
    expect(shownSpeaker(speaker)).toBe(out);
  });

  it('an email shows a pronoun alone as unattributed, with the role when there is one', () => {
    expect(attributionOf({ speaker: 'it', role: null })).toBe('Unattributed');
    expect(attributionOf({ speaker: 'they', role: 'the port authority' })).toBe(
      'Unattributed (the port authority)',
    );
    expect(attributionOf({ speaker: 'Ilse Varga', role: 'the harbour master' })).toBe(
      'Ilse Varga, the harbour master',
    );
  });

  it('a role open for a name is shown before the speaker, as the article wrote it', () => {
    expect(attributionOf({ speaker: 'Harbour Freight', role: 'spokesman for' })).toBe(
      'Spokesman for Harbour Freight',
    );
    expect(attributionOf({ speaker: 'Port Ellery', role: "the Gazette's correspondent in" })).toBe(
      "The Gazette's correspondent in Port Ellery",
    );
    // a role that only holds a preposition inside it stays after the name
    expect(attributionOf({ speaker: 'Ilse Varga', role: 'head of the port' })).toBe(
      'Ilse Varga, head of the port',
    );
    expect(attributionLine('it', 'spokesman for')).toBeNull();
  });

  it('the terminal view shows a pronoun alone as an unknown speaker', () => {
    const out = formatStoryForTerminal(
      story([quote('We expect a better year,', 'it'), quote('The channel is open again,', 'Ilse Varga')]),
      { columns: 100 },
    );
    expect(out).toContain('— speaker unknown');
    expect(out).not.toContain('— it');
    expect(out).toContain('— Ilse Varga');
    const spokesman = formatStoryForTerminal(
      story([quote('We expect a better year,', 'Harbour Freight', 'spokesman for')]),
      {
        columns: 100,
      },
    );
    expect(spokesman).toContain('— Spokesman for Harbour Freight');
  });

  it('a pronoun alone is no named speaker when a briefing weighs a story', () => {
    const now = new Date('2026-03-10T07:00:00Z');
    const cand = (s: Story): Candidate => ({
      story: s,
      guid: null,
      sourceId: 'https://feeds.example.org/rss',
      origin: 'feed',
      arrivedAt: now.toISOString(),
    });
    const withPronoun = importance(cand(story([quote('We expect a better year,', 'it')])), now);
    const unattributed = importance(cand(story([quote('We expect a better year,', null)])), now);
    const named = importance(cand(story([quote('We expect a better year,', 'Harbour Freight')])), now);
    expect(withPronoun).toBe(unattributed);
    expect(named).toBeGreaterThan(unattributed);
  });
});
