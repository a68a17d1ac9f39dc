import { describe, expect, it } from 'vitest';
import { emptyStories } from '../../functions/core/empty-stories.js';
import {
  applyIssueEdit,
  applyIssueEdits,
  type IssueEdit,
  IssueEditError,
  issueEditSchema,
  madeFromStories,
  mayDescribeDropped,
  sameSpeaker,
} from '../../functions/core/issue-edits.js';
import { issueOfStories } from '../../functions/core/issue-of-stories.js';
import type { Issue, Quote, Story } from '../../functions/core/types.js';

const AT = '2026-12-02T10:00:00.000Z';
const ED = { by: 'night desk', at: AT };

function quote(start: number, text: string, speaker: string | null, role: string | null = null): Quote {
  return { start, end: start + text.length, text, speaker, role };
}

function story(title: string, points: string[], quotes: Quote[]): Story {
  let at = 0;
  const keyPoints = points.map((text) => {
    const point = { start: at, end: at + text.length, text };
    at += text.length + 1;
    return point;
  });
  return {
    title,
    url: null,
    byline: null,
    published: null,
    source: '',
    keyPoints,
    quotes,
    allQuotes: quotes,
  };
}

const ISSUE: Issue = {
  id: '20261202-aaaaaaaaaaaa',
  list: 'default',
  subject: 'Ferries and tides',
  preheader: 'The harbour this week',
  createdAt: AT,
  stories: [
    story(
      'Ferry timetable changes',
      ['First point.', 'Second point.', 'Third point.'],
      [
        quote(100, 'We will run later boats', 'Mara Quell', 'harbour master'),
        quote(200, 'Nobody asked us', 'Quell'),
      ],
    ),
    story('Tide gauge repaired', ['Gauge point.'], [quote(50, 'It reads true again', null)]),
  ],
};

const points = (issue: Issue, s = 0) => issue.stories[s]?.keyPoints.map((p) => p.text);

describe('issue edits: each operation', () => {
  it.each<{ name: string; edit: IssueEdit; check: (out: Issue) => void }>([
    {
      name: 'set-subject collapses whitespace',
      edit: { op: 'set-subject', value: '  New   subject \n line ' },
      check: (out) => expect(out.subject).toBe('New subject line'),
    },
    {
      name: 'set-preheader may be empty',
      edit: { op: 'set-preheader', value: '' },
      check: (out) => expect(out.preheader).toBe(''),
    },
    {
      name: 'drop-key-point removes exactly that point',
      edit: { op: 'drop-key-point', story: 0, start: 13 },
      check: (out) => expect(points(out)).toEqual(['First point.', 'Third point.']),
    },
    {
      name: 'move-key-point up by one',
      edit: { op: 'move-key-point', story: 0, start: 27, by: -1 },
      check: (out) => expect(points(out)).toEqual(['First point.', 'Third point.', 'Second point.']),
    },
    {
      name: 'move-key-point past the end stops at the end',
      edit: { op: 'move-key-point', story: 0, start: 0, by: 9 },
      check: (out) => expect(points(out)).toEqual(['Second point.', 'Third point.', 'First point.']),
    },
    {
      name: 'drop-quote removes the quote from the email but not from allQuotes',
      edit: { op: 'drop-quote', story: 0, start: 200 },
      check: (out) => {
        expect(out.stories[0]?.quotes.map((q) => q.start)).toEqual([100]);
        expect(out.stories[0]?.allQuotes).toHaveLength(2);
      },
    },
    {
      name: 'move-story reorders',
      edit: { op: 'move-story', story: 1, to: 0 },
      check: (out) =>
        expect(out.stories.map((s) => s.title)).toEqual(['Tide gauge repaired', 'Ferry timetable changes']),
    },
    {
      name: 'drop-story removes one story',
      edit: { op: 'drop-story', story: 0 },
      check: (out) => expect(out.stories.map((s) => s.title)).toEqual(['Tide gauge repaired']),
    },
  ])('$name', ({ edit, check }) => {
    const before = structuredClone(ISSUE);
    const out = applyIssueEdit(ISSUE, edit, ED);
    check(out);
    expect(out.audit).toHaveLength(1);
    expect(out.audit?.[0]).toMatchObject({ by: 'night desk', at: AT, op: edit.op });
    expect(ISSUE).toEqual(before); // the input issue is left as it was
  });
});

