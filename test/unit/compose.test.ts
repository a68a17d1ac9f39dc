import { describe, expect, it } from 'vitest';
import {
  alreadySent,
  type Candidate,
  composeIssue,
  fingerprintOf,
  jaccard,
  minhash,
  minhashSimilarity,
  normalizeUrl,
  preheaderFor,
  shingles,
  storyClaimKey,
  storyOf,
  subjectFor,
} from '../../functions/core/compose.js';
import type { Story } from '../../functions/core/types.js';

const NOW = new Date('2026-03-10T07:00:00Z');

const HARBOUR =
  'The Port of Lindqvist reopened its northern harbour on Monday after six weeks of dredging work. ' +
  'Harbour master Ilse Varga said the channel now takes ships of up to twelve metres draught. ' +
  '"We have been waiting for this since the storm," Varga said. Fishing crews returned before dawn.';
const HARBOUR_REWRITE =
  'The Port of Lindqvist reopened its northern harbour on Monday after six weeks of dredging work. ' +
  'Harbour master Ilse Varga said the channel now takes ships of up to twelve metres draught. ' +
  '"We have been waiting for this since the storm," Varga said. Fishing crews were back before sunrise.';
const LIBRARY =
  'The city library in Ostrava Nova will open on Sundays from April, the council decided on Tuesday. ' +
  'Councillor Petr Hale said the extra hours would cost less than the heating of the old annex. ' +
  '"People asked for it at every meeting," Hale said.';
const BRIDGE =
  'Engineers closed the Veldt bridge to lorries after an inspection found corrosion in two bearings. ' +
  'Cars may still cross at thirty kilometres an hour while repairs are planned for the summer.';
const MARKET =
  'The covered market on Grain Street celebrated its hundredth year with a parade of traders. ' +
  'Stallholder Amara Ode said her family has sold cheese there for four generations.';
const TRAM =
  'A new tram line between the station and the university campus carried its first passengers. ' +
  'The operator expects nine thousand trips a day once the term begins.';
const PARK =
  'Volunteers planted four hundred oak saplings in Riverside Park over the weekend. ' +
  'The parks department will water them through the first dry summer.';

function story(title: string | null, url: string | null, source: string, extra: Partial<Story> = {}): Story {
  return {
    title,
    url,
    byline: null,
    published: null,
    source,
    keyPoints: [],
    quotes: [],
    allQuotes: [],
    ...extra,
  };
}

function cand(s: Story, over: Partial<Omit<Candidate, 'story'>> = {}): Candidate {
  return {
    story: s,
    guid: null,
    sourceId: 'https://feeds.example.org/rss',
    origin: 'feed',
    arrivedAt: NOW.toISOString(),
    ...over,
  };
}

const base = { list: 'default', issueId: 'iss-1', now: NOW, notBefore: '2026-03-09T07:00:00Z', seen: [] };

describe('normalizeUrl', () => {
  it.each([
    ['HTTPS://News.Example.ORG/a/b?utm_source=x&utm_medium=y#top', 'https://news.example.org/a/b'],
    ['https://news.example.org:443/a?b=2&a=1&fbclid=zz', 'https://news.example.org/a?a=1&b=2'],
    ['http://example.org', 'http://example.org/'],
    ['https://example.org/Path/Case', 'https://example.org/Path/Case'],
    ['ftp://example.org/x', null],
    ['not a url', null],
    [null, null],
  ])('%s → %s', (input, out) => {
    expect(normalizeUrl(input)).toBe(out);
  });
});

describe('shingles and similarity', () => {
  it.each([
    { a: HARBOUR, b: HARBOUR, min: 1, max: 1 },
    { a: HARBOUR, b: HARBOUR_REWRITE, min: 0.6, max: 0.99 },
    { a: HARBOUR, b: LIBRARY, min: 0, max: 0.05 },
    { a: 'Short one', b: 'short ONE!', min: 1, max: 1 },
    { a: '', b: '', min: 0, max: 0 },
  ])('jaccard within [$min, $max]', ({ a, b, min, max }) => {
    const j = jaccard(shingles(a), shingles(b));
    expect(j).toBeGreaterThanOrEqual(min);
    expect(j).toBeLessThanOrEqual(max);
  });

  it('minhash estimates jaccard', () => {
    const a = shingles(HARBOUR);
    const b = shingles(HARBOUR_REWRITE);
    const estimate = minhashSimilarity(minhash(a)!, minhash(b)!);
    expect(Math.abs(estimate - jaccard(a, b))).toBeLessThan(0.2);
    expect(minhashSimilarity(minhash(a)!, minhash(shingles(LIBRARY))!)).toBeLessThan(0.15);
    expect(minhash(new Set())).toBeNull();
  });
});

