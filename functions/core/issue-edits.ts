/**
 * An editor's changes to an issue before it is sent, as data: each edit is one operation on the
 * structured issue (never on its HTML), so the edited issue is rendered by the same templates with
 * the same escaping as any other. Every applied operation appends an audit entry (who, what, when)
 * to the issue, and a corrected attribution keeps what the product had found (`quote.correction`). Correcting a
 * quote's speaker corrects every quote of the same story given the same speaker name, in one edit (`sameSpeaker`),
 * unless the editor asks for that quote only (`only`).
 *
 * Key points and quotes are named by their `start` offset in the story's source, which stays
 * the same when they are reordered; stories by their position. Pure: the time and the editor come in.
 *
 * The subject and the preheader follow the stories while they are the stories' own (what compose.ts
 * `subjectFor` and `preheaderFor` make of them): a change to the stories makes them again from what is left. One
 * set by hand (`--subject`, the compose form's subject, an editor's `set-subject`) is kept; `mayDescribeDropped`
 * says when a story was dropped since, so that the editor is told it may describe that story.
 */
import { z } from 'zod';
import { preheaderFor, subjectFor } from './compose.js';
import { CONTROL_CHARACTER_RE } from './control-characters.js';
import type { Issue, IssueAuditEntry, Quote, Story } from './types.js';

export const MAX_SUBJECT_LENGTH = 200;
export const MAX_PREHEADER_LENGTH = 300;
export const MAX_SPEAKER_LENGTH = 120;
export const MAX_ROLE_LENGTH = 160;

const WHITESPACE_RE = /\s+/g;
// Text that ends up in a mail header or on one line of the email: no control characters at all.

const storyIndex = z.number().int().min(0).max(999);
const offset = z.number().int().min(0);

/** The edit operations an editor can make; the console's forms post exactly these. */
export const issueEditSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('set-subject'), value: z.string() }),
  z.object({ op: z.literal('set-preheader'), value: z.string() }),
  z.object({ op: z.literal('drop-story'), story: storyIndex }),
  z.object({ op: z.literal('move-story'), story: storyIndex, to: storyIndex }),
  z.object({ op: z.literal('drop-key-point'), story: storyIndex, start: offset }),
  z.object({ op: z.literal('move-key-point'), story: storyIndex, start: offset, by: z.number().int() }),
  z.object({ op: z.literal('drop-quote'), story: storyIndex, start: offset }),
  z.object({
    op: z.literal('correct-speaker'),
    story: storyIndex,
    start: offset,
    speaker: z.string(),
    role: z.string(),
    /** Correct this quote alone, not the story's other quotes by the same speaker name (`sameSpeaker`). */
    only: z.boolean().optional(),
  }),
]);

export type IssueEdit = z.infer<typeof issueEditSchema>;

/** An edit that cannot apply to this issue; the message is for the editor. */
export class IssueEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IssueEditError';
  }
}

export interface EditContext {
  /** Who edits (the API key's name). */
  by: string;
  /** ISO time of the edit. */
  at: string;
}

/**
 * Applies one edit and returns the new issue (the input is not changed), with the edit appended
 * to its audit trail. Throws IssueEditError when the edit does not fit the issue.
 * @example applyIssueEdit(issue, { op: 'drop-key-point', story: 0, start: 120 }, { by: 'ana', at })
 */
export function applyIssueEdit(issue: Issue, edit: IssueEdit, context: EditContext): Issue {
  const stories = issue.stories.map((story) => ({
    ...story,
    keyPoints: [...story.keyPoints],
    quotes: [...story.quotes],
  }));
  const next: Issue = { ...issue, stories };
  // Read before the change: whether the subject and preheader are what the stories make of them.
  const own = edit.op === 'set-subject' || edit.op === 'set-preheader' ? null : madeFromStories(issue);
  let summary = applyTo(next, edit, context);
  if (own) summary += followStories(next, own);
  const entry: IssueAuditEntry = { at: context.at, by: context.by, op: edit.op, summary };
  return { ...next, audit: [...(issue.audit ?? []), entry] };
}

/** Whether an issue's subject and preheader are the ones its stories make, and the list title its subject used. */
export interface MadeFromStories {
  subject: boolean;
  preheader: boolean;
  /**
   * The title a subject takes when the lead story has none (the list's, or `The <list> briefing`), read back from
   * the subject itself: an issue does not carry the list's title, and the one it was composed with is the one to
   * keep. Null when the lead story has a title.
   */
  untitled: string | null;
}

const MORE_RE = / \+(\d+) more$/;