describe('issue edits: a corrected speaker', () => {
  it('is marked as an editor correction that keeps what the product found', () => {
    const out = applyIssueEdit(
      ISSUE,
      { op: 'correct-speaker', story: 0, start: 200, speaker: 'Ivo Brandt', role: 'ferry captain' },
      ED,
    );
    const q = out.stories[0]?.quotes[1];
    expect(q).toMatchObject({ speaker: 'Ivo Brandt', role: 'ferry captain' });
    expect(q?.correction).toEqual({
      kind: 'editor',
      by: 'night desk',
      at: AT,
      previous: { speaker: 'Quell', role: null },
    });
    expect(out.audit?.[0]?.summary).toContain('Quell → Ivo Brandt, ferry captain');
  });

  it('keeps the first previous attribution over several corrections', () => {
    const out = applyIssueEdits(
      ISSUE,
      [
        { op: 'correct-speaker', story: 1, start: 50, speaker: 'A. First', role: '' },
        { op: 'correct-speaker', story: 1, start: 50, speaker: 'B. Second', role: '' },
      ],
      ED,
    );
    expect(out.stories[1]?.quotes[0]?.speaker).toBe('B. Second');
    expect(out.stories[1]?.quotes[0]?.correction?.previous).toEqual({ speaker: null, role: null });
    expect(out.audit).toHaveLength(2);
  });

  describe('every quote of the story by the same speaker name, in one edit', () => {
    const lockStory = story(
      'Lock gates replaced',
      ['Gates fitted.'],
      [
        quote(10, 'The old gates leaked all winter', 'Petra Lindkvist', 'warden'),
        quote(60, 'Boats pass again on Friday', 'petra  lindkvist'),
        quote(110, 'We used the road crane', 'Lindkvist'),
        quote(160, 'It came in under budget', null),
        quote(210, 'The towpath reopens too', 'Petra Lindkvist', 'warden'),
      ],
    );
    const tideStory = story('Tide gauge', ['Gauge point.'], [quote(5, 'It reads true', 'Petra Lindkvist')]);
    const issue: Issue = { ...ISSUE, stories: [lockStory, tideStory] };
    const fix = {
      op: 'correct-speaker',
      story: 0,
      start: 10,
      speaker: 'Petra Lindqvist',
      role: 'canal warden',
    } as const;

    it('corrects the quotes given that name, letter case and spacing aside, each keeping what the product found', () => {
      const out = applyIssueEdit(issue, fix, ED);
      expect(out.stories[0]?.quotes.map((q) => q.speaker)).toEqual([
        'Petra Lindqvist',
        'Petra Lindqvist',
        'Lindkvist', // the surname alone may be someone else: corrected on its own
        null,
        'Petra Lindqvist',
      ]);
      expect(out.stories[0]?.quotes.map((q) => q.role)).toEqual([
        'canal warden',
        'canal warden',
        null,
        null,
        'canal warden',
      ]);
      expect(out.stories[0]?.quotes[1]?.correction).toEqual({
        kind: 'editor',
        by: 'night desk',
        at: AT,
        previous: { speaker: 'petra  lindkvist', role: null },
      });
      // Another story is another article: its quotes are left alone.
      expect(out.stories[1]?.quotes[0]?.speaker).toBe('Petra Lindkvist');
      // One edit in the trail, saying how many it changed.
      expect(out.audit).toHaveLength(1);
      expect(out.audit?.[0]?.summary).toBe(
        'speaker of “The old gates leaked all winter” and of the 2 other quotes of story 1 by Petra Lindkvist: Petra Lindkvist, warden → Petra Lindqvist, canal warden',
      );
    });

    it('corrects that quote alone when the editor asks for it (`only`)', () => {
      const out = applyIssueEdit(issue, { ...fix, start: 60, only: true }, ED);
      expect(out.stories[0]?.quotes.map((q) => q.speaker)).toEqual([
        'Petra Lindkvist',
        'Petra Lindqvist',
        'Lindkvist',
        null,
        'Petra Lindkvist',
      ]);
      expect(out.audit?.[0]?.summary).toBe(
        'speaker of “Boats pass again on Friday”: petra  lindkvist → Petra Lindqvist, canal warden',
      );
    });

    it('naming a quote without a speaker names that quote only', () => {
      const out = applyIssueEdit(issue, { ...fix, start: 160 }, ED);
      expect(out.stories[0]?.quotes.map((q) => q.speaker)).toEqual([
        'Petra Lindkvist',
        'petra  lindkvist',
        'Lindkvist',
        'Petra Lindqvist',
        'Petra Lindkvist',
      ]);
    });

    it('sameSpeaker names the quotes a correction changes too', () => {
      expect(sameSpeaker(lockStory, 10).map((q) => q.start)).toEqual([60, 210]);
      expect(sameSpeaker(lockStory, 110)).toEqual([]);
      expect(sameSpeaker(lockStory, 160)).toEqual([]);
    });
  });

  it('keeps markup as text: the speaker is data, escaped when rendered', () => {
    const out = applyIssueEdit(
      ISSUE,
      { op: 'correct-speaker', story: 0, start: 100, speaker: '<script>alert(1)</script>', role: '' },
      ED,
    );
    expect(out.stories[0]?.quotes[0]?.speaker).toBe('<script>alert(1)</script>');
  });
});

