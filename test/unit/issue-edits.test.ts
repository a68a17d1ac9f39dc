import { describe, expect, it } from 'vitest';
import {
  applyIssueEdit,
  applyIssueEdits,
  type IssueEdit,
  IssueEditError,
  issueEditSchema,
} from '../../functions/core/issue-edits.js';
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