/**
 * Whether the subject and the preheader are what the stories make of them (compose.ts `subjectFor`,
 * `preheaderFor`): they are then the stories' own and follow them. Any other is taken as set by hand.
 * @example madeFromStories(issueOf([museum, storm])) // { subject: true, preheader: true, untitled: null }
 */
export function madeFromStories(issue: Issue): MadeFromStories {
  const [lead, ...rest] = issue.stories;
  let untitled: string | null = null;
  if (lead && !lead.title?.trim()) {
    const more = MORE_RE.exec(issue.subject);
    untitled = more && Number(more[1]) === rest.length ? issue.subject.slice(0, more.index) : issue.subject;
  }
  return {
    subject: issue.subject === subjectFor(issue.stories, issue.list, untitled),
    preheader: issue.preheader === preheaderFor(issue.stories),
    untitled,
  };
}

/** Makes the subject and preheader again from the stories, where they were the stories' own; what the trail says. */
function followStories(issue: Issue, own: MadeFromStories): string {
  const notes: string[] = [];
  if (own.subject) {
    const subject = subjectFor(issue.stories, issue.list, own.untitled);
    if (subject !== issue.subject) notes.push(`subject now “${subject}”`);
    issue.subject = subject;
  }
  if (own.preheader) {
    const preheader = preheaderFor(issue.stories);
    if (preheader !== issue.preheader) notes.push(`preheader now “${clip(preheader)}”`);
    issue.preheader = preheader;
  }
  return notes.length > 0 ? `; ${notes.join(', ')}` : '';
}

/**
 * The fields set by hand that a story was dropped since they were last set: they may still describe it. The
 * editor's page warns about them until the field is saved again (`set-subject`, `set-preheader`). A subject or
 * preheader that is the stories' own follows them and is never named.
 * @example mayDescribeDropped(issue) // ['subject']
 */
export function mayDescribeDropped(issue: Issue): ('subject' | 'preheader')[] {
  const audit = issue.audit ?? [];
  const last = (op: string) => {
    for (let i = audit.length - 1; i >= 0; i--) if (audit[i]?.op === op) return i;
    return -1;
  };
  const dropped = last('drop-story');
  if (dropped < 0) return [];
  const own = madeFromStories(issue);
  const fields: ('subject' | 'preheader')[] = [];
  if (!own.subject && last('set-subject') < dropped) fields.push('subject');
  if (!own.preheader && last('set-preheader') < dropped) fields.push('preheader');
  return fields;
}

/** Applies edits in order; the first that does not fit stops the whole batch. */
export function applyIssueEdits(issue: Issue, edits: readonly IssueEdit[], context: EditContext): Issue {
  return edits.reduce((current, edit) => applyIssueEdit(current, edit, context), issue);
}