describe('issue edits: refused', () => {
  it.each<{ name: string; edit: IssueEdit; message: RegExp }>([
    { name: 'empty subject', edit: { op: 'set-subject', value: '  ' }, message: /cannot be empty/ },
    {
      name: 'subject with a control character',
      edit: { op: 'set-subject', value: 'a\u0000b' },
      message: /control/,
    },
    {
      name: 'overlong subject',
      edit: { op: 'set-subject', value: 'x'.repeat(201) },
      message: /longer than 200/,
    },
    { name: 'unknown story', edit: { op: 'drop-story', story: 5 }, message: /no story 6/ },
    {
      name: 'a key point already gone',
      edit: { op: 'drop-key-point', story: 0, start: 7 },
      message: /no longer/,
    },
    { name: 'a quote already gone', edit: { op: 'drop-quote', story: 1, start: 1 }, message: /no longer/ },
    {
      name: 'move to a missing position',
      edit: { op: 'move-story', story: 0, to: 4 },
      message: /no position 5/,
    },
    {
      name: 'a role without a speaker',
      edit: { op: 'correct-speaker', story: 0, start: 100, speaker: '', role: 'mayor' },
      message: /needs a speaker/,
    },
  ])('$name', ({ edit, message }) => {
    expect(() => applyIssueEdit(ISSUE, edit, ED)).toThrow(IssueEditError);
    expect(() => applyIssueEdit(ISSUE, edit, ED)).toThrow(message);
  });

  it('the last story cannot be dropped', () => {
    const one = applyIssueEdit(ISSUE, { op: 'drop-story', story: 1 }, ED);
    expect(() => applyIssueEdit(one, { op: 'drop-story', story: 0 }, ED)).toThrow(/at least one story/);
  });

  it('the schema refuses an unknown operation and a negative position', () => {
    expect(issueEditSchema.safeParse({ op: 'set-html', value: '<b>' }).success).toBe(false);
    expect(issueEditSchema.safeParse({ op: 'drop-story', story: -1 }).success).toBe(false);
  });
});

