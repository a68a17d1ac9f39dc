import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS } from '../../functions/core/placeholders.js';
import {
  attributionOf,
  confirmationView,
  dateLabel,
  digestView,
  encodeTextDirective,
  forwardView,
  fragmentLink,
  issueUrl,
  listDisplayName,
  quoteDisplay,
  shownQuotes,
  textDirective,
} from '../../functions/core/render-model.js';
import { HARBOUR, RENDER_OPTIONS, sampleIssue, sampleStory, storyFrom } from '../support/sample-issue.js';

describe('encodeTextDirective (WICG text fragments)', () => {
  it.each([
    { input: 'plain words', out: 'plain%20words' },
    // the directive syntax itself: `-` marks prefix/suffix, `,` separates start and end, `&` separates directives
    { input: 'U.S.-led force', out: 'U.S.%2Dled%20force' },
    { input: 'one, two', out: 'one%2C%20two' },
    { input: 'salt & pepper', out: 'salt%20%26%20pepper' },
    { input: '"quoted" (aside)!', out: '%22quoted%22%20%28aside%29%21' },
    { input: "it's 50% off*", out: 'it%27s%2050%25%20off%2A' },
    { input: 'Nairobi’s “mission”', out: 'Nairobi%E2%80%99s%20%E2%80%9Cmission%E2%80%9D' },
    { input: 'café — ünïcode', out: 'caf%C3%A9%20%E2%80%94%20%C3%BCn%C3%AFcode' },
    { input: 'a#b?c=d/e', out: 'a%23b%3Fc%3Dd%2Fe' },
  ])('$input', ({ input, out }) => {
    expect(encodeTextDirective(input)).toBe(out);
    expect(decodeURIComponent(out)).toBe(input);
  });
});

describe('textDirective', () => {
  it.each([
    { input: 'He left.', out: 'text=He%20left.' },
    { input: '  spaced \n\t out  ', out: 'text=spaced%20out' },
    {
      input: 'one two three four five six seven eight nine ten',
      out: 'text=one%20two%20three%20four%20five%20six%20seven%20eight%20nine%20ten',
    },
    {
      input: 'one two three four five six seven eight nine ten eleven',
      out: 'text=one%20two%20three%20four,eight%20nine%20ten%20eleven',
    },
    {
      input:
        'The U.S.-backed mission, led by Kenya, arrived in Port-au-Prince on Tuesday after months of delay.',
      out: 'text=The%20U.S.%2Dbacked%20mission%2C%20led,after%20months%20of%20delay.',
    },
  ])('$input', ({ input, out }) => {
    expect(textDirective(input)).toBe(out);
  });
});

describe('fragmentLink', () => {
  it.each([
    { url: 'https://x.org/a', text: 'He left.', out: 'https://x.org/a#:~:text=He%20left.' },
    { url: 'https://x.org/a#comments', text: 'He left.', out: 'https://x.org/a#:~:text=He%20left.' },
    { url: 'https://x.org/a?b=1&c=2', text: 'Yes', out: 'https://x.org/a?b=1&c=2#:~:text=Yes' },
    { url: 'HTTPS://X.ORG/a', text: 'Yes', out: 'https://x.org/a#:~:text=Yes' },
    { url: null, text: 'He left.', out: null },
    { url: 'ftp://x.org/a', text: 'He left.', out: null },
    { url: 'javascript:alert(1)', text: 'He left.', out: null },
    { url: 'not a url', text: 'He left.', out: null },
    { url: 'https://x.org/a', text: '   ', out: null },
  ])('$url + $text', ({ url, text, out }) => {
    expect(fragmentLink(url, text)).toBe(out);
  });
});