describe('subject and preheader', () => {
  it.each([
    { titles: ['Harbour reopens'], out: 'Harbour reopens' },
    { titles: ['Harbour reopens', 'Library', 'Bridge'], out: 'Harbour reopens +2 more' },
    { titles: [null, 'Library'], out: 'The default briefing +1 more' },
    { titles: ['  Spaced\n  title  '], out: 'Spaced title' },
  ])('$titles → $out', ({ titles, out }) => {
    expect(
      subjectFor(
        titles.map((title) => ({ title })),
        'default',
      ),
    ).toBe(out);
  });

  it.each([
    { titles: [null], listTitle: 'T2', out: 'T2' },
    { titles: [null, 'Library'], listTitle: 'The Harbour Brief', out: 'The Harbour Brief +1 more' },
    { titles: ['Harbour reopens'], listTitle: 'T2', out: 'Harbour reopens' },
    { titles: [null], listTitle: '  The\n Harbour  Brief ', out: 'The Harbour Brief' },
    { titles: [null], listTitle: null, out: 'The town2 briefing' },
    { titles: [null], listTitle: ' ', out: 'The town2 briefing' },
  ])('an untitled lead takes the list title: $titles, $listTitle → $out', ({ titles, listTitle, out }) => {
    expect(
      subjectFor(
        titles.map((title) => ({ title })),
        'town2',
        listTitle,
      ),
    ).toBe(out);
  });

  it('truncates a long lead title on a word boundary', () => {
    const long = `${'Council debates the future of the '.repeat(6)}harbour`;
    const subject = subjectFor([{ title: long }, { title: 'x' }], 'default');
    expect(subject.endsWith('… +1 more')).toBe(true);
    expect(subject.length).toBeLessThanOrEqual(100);
  });

  it.each([
    { name: 'an emoji', title: `${'海'.repeat(88)}🌊🌊🌊 港の再開`, kept: `${'海'.repeat(88)}…` },
    {
      name: 'a CJK extension B character',
      title: `${'港'.repeat(88)}${'𠀋'.repeat(5)}`,
      kept: `${'港'.repeat(88)}…`,
    },
  ])(
    'a title without spaces is never cut inside $name (no lone surrogate in the subject)',
    ({ title, kept }) => {
      const subject = subjectFor([{ title }], 'default');
      expect(subject).toBe(kept);
      expect(subject).not.toMatch(/[\uD800-\uDFFF]/u); // no lone surrogate
      expect(Buffer.from(subject, 'utf8').toString('utf8')).toBe(subject);
    },
  );

  it('preheader lists the other titles, or the lead key point when alone', () => {
    expect(preheaderFor([story('A', null, 'x'), story('B', null, 'y'), story('C', null, 'z')])).toBe(
      'Also: B · C',
    );
    const alone = story('A', null, HARBOUR, {
      keyPoints: [{ text: 'The harbour reopened.', start: 0, end: 10 }],
    });
    expect(preheaderFor([alone])).toBe('The harbour reopened.');
  });
});