describe('issue edits: the subject and preheader follow the stories while they are theirs', () => {
  const museum = story('Museum reopens after two-year renovation', ['Doors open on Saturday.'], []);
  const storm = story('Storm warning for the coast', ['Winds of 90 km/h tonight.'], []);
  const ferry = story('Ferry runs late again', ['The 6 pm boat left at 7.'], []);
  const made = (stories: Story[], subject: string | null = null) =>
    issueOfStories(stories, { list: 'default', now: new Date(AT), subject });

  it('dropping the lead makes them again from the stories left, and the trail says so', () => {
    const issue = made([museum, storm]);
    expect(issue).toMatchObject({
      subject: 'Museum reopens after two-year renovation +1 more',
      preheader: 'Also: Storm warning for the coast',
    });
    const out = applyIssueEdit(issue, { op: 'drop-story', story: 0 }, ED);
    expect(out.subject).toBe('Storm warning for the coast');
    expect(out.preheader).toBe('Winds of 90 km/h tonight.');
    expect(out.audit?.[0]?.summary).toBe(
      'dropped story 1 (“Museum reopens after two-year renovation”); subject now “Storm warning for the coast”, preheader now “Winds of 90 km/h tonight.”',
    );
    expect(mayDescribeDropped(out)).toEqual([]);
  });

  it("moving a story and dropping a lone story's first key point follow too", () => {
    const moved = applyIssueEdit(made([museum, storm, ferry]), { op: 'move-story', story: 2, to: 0 }, ED);
    expect(moved.subject).toBe('Ferry runs late again +2 more');
    expect(moved.preheader).toBe(
      'Also: Museum reopens after two-year renovation · Storm warning for the coast',
    );
    const alone = made([story('Ferry runs late again', ['First.', 'Second.'], [])]);
    expect(alone.preheader).toBe('First.');
    expect(applyIssueEdit(alone, { op: 'drop-key-point', story: 0, start: 0 }, ED).preheader).toBe('Second.');
  });

  it("a lead without a title keeps the list's title the subject was made with", () => {
    const untitled = { ...museum, title: null };
    const issue = issueOfStories([untitled, storm, ferry], {
      list: 'town',
      listTitle: 'Town Crier',
      now: new Date(AT),
    });
    expect(issue.subject).toBe('Town Crier +2 more');
    expect(madeFromStories(issue)).toMatchObject({ subject: true, untitled: 'Town Crier' });
    expect(applyIssueEdit(issue, { op: 'drop-story', story: 2 }, ED).subject).toBe('Town Crier +1 more');
  });

  it('a subject set by hand is kept, and named as one that may describe the dropped story until saved again', () => {
    const issue = made([museum, storm], 'Museum and storm: the weekend');
    expect(madeFromStories(issue)).toMatchObject({ subject: false, preheader: true });
    const dropped = applyIssueEdit(issue, { op: 'drop-story', story: 0 }, ED);
    expect(dropped.subject).toBe('Museum and storm: the weekend');
    expect(dropped.preheader).toBe('Winds of 90 km/h tonight.');
    expect(mayDescribeDropped(dropped)).toEqual(['subject']);
    // Saving the preheader says nothing of the subject; saving the subject, changed or not, is the editor's word on it.
    expect(mayDescribeDropped(applyIssueEdit(dropped, { op: 'set-preheader', value: 'x' }, ED))).toEqual([
      'subject',
    ]);
    const saved = applyIssueEdit(dropped, { op: 'set-subject', value: dropped.subject }, ED);
    expect(mayDescribeDropped(saved)).toEqual([]);
    // An editor's subject, then a drop: named again.
    const later = applyIssueEdit(
      applyIssueEdit(made([museum, storm, ferry]), { op: 'set-subject', value: 'Weekend' }, ED),
      { op: 'drop-story', story: 2 },
      ED,
    );
    expect(later.subject).toBe('Weekend');
    expect(later.preheader).toBe('Also: Storm warning for the coast');
    expect(mayDescribeDropped(later)).toEqual(['subject']);
  });

  it('a preheader set by hand is kept and named the same way', () => {
    const issue = applyIssueEdit(
      made([museum, storm]),
      { op: 'set-preheader', value: 'Also: the storm' },
      ED,
    );
    const out = applyIssueEdit(issue, { op: 'drop-story', story: 1 }, ED);
    expect(out.subject).toBe('Museum reopens after two-year renovation');
    expect(out.preheader).toBe('Also: the storm');
    expect(mayDescribeDropped(out)).toEqual(['preheader']);
  });
});

describe('empty stories', () => {
  it('names the stories with no key point and no quote left', () => {
    const out = applyIssueEdits(
      ISSUE,
      [
        { op: 'drop-key-point', story: 1, start: 0 },
        { op: 'drop-quote', story: 1, start: 50 },
      ],
      ED,
    );
    expect(emptyStories(ISSUE)).toEqual([]);
    expect(emptyStories(out)).toEqual([{ story: 1, title: 'Tide gauge repaired', url: null }]);
  });
});
