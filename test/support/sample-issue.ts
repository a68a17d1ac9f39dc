/**
 * Fictional articles of our own, turned into stories with real offsets (quotes verbatim from
 * `source`), for the rendering tests. Built by hand rather than through the summarizer so that the
 * rendering tests do not move when the summarizer improves.
 */
import type { Issue, KeyPoint, Quote, Story } from '../../functions/core/types.js';

function span(source: string, text: string): { start: number; end: number } {
  const start = source.indexOf(text);
  if (start < 0) throw new Error(`sample text not in source: ${text}`);
  return { start, end: start + text.length };
}

export interface SampleArticle {
  title: string | null;
  url: string | null;
  byline?: string | null;
  published?: string | null;
  /** Sentences of the body; those listed in `points` become key points. */
  body: string;
  points: string[];
  quotes: { text: string; speaker: string | null; role: string | null }[];
}

export function storyFrom(article: SampleArticle): Story {
  const source = `${article.title ?? ''}\n\n${article.body}`;
  const keyPoints: KeyPoint[] = article.points.map((text) => ({ text, ...span(source, text) }));
  const quotes: Quote[] = article.quotes.map((q) => ({ ...q, ...span(source, q.text) }));
  return {
    title: article.title,
    url: article.url,
    byline: article.byline ?? null,
    published: article.published ?? null,
    source,
    keyPoints,
    quotes,
    allQuotes: quotes,
  };
}

export const HARBOUR: SampleArticle = {
  title: 'Harbour town votes to rebuild its storm wall before winter',
  url: 'https://news.example.org/coast/harbour-wall?ref=home#comments',
  byline: 'By Ada Marsh',
  published: '26 November 2026',
  body: [
    'The council of Port Ellery voted 7 to 2 on Tuesday to rebuild the storm wall that failed in the October surge, committing 4.2 million euros from its reserve fund.',
    'Work is due to start on 1 December and to finish before the spring tides, the council said.',
    '"We cannot ask people to sleep behind a wall we know is broken," said Mara Quist, the mayor of Port Ellery, after the vote.',
    'Two councillors argued that the town should wait for a regional grant, which could cover half of the cost but would not arrive before 2028.',
    '"Waiting for the grant means betting the harbour on a calm winter," said Tomas Reyne, the harbour master.',
    'Residents on the seafront will be asked to move their cars during the works.',
  ].join(' '),
  points: [
    'The council of Port Ellery voted 7 to 2 on Tuesday to rebuild the storm wall that failed in the October surge, committing 4.2 million euros from its reserve fund.',
    'Work is due to start on 1 December and to finish before the spring tides, the council said.',
    'Two councillors argued that the town should wait for a regional grant, which could cover half of the cost but would not arrive before 2028.',
  ],
  quotes: [
    {
      text: 'We cannot ask people to sleep behind a wall we know is broken,',
      speaker: 'Mara Quist',
      role: 'mayor of Port Ellery',
    },
    {
      text: 'Waiting for the grant means betting the harbour on a calm winter,',
      speaker: 'Tomas Reyne',
      role: 'harbour master',
    },
  ],
};

const TOPICS = [
  ['Rail line to the valley reopens after landslide repairs', 'rail', 'Ines Darrow', 'operations director'],
  ['University opens night library for exam season', 'campus', 'Paul Okafor', 'head librarian'],
  ['Fishing quota talks stall over cod stocks', 'sea', 'Lena Holt', 'fisheries minister'],
  ['City tests quiet asphalt on its busiest ring road', 'city', 'Ravi Menon', 'traffic engineer'],
  ['Orchard growers report the earliest apple harvest on record', 'farms', null, null],
] as const;

/** A varied, realistic story (numbered) for multi-story issues. */
export function sampleStory(n: number): Story {
  if (n === 0) return storyFrom(HARBOUR);
  const [title, section, speaker, role] = TOPICS[(n - 1) % TOPICS.length]!;
  const body = [
    `Officials confirmed on Monday that the ${section} project had reached its first milestone after eleven weeks of work, ahead of the schedule set in the spring.`,
    `The project employs about 140 people and is funded jointly by the region and a national infrastructure programme.`,
    `Critics said the budget had grown by a fifth since the plans were first published, and asked for an independent audit before the next phase.`,
    speaker
      ? `"We promised to finish before the holidays and we are on track to do it," said ${speaker}, the ${role}.`
      : 'Growers said the warm September had brought the harvest forward by nearly two weeks.',
    `A public meeting on the next phase is planned for January.`,
  ].join(' ');
  return storyFrom({
    title,
    url: `https://www.example.com/${section}/story-${n}`,
    byline: n % 2 ? `By Reporter ${n}` : null,
    published: '25 November 2026',
    body,
    points: [
      `Officials confirmed on Monday that the ${section} project had reached its first milestone after eleven weeks of work, ahead of the schedule set in the spring.`,
      `The project employs about 140 people and is funded jointly by the region and a national infrastructure programme.`,
      `Critics said the budget had grown by a fifth since the plans were first published, and asked for an independent audit before the next phase.`,
      `A public meeting on the next phase is planned for January.`,
    ],
    quotes: speaker
      ? [{ text: 'We promised to finish before the holidays and we are on track to do it,', speaker, role }]
      : [],
  });
}

export function sampleIssue(stories: Story[], overrides: Partial<Issue> = {}): Issue {
  return {
    id: 'iss-20261126-ab12cd',
    list: 'coastal-weekly',
    subject: stories[0]?.title ?? 'Digest',
    preheader: 'Port Ellery rebuilds its storm wall; the valley rail line reopens.',
    createdAt: '2026-11-26T08:00:00.000Z',
    stories,
    ...overrides,
  };
}

export const RENDER_OPTIONS = {
  baseUrl: 'https://digest.example.org',
  postalAddress: 'Coastal Weekly, 12 Quay Street, Port Ellery 4021, Freedonia',
  listName: 'Coastal Weekly',
} as const;