describe('small helpers', () => {
  it.each([
    { q: { speaker: 'Mara Quist', role: 'mayor of Port Ellery' }, out: 'Mara Quist, mayor of Port Ellery' },
    { q: { speaker: 'Mara Quist', role: null }, out: 'Mara Quist' },
    { q: { speaker: null, role: null }, out: 'Unattributed' },
    { q: { speaker: '  ', role: 'a spokesperson' }, out: 'Unattributed (a spokesperson)' },
  ])('attributionOf $q', ({ q, out }) => {
    expect(attributionOf(q)).toBe(out);
  });

  it.each([
    { input: 'We will stay,', out: 'We will stay.' },
    { input: 'We will stay', out: 'We will stay' },
    { input: 'Will we stay?', out: 'Will we stay?' },
    { input: ' two\n lines ,', out: 'two lines.' },
    // a quotation over several paragraphs: the marks reopening it go, a quotation quoted inside keeps its own
    {
      input: 'We lost.\n\n“Then we won.\n\n“Then we lost again.',
      out: 'We lost. Then we won. Then we lost again.',
    },
    {
      input: 'I back a recall. ‘It’s shocking that anyone would go.',
      out: 'I back a recall. It’s shocking that anyone would go.',
    },
    {
      input: 'It is clear. “They did nothing,” one analyst said.',
      out: 'It is clear. “They did nothing,” one analyst said.',
    },
    { input: 'Fine. ‘No’ was the answer,', out: 'Fine. ‘No’ was the answer.' },
    { input: 'He called it “a disaster.', out: 'He called it “a disaster.' },
  ])('quoteDisplay $input', ({ input, out }) => {
    expect(quoteDisplay(input)).toBe(out);
  });

  it.each([
    { input: '2026-11-26T23:30:00.000Z', out: '26 November 2026' },
    { input: '2026-01-01T00:00:00+02:00', out: '31 December 2025' },
    { input: 'yesterday', out: '' },
  ])('dateLabel $input', ({ input, out }) => {
    expect(dateLabel(input)).toBe(out);
  });

  it.each([
    { base: 'https://d.example.org', id: 'abc', out: 'https://d.example.org/issues/abc' },
    { base: 'https://d.example.org/', id: 'abc', out: 'https://d.example.org/issues/abc' },
    {
      base: 'https://d.example.org/prefix//',
      id: 'a b/c',
      out: 'https://d.example.org/prefix/issues/a%20b%2Fc',
    },
    { base: 'http://127.0.0.1:8787', id: 'x', out: 'http://127.0.0.1:8787/issues/x' },
  ])('issueUrl $base $id', ({ base, id, out }) => {
    expect(issueUrl(base, id)).toBe(out);
  });

  it.each(['', 'digest.example.org', 'javascript:alert(1)', '/issues'])(
    'issueUrl rejects base %j',
    (base) => {
      expect(() => issueUrl(base, 'x')).toThrow(/base URL/);
    },
  );
});

describe('listDisplayName', () => {
  it.each([
    { input: 'default', out: 'Newsletter Digest' },
    { input: '', out: 'Newsletter Digest' },
    { input: 'coastal-weekly', out: 'Coastal Weekly' },
    { input: 'tech_news daily', out: 'Tech News Daily' },
    { input: 'EU', out: 'EU' },
  ])('$input', ({ input, out }) => {
    expect(listDisplayName(input)).toBe(out);
  });
});