describe('composeIssue', () => {
  const cases: {
    name: string;
    candidates: Candidate[];
    opts?: Partial<Parameters<typeof composeIssue>[1]>;
    titles?: (string | null)[];
    empty?: RegExp;
    dropped?: Record<string, number>;
  }[] = [
    { name: 'nothing arrived', candidates: [], empty: /^nothing new: 0 items read$/ },
    {
      name: 'same URL modulo utm, fragment and host case',
      candidates: [
        cand(story('Harbour reopens', 'https://News.example.org/harbour?utm_source=rss#x', HARBOUR), {
          guid: 'g1',
        }),
        cand(story('Harbour reopens', 'https://news.example.org/harbour', `${HARBOUR} Updated.`), {
          sourceId: 'https://other.example.org/atom',
          guid: 'g1',
        }),
      ],
      titles: ['Harbour reopens'],
      dropped: { 'duplicate-url': 1 },
    },
    {
      name: 'GUID changed but URL did not: one story',
      candidates: [
        cand(story('Library opens Sundays', 'https://news.example.org/library', LIBRARY), {
          guid: 'tag:a,2026:1',
        }),
        cand(story('Library opens Sundays', 'https://news.example.org/library', LIBRARY), {
          guid: 'tag:a,2026:1-v2',
        }),
      ],
      titles: ['Library opens Sundays'],
      dropped: { 'duplicate-url': 1 },
    },
    {
      name: 'same GUID in the same feed, different URL',
      candidates: [
        cand(story('Bridge closed', 'https://news.example.org/bridge', BRIDGE), { guid: '42' }),
        cand(story('Bridge closed to lorries', 'https://news.example.org/bridge-2', `${BRIDGE} More.`), {
          guid: '42',
        }),
      ],
      titles: ['Bridge closed to lorries'],
      dropped: { 'duplicate-guid': 1 },
    },
    {
      name: 'same GUID in two different feeds is not a duplicate',
      candidates: [
        cand(story('Bridge closed', 'https://a.example.org/1', BRIDGE), { guid: '1', sourceId: 'a' }),
        cand(story('Market turns 100', 'https://b.example.org/1', MARKET), { guid: '1', sourceId: 'b' }),
      ],
      titles: ['Bridge closed', 'Market turns 100'], // the longer text first
    },
    {
      name: 'near-duplicate text under another URL',
      candidates: [
        cand(story('Harbour reopens', 'https://a.example.org/harbour', HARBOUR)),
        cand(story('Northern harbour open again', 'https://b.example.org/port', HARBOUR_REWRITE)),
        cand(story('Library opens Sundays', 'https://a.example.org/library', LIBRARY)),
      ],
      dropped: { 'near-duplicate': 1 },
    },
    {
      name: 'already sent by URL, GUID or text',
      candidates: [
        cand(story('Harbour', 'https://a.example.org/harbour?utm_campaign=z', HARBOUR)),
        cand(story('Bridge', 'https://a.example.org/bridge', BRIDGE), { guid: 'b-1' }),
        cand(story('Market', 'https://c.example.org/market-copy', MARKET)),
        cand(story('Tram', 'https://a.example.org/tram', TRAM)),
      ],
      opts: {
        seen: [
          { url: 'https://a.example.org/harbour', guid: null, minhash: null },
          { url: null, guid: 'https://feeds.example.org/rss b-1', minhash: null },
          {
            url: 'https://a.example.org/market',
            guid: null,
            minhash: minhash(shingles(`Market\n${MARKET}`)),
          },
        ],
      },
      titles: ['Tram'],
      dropped: { 'already-sent': 3 },
    },
    {
      name: 'everything already sent → empty with a reason',
      candidates: [cand(story('Harbour', 'https://a.example.org/harbour', HARBOUR))],
      opts: { seen: [{ url: 'https://a.example.org/harbour', guid: null, minhash: null }] },
      empty: /^nothing new: 1 item read, 1 already sent$/,
    },
    {
      name: 'dated feed items published before notBefore (the maximum age) are dropped; undated ones stay',
      candidates: [
        cand(
          story('Old bridge news', 'https://a.example.org/b', BRIDGE, { published: '2026-03-08T10:00:00Z' }),
        ),
        cand(story('Undated market', 'https://a.example.org/m', MARKET)),
      ],
      titles: ['Undated market'],
      dropped: { 'too-old': 1 },
    },
    {
      name: 'cap: default five stories, over-cap reported',
      candidates: [HARBOUR, LIBRARY, BRIDGE, MARKET, TRAM, PARK].map((t, i) =>
        cand(story(`S${i}`, `https://a.example.org/${i}`, t)),
      ),
      dropped: { 'over-cap': 1 },
    },
    {
      name: 'cap option',
      candidates: [HARBOUR, LIBRARY, BRIDGE].map((t, i) =>
        cand(story(`S${i}`, `https://a.example.org/${i}`, t)),
      ),
      opts: { maxStories: 2 },
      dropped: { 'over-cap': 1 },
    },
    {
      name: 'order: recent beats old, queued pick beats feed item of the same age',
      candidates: [
        cand(story('Yesterday', 'https://a.example.org/1', PARK, { published: '2026-03-09T08:00:00Z' })),
        cand(story('This morning', 'https://a.example.org/2', TRAM, { published: '2026-03-10T06:00:00Z' })),
        cand(story('Queued', 'https://a.example.org/3', MARKET), {
          origin: 'queue',
          arrivedAt: '2026-03-10T06:00:00Z',
        }),
      ],
      titles: ['Queued', 'This morning', 'Yesterday'],
    },
    {
      name: 'order: quotes and length raise a story',
      candidates: [
        cand(story('Plain', 'https://a.example.org/p', PARK)),
        cand(
          story('Quoted', 'https://a.example.org/q', LIBRARY, {
            quotes: [
              {
                text: 'People asked for it at every meeting,',
                start: 0,
                end: 1,
                speaker: 'Petr Hale',
                role: null,
              },
            ],
            allQuotes: [
              {
                text: 'People asked for it at every meeting,',
                start: 0,
                end: 1,
                speaker: 'Petr Hale',
                role: null,
              },
            ],
          }),
        ),
      ],
      titles: ['Quoted', 'Plain'],
    },
  ];

  it.each(cases)('$name', ({ candidates, opts, titles, empty, dropped }) => {
    const result = composeIssue(candidates, { ...base, ...opts });
    if (empty) {
      expect(result.kind).toBe('empty');
      if (result.kind === 'empty') expect(result.reason).toMatch(empty);
      return;
    }
    expect(result.kind).toBe('issue');
    if (result.kind !== 'issue') return;
    if (titles) expect(result.issue.stories.map((s) => s.title)).toEqual(titles);
    const counts: Record<string, number> = {};
    for (const d of result.dropped) counts[d.reason] = (counts[d.reason] ?? 0) + 1;
    expect(counts).toEqual(dropped ?? {});
    expect(result.issue.stories.length).toBe(result.included.length);
    expect(result.fingerprints.length).toBe(result.included.length);
    expect(result.issue.stories.length).toBeLessThanOrEqual(opts?.maxStories ?? 5);
  });

  it('builds subject, preheader, id and createdAt', () => {
    const result = composeIssue(
      [
        cand(
          story('Harbour reopens', 'https://a.example.org/h', HARBOUR, { published: '2026-03-10T06:30:00Z' }),
        ),
        cand(story('Library opens Sundays', 'https://a.example.org/l', LIBRARY)),
      ],
      base,
    );
    expect(result.kind).toBe('issue');
    if (result.kind !== 'issue') return;
    expect(result.issue).toMatchObject({
      id: 'iss-1',
      list: 'default',
      subject: 'Harbour reopens +1 more',
      preheader: 'Also: Library opens Sundays',
      createdAt: NOW.toISOString(),
    });
  });

  it('a composed issue fed back as seen makes the next run empty', () => {
    const candidates = [
      cand(story('Harbour', 'https://a.example.org/h', HARBOUR), { guid: 'h' }),
      cand(story('Tram', 'https://a.example.org/t', TRAM), { guid: 't' }),
    ];
    const first = composeIssue(candidates, base);
    expect(first.kind).toBe('issue');
    if (first.kind !== 'issue') return;
    const second = composeIssue(candidates, { ...base, seen: first.fingerprints });
    expect(second.kind).toBe('empty');
    expect(
      alreadySent({ url: 'https://A.example.org/h#frag', guid: null, sourceId: 'x' }, first.fingerprints),
    ).toBe(true);
    expect(fingerprintOf(candidates[0]!).guid).toBe('https://feeds.example.org/rss h');
  });
});

