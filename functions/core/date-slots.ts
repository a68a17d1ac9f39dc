/**
 * The dates of an issue as per-recipient slots. An issue is rendered once, its dates in the list's time zone; the
 * rendered issue also records, for each date, the instant it stands for and where its text sits in the HTML and the
 * plain text (`DateSlot`). Personalisation (core/personalise.ts) puts a reader's own text there when their record
 * has a time zone; every other reader of the rendered issue (the web version, previews, `digest render`, a review
 * mail) sees it as it is, in the list's zone.
 *
 * While the issue renders, each date is a token (`dateToken`) that no article text can spell: text reaches the
 * view squished (core/render-model.ts breaks up every `%%{`), and a URL percent-encodes `<`. `placeDates` then
 * puts the list's text in place of each token and notes where it went.
 */
import type { DateStyle } from './date-labels.js';
import { escapeHtml } from './html-escape.js';

/** One date of a rendered issue: what it stands for, how it reads in the list's zone, and where that text is. */
export interface DateSlot {
  /** The instant, ISO 8601 in UTC. */
  at: string;
  style: DateStyle;
  /** The BCP 47 locale of a `time` date, when it is not en-GB. */
  locale?: string;
  /** The text in the list's zone, as the rendered text carries it (HTML-escaped in the HTML). */
  shown: string;
  /** Where `shown` starts in the rendered HTML (UTF-16 offsets, ascending). */
  html: number[];
  /** Where `shown` starts in the rendered plain text. */
  text: number[];
}

/** A date as the view model asks for a slot: everything but where its text ends up. */
export type DateSlotRequest = Omit<DateSlot, 'html' | 'text'>;

const TEXT_TOKEN_RE = /%%\{<date:(\d{1,4})>\}%%/g;
const HTML_TOKEN_RE = /%%\{&lt;date:(\d{1,4})&gt;\}%%/g;
const WORD_TOKEN_RE = /^%%\{<date:(\d{1,4})>\}%%$/;

/**
 * The token standing for date `index` in a view model until `placeDates` replaces it.
 * @example dateToken(0) // '%%{<date:0>}%%'
 */
export function dateToken(index: number): string {
  return `%%{<date:${index}>}%%`;
}

/**
 * The width a word of the plain text will have once its dates are placed: a token is as wide as its date (so the
 * text part wraps as it would with the date written out, the date kept on one line), any other word its length.
 */
export function placedWidth(requests: readonly DateSlotRequest[]): (word: string) => number {
  return (word) => {
    const match = WORD_TOKEN_RE.exec(word);
    const request = match ? requests[Number(match[1])] : undefined;
    return request ? request.shown.length : word.length;
  };
}

function place(document: string, tokens: RegExp, slots: DateSlot[], part: 'html' | 'text'): string {
  let out = '';
  let last = 0;
  for (const match of document.matchAll(tokens)) {
    const slot = slots[Number(match[1])];
    if (!slot) continue;
    out += document.slice(last, match.index);
    slot[part].push(out.length);
    out += part === 'html' ? escapeHtml(slot.shown) : slot.shown;
    last = match.index + match[0].length;
  }
  return out + document.slice(last);
}

/**
 * Replaces the date tokens of a rendered HTML and text with the dates' texts (escaped in the HTML) and returns the
 * slots with their offsets; a date whose token appears nowhere has no slot.
 * @example placeDates({ html: '<p>%%{&lt;date:0&gt;}%%</p>', text: '%%{<date:0>}%%' }, [{ at: '2026-11-26T08:00:00.000Z', style: 'day', shown: '26 November 2026' }])
 *   // { html: '<p>26 November 2026</p>', text: '26 November 2026', dates: [{ …, html: [3], text: [0] }] }
 */
export function placeDates(
  rendered: { html: string; text: string },
  requests: readonly DateSlotRequest[],
): { html: string; text: string; dates: DateSlot[] } {
  const slots: DateSlot[] = requests.map((request) => ({ ...request, html: [], text: [] }));
  const html = place(rendered.html, HTML_TOKEN_RE, slots, 'html');
  const text = place(rendered.text, TEXT_TOKEN_RE, slots, 'text');
  return { html, text, dates: slots.filter((slot) => slot.html.length + slot.text.length > 0) };
}