describe('digestView', () => {
  const issue = sampleIssue([sampleStory(0), sampleStory(5)]);
  const view = digestView(issue, RENDER_OPTIONS);

  it('carries the issue-level fields', () => {
    expect(view).toMatchObject({
      lang: 'en',
      subject: HARBOUR.title,
      preheader: issue.preheader,
      listName: 'Coastal Weekly',
      dateLabel: '26 November 2026',
      storyCountLabel: '2 stories',
      hasContents: true,
      viewInBrowserUrl: 'https://digest.example.org/issues/iss-20261126-ab12cd',
      unsubscribeUrl: PLACEHOLDERS.unsubscribeUrl,
      preferencesUrl: PLACEHOLDERS.preferencesUrl,
      postalAddress: RENDER_OPTIONS.postalAddress,
    });
  });

  it('links every key point and quote to its sentence in the source', () => {
    const [story] = view.stories;
    expect(story?.url).toBe('https://news.example.org/coast/harbour-wall?ref=home#comments');
    expect(story?.host).toBe('news.example.org');
    expect(story?.meta).toBe('By Ada Marsh · 26 November 2026');
    expect(story?.keyPoints.map((p) => p.url)).toEqual([
      'https://news.example.org/coast/harbour-wall?ref=home#:~:text=The%20council%20of%20Port,from%20its%20reserve%20fund.',
      'https://news.example.org/coast/harbour-wall?ref=home#:~:text=Work%20is%20due%20to,tides%2C%20the%20council%20said.',
      'https://news.example.org/coast/harbour-wall?ref=home#:~:text=Two%20councillors%20argued%20that,not%20arrive%20before%202028.',
    ]);
    expect(story?.quotes).toEqual([
      {
        text: 'We cannot ask people to sleep behind a wall we know is broken.',
        speaker: 'Mara Quist',
        role: 'mayor of Port Ellery',
        attribution: 'Mara Quist, mayor of Port Ellery',
        url: 'https://news.example.org/coast/harbour-wall?ref=home#:~:text=We%20cannot%20ask%20people,we%20know%20is%20broken%2C',
      },
      {
        text: 'Waiting for the grant means betting the harbour on a calm winter.',
        speaker: 'Tomas Reyne',
        role: 'harbour master',
        attribution: 'Tomas Reyne, harbour master',
        url: 'https://news.example.org/coast/harbour-wall?ref=home#:~:text=Waiting%20for%20the%20grant,on%20a%20calm%20winter%2C',
      },
    ]);
  });

  it('prints an edited key point as shown and links to the verbatim source sentence', () => {
    const story = storyFrom(HARBOUR);
    const first = story.keyPoints[0]!;
    story.keyPoints[0] = { ...first, shown: '[Port Ellery’s] council voted to rebuild the wall.' };
    const point = digestView(sampleIssue([story]), RENDER_OPTIONS).stories[0]?.keyPoints[0];
    expect(point?.text).toBe('[Port Ellery’s] council voted to rebuild the wall.');
    expect(point?.url).toContain('#:~:text=The%20council%20of%20Port,');
  });

  it.each([
    { name: 'no URL: no links anywhere', patch: { url: null }, url: null, host: null, title: HARBOUR.title },
    {
      name: 'non-http URL is dropped',
      patch: { url: 'javascript:alert(1)' },
      url: null,
      host: null,
      title: HARBOUR.title,
    },
    {
      name: 'no title: the host stands in',
      patch: { title: null },
      url: HARBOUR.url,
      host: 'news.example.org',
      title: 'news.example.org',
    },
    {
      name: 'no title, no URL: numbered',
      patch: { title: null, url: null },
      url: null,
      host: null,
      title: 'Story 1',
    },
  ])('$name', ({ patch, url, host, title }) => {
    const story = { ...storyFrom(HARBOUR), ...patch };
    const [sv] = digestView(sampleIssue([story]), RENDER_OPTIONS).stories;
    expect(sv?.url).toBe(url);
    expect(sv?.host).toBe(host);
    expect(sv?.title).toBe(title);
    if (url === null) {
      expect(sv?.keyPoints.every((p) => p.url === null)).toBe(true);
      expect(sv?.quotes.every((q) => q.url === null)).toBe(true);
    }
  });

  it.each([
    { published: '2026-12-02T09:00:00.000Z', zone: undefined, out: '2 Dec 2026, 09:00 UTC' },
    { published: '2026-12-02T09:00:00.000Z', zone: 'Europe/Oslo', out: '2 Dec 2026, 10:00 CET' },
    { published: '2026-12-02T23:30:00Z', zone: 'Asia/Tokyo', out: '3 Dec 2026, 08:30 GMT+9' },
    { published: '2026-12-02', zone: 'America/New_York', out: '2 Dec 2026' },
    { published: '26 November 2026', zone: 'Europe/Oslo', out: '26 November 2026' },
    { published: 'sometime last week', zone: undefined, out: 'sometime last week' },
  ])('byline date $published in $zone → $out', ({ published, zone, out }) => {
    const v = digestView(sampleIssue([{ ...sampleStory(0), byline: null, published }]), {
      ...RENDER_OPTIONS,
      ...(zone ? { timeZone: zone } : {}),
    });
    expect(v.stories[0]?.meta).toBe(out);
  });

  it.each([
    { name: 'one story with a URL', stories: [sampleStory(0)], kickers: ['news.example.org'] },
    { name: 'one story without a URL', stories: [{ ...sampleStory(0), url: null }], kickers: [null] },
    {
      name: 'several stories are numbered',
      stories: [sampleStory(0), { ...sampleStory(1), url: null }],
      kickers: ['1 · news.example.org', '2'],
    },
    {
      name: "the publication's name (feed channel title, page site name) rather than the host",
      stories: [{ ...sampleStory(0), siteName: 'Lindqvist Courier' }],
      kickers: ['Lindqvist Courier'],
    },
  ])('kicker: $name', ({ stories, kickers }) => {
    const v = digestView(sampleIssue(stories), RENDER_OPTIONS);
    expect(v.stories.map((s) => s.kicker)).toEqual(kickers);
    expect(v.stories.map((s) => s.last)).toEqual(stories.map((_, i) => i === stories.length - 1));
  });

  it.each([
    { name: 'one story', stories: [sampleStory(0)], count: '1 story', contents: false },
    { name: 'five stories', stories: [0, 1, 2, 3, 4].map(sampleStory), count: '5 stories', contents: true },
  ])('counts $name', ({ stories, count, contents }) => {
    const v = digestView(sampleIssue(stories), RENDER_OPTIONS);
    expect(v.storyCountLabel).toBe(count);
    expect(v.hasContents).toBe(contents);
  });

  it('falls back to the first key point for an empty preheader, and to the list id for the name', () => {
    const v = digestView(sampleIssue([sampleStory(0)], { preheader: '' }), {
      ...RENDER_OPTIONS,
      listName: undefined,
    });
    expect(v.preheader).toBe(
      'The council of Port Ellery voted 7 to 2 on Tuesday to rebuild the storm wall that failed in the October surge, committing 4.2 million…',
    );
    expect(v.listName).toBe('Coastal Weekly');
  });

  it('cuts a long preheader without spaces between two characters, never inside an emoji', () => {
    const v = digestView(
      sampleIssue([sampleStory(0)], { preheader: `${'海'.repeat(138)}🌊🌊🌊` }),
      RENDER_OPTIONS,
    );
    expect(v.preheader).toBe(`${'海'.repeat(138)}…`);
  });
});