describe('stories in a pending draft, stories an editor dropped', () => {
  it('a story waiting in a draft is left out as in-draft, not as already sent', () => {
    const harbour = cand(story('Harbour', 'https://a.example.org/h', HARBOUR));
    const out = composeIssue([harbour, cand(story('Tram', 'https://a.example.org/t', TRAM))], {
      ...base,
      inDrafts: [fingerprintOf(harbour)],
    });
    expect(out.kind === 'issue' && out.issue.stories.map((s) => s.title)).toEqual(['Tram']);
    expect(out.dropped.map((d) => d.reason)).toEqual(['in-draft']);
  });

  it('a feed item an editor dropped stays out; the same article queued is eligible again', () => {
    const dropped = [fingerprintOf(cand(story('Harbour', 'https://a.example.org/h', HARBOUR)))];
    const fromFeed = composeIssue([cand(story('Harbour', 'https://a.example.org/h', HARBOUR))], {
      ...base,
      editorDropped: dropped,
    });
    expect(fromFeed).toMatchObject({ kind: 'empty', dropped: [{ reason: 'dropped-by-editor' }] });
    const queued = cand(story('Harbour', 'https://a.example.org/h', HARBOUR), {
      origin: 'queue',
      sourceId: 'queue',
    });
    const again = composeIssue([queued], { ...base, editorDropped: dropped });
    expect(again.kind === 'issue' && again.issue.stories.map((s) => s.title)).toEqual(['Harbour']);
    // only a story that was sent keeps a queued article out
    expect(composeIssue([queued], { ...base, seen: dropped })).toMatchObject({ kind: 'empty' });
  });

  it('finds the story a fingerprint was taken of by its URL, else by its text; claims it under one key', () => {
    const withUrl = cand(story('Harbour', 'https://a.example.org/h?utm_source=x', HARBOUR), { guid: 'h' });
    const noUrl = cand(story('Tram', null, TRAM), { guid: 't' });
    const stories = [withUrl.story, noUrl.story];
    expect(storyOf(stories, fingerprintOf(withUrl))).toBe(withUrl.story);
    expect(storyOf(stories, fingerprintOf(noUrl))).toBe(noUrl.story);
    expect(storyOf([withUrl.story], fingerprintOf(noUrl))).toBeNull();
    expect(storyClaimKey(fingerprintOf(withUrl))).toBe('url https://a.example.org/h');
    expect(storyClaimKey(fingerprintOf(noUrl))).toBe('guid https://feeds.example.org/rss t');
    expect(storyClaimKey({ url: null, guid: null, minhash: [1, 2] })).toBe('text 1.2');
  });
});