function applyTo(issue: Issue, edit: IssueEdit, context: EditContext): string {
  switch (edit.op) {
    case 'set-subject': {
      const value = cleanSubject(edit.value);
      if (!value) throw new IssueEditError('the subject cannot be empty');
      const before = issue.subject;
      issue.subject = value;
      return `subject: “${before}” → “${value}”`;
    }
    case 'set-preheader': {
      const value = cleanLine(edit.value, 'preheader', MAX_PREHEADER_LENGTH);
      issue.preheader = value;
      return `preheader: “${value}”`;
    }
    case 'drop-story': {
      const story = storyAt(issue, edit.story);
      if (issue.stories.length === 1) throw new IssueEditError('an issue needs at least one story');
      issue.stories.splice(edit.story, 1);
      return `dropped story ${edit.story + 1} (${storyName(story)})`;
    }
    case 'move-story': {
      const story = storyAt(issue, edit.story);
      if (edit.to >= issue.stories.length) throw new IssueEditError(`there is no position ${edit.to + 1}`);
      issue.stories.splice(edit.story, 1);
      issue.stories.splice(edit.to, 0, story);
      return `moved story ${edit.story + 1} (${storyName(story)}) to position ${edit.to + 1}`;
    }
    case 'drop-key-point': {
      const story = storyAt(issue, edit.story);
      const at = indexByStart(story.keyPoints, edit.start, 'key point');
      const [point] = story.keyPoints.splice(at, 1);
      return `dropped key point “${clip(point?.text ?? '')}” from story ${edit.story + 1}`;
    }
    case 'move-key-point': {
      const story = storyAt(issue, edit.story);
      const at = indexByStart(story.keyPoints, edit.start, 'key point');
      const to = Math.min(Math.max(at + edit.by, 0), story.keyPoints.length - 1);
      const [point] = story.keyPoints.splice(at, 1);
      if (point) story.keyPoints.splice(to, 0, point);
      return `moved key point “${clip(point?.text ?? '')}” of story ${edit.story + 1} to position ${to + 1}`;
    }
    case 'drop-quote': {
      const story = storyAt(issue, edit.story);
      const at = indexByStart(story.quotes, edit.start, 'quote');
      const [quote] = story.quotes.splice(at, 1);
      return `dropped quote “${clip(quote?.text ?? '')}” from story ${edit.story + 1}`;
    }
    case 'correct-speaker': {
      const story = storyAt(issue, edit.story);
      const at = indexByStart(story.quotes, edit.start, 'quote');
      const quote = story.quotes[at] as Quote;
      const speaker = cleanLine(edit.speaker, 'speaker', MAX_SPEAKER_LENGTH) || null;
      const role = cleanLine(edit.role, 'role', MAX_ROLE_LENGTH) || null;
      if (speaker === null && role !== null) throw new IssueEditError('a role needs a speaker');
      // The quote named, and unless `only`, every other quote of the story given the same speaker name: one email
      // never names one person two ways. One edit, one audit entry.
      const others = edit.only ? [] : sameSpeaker(story, edit.start);
      for (const i of [at, ...others.map((q) => story.quotes.indexOf(q))]) {
        const corrected = story.quotes[i] as Quote;
        // `previous` stays what the product found, however many times editors correct it.
        const previous = corrected.correction?.previous ?? {
          speaker: corrected.speaker,
          role: corrected.role,
        };
        story.quotes[i] = {
          ...corrected,
          speaker,
          role,
          correction: { kind: 'editor', by: context.by, at: context.at, previous },
        };
      }
      const also =
        others.length === 0
          ? ''
          : ` and of the ${others.length === 1 ? 'other quote' : `${others.length} other quotes`} of story ${edit.story + 1} by ${quote.speaker}`;
      return `speaker of “${clip(quote.text)}”${also}: ${who(quote.speaker, quote.role)} → ${who(speaker, role)}`;
    }
  }
}

/**
 * The other quotes of a story whose speaker has the same name as the quote at `start` (letter case and spacing aside):
 * the quotes a speaker correction of that quote changes too, unless the editor asks for that quote only. Only the
 * very same name: a quote given the surname alone, or another spelling, may be someone else, so it is corrected on its
 * own. A quote without a speaker has no name to share: correcting it names that quote only.
 * @example sameSpeaker(story, 120) // the story's other quotes of “Mara Quell”
 */
export function sameSpeaker(story: Story, start: number): Quote[] {
  const quote = story.quotes.find((q) => q.start === start);
  const name = speakerKey(quote?.speaker ?? null);
  if (!quote || name === null) return [];
  return story.quotes.filter((q) => q !== quote && speakerKey(q.speaker) === name);
}

function speakerKey(speaker: string | null): string | null {
  const key = (speaker ?? '').replace(WHITESPACE_RE, ' ').trim().toLowerCase();
  return key === '' ? null : key;
}

function storyAt(issue: Issue, index: number): Story {
  const story = issue.stories[index];
  if (!story) throw new IssueEditError(`the issue has no story ${index + 1}`);
  return story;
}

function indexByStart(items: readonly { start: number }[], start: number, what: string): number {
  const at = items.findIndex((item) => item.start === start);
  if (at < 0) throw new IssueEditError(`that ${what} is no longer in the story`);
  return at;
}

/** A subject as the editor saves it (empty when none was given); throws IssueEditError for one it refuses. */
export function cleanSubject(value: string): string {
  return cleanLine(value, 'subject', MAX_SUBJECT_LENGTH);
}

/** One line of text: whitespace runs collapsed, control characters refused, length capped. */
function cleanLine(value: string, field: string, max: number): string {
  if (CONTROL_CHARACTER_RE.test(value.replace(/[\t\r\n]/g, ' ')))
    throw new IssueEditError(`the ${field} cannot hold control characters`);
  const line = value.replace(WHITESPACE_RE, ' ').trim();
  if (line.length > max) throw new IssueEditError(`the ${field} is longer than ${max} characters`);
  return line;
}

function storyName(story: Story): string {
  return story.title ? `“${clip(story.title)}”` : (story.url ?? 'untitled');
}

function who(speaker: string | null, role: string | null): string {
  if (!speaker) return 'nobody';
  return role ? `${speaker}, ${role}` : speaker;
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