describe('forwardView and confirmationView', () => {
  it('a forward has no personal links, a subscribe link and the note', () => {
    const v = forwardView(sampleIssue([sampleStory(0)]), {
      ...RENDER_OPTIONS,
      forwardedBy: 'Jo Baird',
      note: 'line one\r\nline two\n',
      subscribeUrl: 'https://digest.example.org/subscribe',
    });
    expect(v).not.toHaveProperty('unsubscribeUrl');
    expect(v).not.toHaveProperty('preferencesUrl');
    expect(v.subject).toBe(`Fwd: ${HARBOUR.title}`);
    expect(v.note).toBe('line one\nline two');
    expect(v.forwardedBy).toBe('Jo Baird');
    expect(JSON.stringify(v)).not.toContain('%%{');
  });

  it.each([
    { note: undefined, out: null },
    { note: '   ', out: null },
    { note: 'hi', out: 'hi' },
  ])('forward note $note', ({ note, out }) => {
    const v = forwardView(sampleIssue([sampleStory(0)]), {
      ...RENDER_OPTIONS,
      forwardedBy: '',
      note,
      subscribeUrl: 'https://digest.example.org/subscribe',
    });
    expect(v.note).toBe(out);
    expect(v.forwardedBy).toBe('A colleague');
  });

  it('confirmation', () => {
    expect(
      confirmationView({
        confirmUrl: 'https://d.example.org/confirm?token=t',
        list: 'default',
        postalAddress: ' 1 Main St,\n Springfield ',
        baseUrl: 'https://d.example.org/',
      }),
    ).toMatchObject({
      subject: 'Confirm your subscription to Newsletter Digest',
      listName: 'Newsletter Digest',
      confirmUrl: 'https://d.example.org/confirm?token=t',
      homeUrl: 'https://d.example.org/lists/default/archive',
      postalAddress: '1 Main St, Springfield',
    });
  });
});

describe('shownQuotes: an interrupted quotation shown as one quote', () => {
  /** The quotes of `source`: each `“…”` in it, with the speaker given in order. */
  const storyOf = (source: string, speakers: (string | null)[]) => {
    const quotes = [...source.matchAll(/“([^”]*)”/gu)].map((m, i) => ({
      text: m[1]!,
      start: m.index + 1,
      end: m.index + 1 + m[1]!.length,
      speaker: speakers[i] ?? null,
      role: null,
    }));
    return { source, quotes };
  };

  it('joins a part that goes on in lower case with an ellipsis, its comma dropped', () => {
    const story = storyOf(
      '“We will be stranding commuters on the coldest mornings,” said Raymond Oduya, “and nobody here will be on the dock.”',
      ['Raymond Oduya', 'Raymond Oduya'],
    );
    expect(shownQuotes(story).map((q) => [q.text, q.first.start])).toEqual([
      ['We will be stranding commuters on the coldest mornings … and nobody here will be on the dock.', 1],
    ]);
  });

  it('joins a part that starts a new sentence after the full stop the comma becomes', () => {
    const story = storyOf('“The numbers do not work,” she said. “We have no choice.”', [
      'Lena Fisk',
      'Lena Fisk',
    ]);
    expect(shownQuotes(story).map((q) => q.text)).toEqual(['The numbers do not work. We have no choice.']);
  });

  it('keeps apart the quotes of two speakers, of no speaker, or in two paragraphs', () => {
    const shown = (source: string, speakers: (string | null)[]) =>
      shownQuotes(storyOf(source, speakers)).map((q) => q.text);
    const one = '“We go,” said Ann Roe. “We stay,” said Bo Tan.';
    expect(shown(one, ['Ann Roe', 'Bo Tan'])).toEqual(['We go.', 'We stay.']);
    expect(shown(one, [null, null])).toEqual(['We go.', 'We stay.']);
    expect(shown('“We go,” said Ann Roe.\n\n“We stay,” she said.', ['Ann Roe', 'Ann Roe'])).toEqual([
      'We go.',
      'We stay.',
    ]);
  });
});
