/**
 * The plain-text parts of our mail, built from the same view models as the HTML. Links are
 * gathered per story as numbered references so that long text-fragment URLs do not break the
 * reading; prose is wrapped at 76 columns (URLs are never broken). Pure.
 */
import type { ConfirmationView, DigestView, ForwardView, StoryView } from './render-model.js';

const WIDTH = 76;
const WHITESPACE_RE = /\s+/;

/** The width of a word in the plain text: its length, or what will stand in its place (a date slot). */
export type WordWidth = (word: string) => number;

const LENGTH: WordWidth = (word) => word.length;

/**
 * Wraps text at `width` columns: the first line starts with `first`, the others with `rest`.
 * A word longer than the line (a URL) gets a line of its own, unbroken. `widthOf` measures a word
 * (its length unless told).
 * @example wrap('a b c', 3, '- ', '  ') // '- a\n  b\n  c'
 */
export function wrap(text: string, width = WIDTH, first = '', rest = first, widthOf = LENGTH): string {
  const words = text.split(WHITESPACE_RE).filter(Boolean);
  const lines: string[] = [];
  let line = first;
  let lineWidth = first.length;
  let empty = true;
  for (const word of words) {
    const wordWidth = widthOf(word);
    if (!empty && lineWidth + 1 + wordWidth > width) {
      lines.push(line);
      line = rest + word;
      lineWidth = rest.length + wordWidth;
    } else {
      line = empty ? line + word : `${line} ${word}`;
      lineWidth += (empty ? 0 : 1) + wordWidth;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n').trimEnd();
}

function storyText(story: StoryView, widthOf: WordWidth): string {
  const out: string[] = [];
  const links: string[] = [];
  const ref = (url: string | null): string => {
    if (!url) return '';
    links.push(url);
    return ` [${links.length}]`;
  };
  const heading = `${story.number}. ${story.title}`;
  out.push(wrap(heading), '='.repeat(Math.min(WIDTH, heading.length)));
  if (story.meta) out.push(wrap(story.meta, WIDTH, '', '', widthOf));
  if (story.url) out.push(`Source: ${story.url}`);
  if (story.keyPoints.length > 0) {
    out.push('', 'Key points');
    for (const point of story.keyPoints) out.push(wrap(`${point.text}${ref(point.url)}`, WIDTH, '- ', '  '));
  }
  if (story.quotes.length > 0) {
    out.push('', 'Quotes');
    for (const quote of story.quotes) {
      out.push(wrap(`“${quote.text}”`, WIDTH, '  ', '  '));
      out.push(wrap(`— ${quote.attribution}${ref(quote.url)}`, WIDTH, '    ', '      '), '');
    }
    out.pop();
  }
  if (links.length > 0) {
    out.push('', 'Links to the source');
    links.forEach((url, i) => {
      out.push(`[${i + 1}] ${url}`);
    });
  }
  return out.join('\n');
}

function header(view: DigestView | ForwardView, widthOf: WordWidth): string[] {
  return [
    wrap(`${view.listName} · ${view.dateLabel} · ${view.storyCountLabel}`, WIDTH, '', '', widthOf),
    ...(view.viewInBrowserUrl ? [`View in browser: ${view.viewInBrowserUrl}`] : []),
  ];
}

function stories(view: DigestView | ForwardView, widthOf: WordWidth): string[] {
  return view.stories.flatMap((story) => ['', '', storyText(story, widthOf)]);
}

/**
 * The text/plain part of a digest; the per-recipient placeholders stay in it. `widthOf` measures the date tokens of
 * a view made for date slots (core/date-slots.ts `placedWidth`).
 */
export function digestText(view: DigestView, widthOf = LENGTH): string {
  return [
    ...header(view, widthOf),
    ...stories(view, widthOf),
    '',
    '',
    '-- ',
    wrap(`You are receiving ${view.listName} because you subscribed to it.`),
    `Preferences: ${view.preferencesUrl}`,
    `Unsubscribe: ${view.unsubscribeUrl}`,
    ...(view.webVersionNote ? [wrap(view.webVersionNote)] : []),
    wrap(view.postalAddress),
    '',
  ].join('\n');
}

/** The text/plain part of a forwarded issue: the note first, a subscribe link, no personal links. */
export function forwardText(view: ForwardView): string {
  const note = view.note
    ? ['', ...view.note.split('\n').map((line) => (line.trim() ? wrap(line, WIDTH, '> ', '> ') : '>'))]
    : [];
  return [
    wrap(`${view.forwardedBy} forwarded this issue of ${view.listName} to you.`),
    ...note,
    '',
    ...header(view, LENGTH),
    ...stories(view, LENGTH),
    '',
    '',
    '-- ',
    wrap(`Get ${view.listName} in your own inbox: ${view.subscribeUrl}`),
    wrap(
      `${view.forwardedBy} sent you this copy. You are not subscribed, and you will get nothing more unless you subscribe.`,
    ),
    wrap(view.postalAddress),
    '',
  ].join('\n');
}

/** The text/plain part of the double opt-in mail. */
export function confirmationText(view: ConfirmationView): string {
  return [
    wrap(`Someone, hopefully you, asked to receive ${view.listName} at this address.`),
    '',
    'Confirm your subscription: open this link and press the button on the page:',
    view.confirmUrl,
    '',
    wrap('If you did not ask for this, ignore this mail: you will not be subscribed.'),
    '',
    '-- ',
    `${view.listName}: ${view.homeUrl}`,
    wrap(view.postalAddress),
    '',
  ].join('\n');
}
