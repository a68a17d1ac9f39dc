/**
 * From the domain to what the templates show: one view model per email, plain data only.
 * Everything here is text; escaping happens when the template engine inserts it, so nothing in
 * this module may build HTML. Pure: dates are formatted from the issue's own `createdAt`.
 */
import { accentOf } from './accent-colour.js';
import { DEFAULT_DATE_LOCALE, formatDate, formatDay, publishedKind } from './date-labels.js';
import { type DateSlotRequest, dateToken } from './date-slots.js';
import { prefixedSubject } from './newsletter-list.js';
import { neutraliseText, neutraliseUrl, PLACEHOLDERS } from './placeholders.js';
import { groupParts } from './quote-parts.js';
import { attributionLine, shownSpeaker } from './shown-speaker.js';
import type { Issue, KeyPoint, Quote, Story } from './types.js';

const WHITESPACE_RE = /\s+/g;
const TRAILING_SLASHES_RE = /\/+$/;
const WWW_RE = /^www\./i;
const TRAILING_COMMA_RE = /\s*,$/;
const LIST_SEPARATOR_RE = /[\s_-]+/;
// Beyond what encodeURIComponent leaves alone, the text directive syntax reserves `-` (prefix/suffix)
// and we also encode RFC 3986 sub-delims so that mail clients never cut a link at `)` or `'`.
const TEXT_DIRECTIVE_EXTRA_RE = /[-!'()*]/g;

/** Spans with more words than this link with `textStart,textEnd` rather than the whole text. */
export const TEXT_FRAGMENT_MAX_WORDS = 10;
/** Words taken from each end of a long span. */
export const TEXT_FRAGMENT_EDGE_WORDS = 4;
const PREHEADER_MAX = 140;

export interface RenderOptions {
  /** Public base URL of the service: "view in browser" links hang off it. */
  baseUrl: string;
  postalAddress: string;
  /** Shown name of the list; defaults to the issue's list id. */
  listName?: string;
  /** Put before the subject (the list's `subjectPrefix`). */
  subjectPrefix?: string | null;
  /** The list's From and Reply-To, carried into the rendered issue for the send step. */
  from?: string;
  replyTo?: string | null;
  /** IANA zone readers' dates are shown in (the list's); UTC when absent. */
  timeZone?: string;
  /** BCP 47 locale of dates; en-GB ("2 December 2026") when absent. */
  locale?: string;
  /** The list's logo for the masthead: an absolute http(s) URL (validated when the list was saved). */
  logoUrl?: string | null;
  /** The list's `#rrggbb` for links and the masthead rule; the product's blue when absent. */
  accentColor?: string | null;
  /**
   * False for a copy of an issue that is not on the web (a test copy of an unsent issue, `digest render`): its web
   * version exists only once the issue is sent (`GET /issues/<id>` is 404 until then, and a test copy is never
   * archived), so it carries no "view in browser" link, and its footer says so (`NO_WEB_VERSION_NOTE`). True when
   * absent: an issue as it is sent.
   */
  webVersion?: boolean;
}

/** What a copy without a web version says where the "view in browser" link would be. */
export const NO_WEB_VERSION_NOTE =
  'No “view in browser” link in a test copy or a preview: the issue is on the web only once it is sent to the list.';

/** The masthead logo: its URL, and the list's title as its alt text. */
export interface LogoView {
  url: string;
  alt: string;
}

export interface KeyPointView {
  text: string;
  /** Link to the sentence in the source (text fragment), or null when the story has no URL. */
  url: string | null;
}

export interface QuoteView {
  text: string;
  speaker: string | null;
  role: string | null;
  /** "Speaker, role", "Speaker" or "Unattributed". */
  attribution: string;
  url: string | null;
}

export interface StoryView {
  number: number;
  title: string;
  url: string | null;
  /** Host name of the source, without `www.`. */
  host: string | null;
  /** "By … · date", or null. */
  meta: string | null;
  /** The line above the title: the story's number (in a multi-story issue) and publication (else host), or null. */
  kicker: string | null;
  /** The last story of the issue (no rule after it). */
  last: boolean;
  keyPoints: KeyPointView[];
  hasKeyPoints: boolean;
  quotes: QuoteView[];
}

export interface DigestView {
  lang: string;
  subject: string;
  preheader: string;
  listName: string;
  /** The list's logo, or null (the title alone is the masthead). */
  logo: LogoView | null;
  /** `#rrggbb` of links and the masthead rule. */
  accent: string;
  dateLabel: string;
  storyCountLabel: string;
  /** True when the issue has more than one story: the masthead lists them. */
  hasContents: boolean;
  /** The issue's web version; null in a copy that has none (`webVersion: false`), which shows `webVersionNote`. */
  viewInBrowserUrl: string | null;
  /** Null when there is a web version; otherwise why there is no link (NO_WEB_VERSION_NOTE). */
  webVersionNote: string | null;
  /** Per-recipient placeholder: the unsubscribe confirmation page (`GET /unsubscribe?token=…`). */
  unsubscribeUrl: string;
  preferencesUrl: string;
  postalAddress: string;
  stories: StoryView[];
}

export interface ForwardView extends Omit<DigestView, 'unsubscribeUrl' | 'preferencesUrl'> {
  /** The issue's own subject (`subject` is the forward's, "Fwd: …"). */
  issueSubject: string;
  forwardedBy: string;
  /** The sender's note, or null. Shown with its line breaks. */
  note: string | null;
  subscribeUrl: string;
}

export interface ConfirmationView {
  lang: string;
  subject: string;
  preheader: string;
  listName: string;
  logo: LogoView | null;
  accent: string;
  confirmUrl: string;
  /** Where the list's name in the footer leads: its archive page (past issues, and its subscribe form). */
  homeUrl: string;
  postalAddress: string;
}

/**
 * Collapses runs of whitespace to one space and trims. Also breaks up the opening of a
 * placeholder (`%%{`) with a zero-width space, so that text from an article can never become a
 * per-recipient slot that personalisation would fill.
 * @example squish('  a \n b ') // 'a b'
 */
export function squish(text: string): string {
  return neutraliseText(text.replace(WHITESPACE_RE, ' ')).trim();
}

function squishOrNull(text: string | null): string | null {
  return text === null ? null : squish(text);
}

/**
 * Percent-encodes one term of a text directive: everything encodeURIComponent encodes, plus `-`
 * (the prefix/suffix marker), and `!'()*`.
 * @example encodeTextDirective('U.S.-led, "fast"') // 'U.S.%2Dled%2C%20%22fast%22'
 */
export function encodeTextDirective(term: string): string {
  return encodeURIComponent(term).replace(
    TEXT_DIRECTIVE_EXTRA_RE,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The `text=` directive (WICG scroll-to-text-fragment) that finds `text` on the source page:
 * the whole text when short, else `textStart,textEnd` from its first and last words.
 * @example textDirective('Short sentence here.') // 'text=Short%20sentence%20here.'
 */
export function textDirective(text: string): string {
  const words = squish(text).split(' ').filter(Boolean);
  if (words.length <= TEXT_FRAGMENT_MAX_WORDS) return `text=${encodeTextDirective(words.join(' '))}`;
  const start = words.slice(0, TEXT_FRAGMENT_EDGE_WORDS).join(' ');
  const end = words.slice(-TEXT_FRAGMENT_EDGE_WORDS).join(' ');
  return `text=${encodeTextDirective(start)},${encodeTextDirective(end)}`;
}

/** Parses an absolute http(s) URL, or returns null. */
export function httpUrl(raw: string | null | undefined): URL | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * Link to a span of the source page: the page URL with its own fragment replaced by a text fragment.
 * Null when the page has no usable URL or the span is empty.
 * @example fragmentLink('https://x.org/a#top', 'He left.') // 'https://x.org/a#:~:text=He%20left.'
 */
export function fragmentLink(pageUrl: string | null, text: string): string | null {
  const url = httpUrl(pageUrl);
  if (!url || squish(text) === '') return null;
  url.hash = '';
  return `${neutraliseUrl(url.toString())}#:~:${textDirective(text)}`;
}

function spanText(story: Story, span: KeyPoint | Quote): string {
  const verbatim = story.source.slice(span.start, span.end);
  return squish(verbatim) ? verbatim : span.text;
}

/**
 * A quote as shown on its own: whitespace squished, the comma that led into its attribution in the
 * article ("…broken," said X) shown as a full stop, as editors do, and the marks that reopened it for
 * each of its paragraphs dropped (`withoutReopenings`).
 * @example quoteDisplay('We will stay,') // 'We will stay.'
 */
export function quoteDisplay(text: string): string {
  return squish(withoutReopenings(text)).replace(TRAILING_COMMA_RE, '.');
}

/** A part's last comma, semicolon or colon, before " …" joins the next part to it. */
const TRAILING_JOINER_RE = /[,;:]$/u;
/** A quote part that goes on the sentence of the part before it: its first letter is lower case. */
const GOES_ON_RE = /^[^\p{L}]*\p{Ll}/u;

/** A quote the reader sees: the text shown, and the (first) part it starts with, for its speaker and link. */
export interface ShownQuote {
  text: string;
  first: Quote;
}

/**
 * The quotes as a reader sees them. The parts of an interrupted quotation (`"We will go," he said, "and we will
 * stay."`), which the selection keeps together (quote-parts.ts `groupParts`), are shown as one quote under one
 * attribution: "We will go … and we will stay." A part that starts a new sentence follows the part before it after
 * its full stop ("We will go. We will stay."). Each part is shown as `quoteDisplay` shows a quote. The JSON output
 * keeps the parts apart, with their own offsets.
 */
export function shownQuotes(story: Pick<Story, 'quotes' | 'source'>): ShownQuote[] {
  return groupParts(story.quotes, story.source).map((parts) => ({
    first: parts[0]!,
    text: parts
      .map((part, i) => {
        const next = parts[i + 1];
        if (!next || !GOES_ON_RE.test(next.text)) return quoteDisplay(part.text);
        return `${squish(withoutReopenings(part.text)).replace(TRAILING_JOINER_RE, '')} …`;
      })
      .join(' '),
  }));
}

/** An opening mark after a sentence's end, before a capital or a digit. */
const OPENING_AFTER_SENTENCE_RE = /(?<=[.!?…]\s+)[“"‘'](?=[\p{Lu}\d])/gu;
/** What closes each opening mark: a double mark, or a single one no letter follows (not "it’s"). */
const DOUBLE_CLOSER_RE = /[”"]/u;
const SINGLE_CLOSER_RE = /[’'](?!\p{L})/u;

/**
 * A quotation that runs over several paragraphs reopens with its own mark at each one and closes only
 * at its end (`We lost. ⏎ “Then we won.`), so inside its text such a mark has nothing closing it after it:
 * shown on its own, the quote drops it. A quotation quoted inside another (`It is clear. “They did
 * nothing,” one analyst said.`) has its closer, and keeps its marks.
 */
function withoutReopenings(text: string): string {
  return text.replace(OPENING_AFTER_SENTENCE_RE, (mark: string, at: number) => {
    const closer = mark === '“' || mark === '"' ? DOUBLE_CLOSER_RE : SINGLE_CLOSER_RE;
    return closer.test(text.slice(at + 1)) ? mark : '';
  });
}

/** "Speaker, role", "Speaker", or "Unattributed" (also for a pronoun alone; see shown-speaker.ts). */
export function attributionOf(quote: Pick<Quote, 'speaker' | 'role'>): string {
  const role = quote.role ? squish(quote.role) : '';
  const line = attributionLine(quote.speaker ? squish(quote.speaker) : null, role);
  if (line !== null) return line;
  return role ? `Unattributed (${role})` : 'Unattributed';
}

function hostOf(url: URL | null): string | null {
  return url ? url.hostname.replace(WWW_RE, '') : null;
}

/**
 * Asks for a date of the view model: gets the text to put in the view. Rendering once for many readers
 * (`slottedDigestView`), that is a token the rendered issue turns into a per-recipient slot (core/date-slots.ts);
 * otherwise the list's text itself.
 */
type DateSlotter = (request: DateSlotRequest) => string;

const shownAsIs: DateSlotter = (request) => request.shown;

/**
 * A story's publication date for people, in the list's zone and locale; text that is not an
 * ISO 8601 date (a page's "26 November 2026", "last week") is shown as it is.
 * @example publishedLabel('2026-12-02T09:00:00.000Z', 'Europe/Oslo', 'en-GB') // '2 Dec 2026, 10:00 CET'
 * @example publishedLabel('2026-12-02', 'Europe/Oslo', 'en-GB') // '2 Dec 2026'
 */
export function publishedLabel(published: string, timeZone = 'UTC', locale = DEFAULT_DATE_LOCALE): string {
  return publishedText(published, { timeZone, locale }, shownAsIs);
}

/** publishedLabel, with an ISO 8601 time (the only kind a zone changes) asked of `slot`. */
function publishedText(
  published: string,
  options: Pick<RenderOptions, 'timeZone' | 'locale'>,
  slot: DateSlotter,
): string {
  const text = squish(published);
  const read = publishedKind(text);
  if (read.kind === 'text') return text;
  const locale = options.locale ?? DEFAULT_DATE_LOCALE;
  if (read.kind === 'day') return formatDay(read.time, locale);
  return slot({
    at: new Date(read.time).toISOString(),
    style: 'time',
    ...(locale === DEFAULT_DATE_LOCALE ? {} : { locale }),
    shown: formatDate(read.time, 'time', options.timeZone, locale),
  });
}

function storyView(
  story: Story,
  index: number,
  all: readonly Story[],
  options: RenderOptions,
  slot: DateSlotter,
): StoryView {
  const url = httpUrl(story.url);
  const host = hostOf(url);
  const title = squish(story.title ?? '') || host || `Story ${index + 1}`;
  const published = story.published ? publishedText(story.published, options, slot) : '';
  const meta = [story.byline ? squish(story.byline) : '', published].filter(Boolean).join(' · ');
  const publication = squish(story.siteName ?? '') || host;
  return {
    number: index + 1,
    title,
    url: url ? neutraliseUrl(url.toString()) : null,
    host,
    meta: meta || null,
    kicker: [all.length > 1 ? String(index + 1) : '', publication ?? ''].filter(Boolean).join(' · ') || null,
    last: index === all.length - 1,
    keyPoints: story.keyPoints.map((point) => ({
      text: squish(point.shown ?? point.text),
      url: url ? fragmentLink(url.toString(), spanText(story, point)) : null,
    })),
    hasKeyPoints: story.keyPoints.length > 0,
    quotes: shownQuotes(story).map(({ text, first }) => ({
      text,
      speaker: squishOrNull(shownSpeaker(first.speaker)),
      role: first.role ? squish(first.role) : null,
      attribution: attributionOf(first),
      url: url ? fragmentLink(url.toString(), spanText(story, first)) : null,
    })),
  };
}

/** The base URL without trailing slashes; throws when it is not absolute http(s). */
export function normalizeBaseUrl(baseUrl: string): string {
  if (!httpUrl(baseUrl)) throw new Error(`base URL must be an absolute http(s) URL: ${baseUrl}`);
  return baseUrl.trim().replace(TRAILING_SLASHES_RE, '');
}

/**
 * "26 November 2026" from an ISO time, in the list's zone (UTC by default), or '' when it does not parse.
 * @example dateLabel('2026-11-26T23:00:00Z') // '26 November 2026'
 */
export function dateLabel(iso: string, timeZone = 'UTC'): string {
  return issueDate(iso, timeZone, shownAsIs);
}

function issueDate(iso: string, timeZone: string | undefined, slot: DateSlotter): string {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return '';
  return slot({ at: new Date(time).toISOString(), style: 'day', shown: formatDate(time, 'day', timeZone) });
}

function truncate(text: string, max: number): string {
  const clean = squish(text);
  if (clean.length <= max) return clean;
  // never half a surrogate pair (an emoji): it would show as U+FFFD
  const cut = clean.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/u, '');
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** The link to an issue's web version. */
export function issueUrl(baseUrl: string, issueId: string): string {
  return `${normalizeBaseUrl(baseUrl)}/issues/${encodeURIComponent(issueId)}`;
}

/**
 * The shown name of a list when none is configured: `default` is the product's own name, other
 * ids are title-cased.
 * @example listDisplayName('coastal-weekly') // 'Coastal Weekly'
 */
export function listDisplayName(list: string): string {
  const id = squish(list);
  if (id === '' || id === 'default') return 'Newsletter Digest';
  return id
    .split(LIST_SEPARATOR_RE)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** The logo of a list titled `listName`, when its URL is absolute http(s); else none. */
export function logoView(logoUrl: string | null | undefined, listName: string): LogoView | null {
  const url = httpUrl(logoUrl);
  return url ? { url: neutraliseUrl(url.toString()), alt: listName } : null;
}

/** The view model of the digest email (and of its web version), its dates in the list's zone. */
export function digestView(issue: Issue, options: RenderOptions): DigestView {
  return digestViewWith(issue, options, shownAsIs);
}

/**
 * The view model of an issue rendered once for many readers: each date a token (core/date-slots.ts `dateToken`),
 * and what each stands for, for `placeDates` to put the list's text in place and note where it went.
 */
export function slottedDigestView(
  issue: Issue,
  options: RenderOptions,
): { view: DigestView; dates: DateSlotRequest[] } {
  const dates: DateSlotRequest[] = [];
  const view = digestViewWith(issue, options, (request) => dateToken(dates.push(request) - 1));
  return { view, dates };
}

function digestViewWith(issue: Issue, options: RenderOptions, slot: DateSlotter): DigestView {
  const stories = issue.stories.map((story, i, all) => storyView(story, i, all, options, slot));
  const firstPoint = stories.find((s) => s.keyPoints.length > 0)?.keyPoints[0]?.text ?? '';
  const n = stories.length;
  const listName = squish(options.listName ?? '') || listDisplayName(issue.list);
  return {
    lang: 'en',
    subject: prefixedSubject(
      squish(options.subjectPrefix ?? '') || null,
      squish(issue.subject) || stories[0]?.title || 'Digest',
    ),
    preheader: truncate(issue.preheader || firstPoint, PREHEADER_MAX),
    listName,
    logo: logoView(options.logoUrl, listName),
    accent: accentOf(options.accentColor),
    dateLabel: issueDate(issue.createdAt, options.timeZone, slot),
    storyCountLabel: n === 1 ? '1 story' : `${n} stories`,
    hasContents: n > 1,
    viewInBrowserUrl: options.webVersion === false ? null : issueUrl(options.baseUrl, issue.id),
    webVersionNote: options.webVersion === false ? NO_WEB_VERSION_NOTE : null,
    unsubscribeUrl: PLACEHOLDERS.unsubscribeUrl,
    preferencesUrl: PLACEHOLDERS.preferencesUrl,
    postalAddress: squish(options.postalAddress),
    stories,
  };
}

export interface ForwardOptions extends RenderOptions {
  forwardedBy: string;
  note?: string | null;
  subscribeUrl: string;
}

/** The view model of an issue forwarded to stakeholders: no personal links at all. */
export function forwardView(issue: Issue, options: ForwardOptions): ForwardView {
  const { unsubscribeUrl: _u, preferencesUrl: _p, ...digest } = digestView(issue, options);
  const note = options.note ? neutraliseText(options.note.replace(/\r\n?/g, '\n')).trim() : null;
  return {
    ...digest,
    subject: `Fwd: ${digest.subject}`,
    issueSubject: digest.subject,
    forwardedBy: squish(options.forwardedBy) || 'A colleague',
    note: note ? note : null,
    subscribeUrl: options.subscribeUrl,
  };
}

export interface ConfirmationOptions {
  confirmUrl: string;
  list: string;
  postalAddress: string;
  baseUrl: string;
  listName?: string;
  logoUrl?: string | null;
  accentColor?: string | null;
}

/** The view model of the double opt-in mail. */
export function confirmationView(options: ConfirmationOptions): ConfirmationView {
  const listName = squish(options.listName ?? '') || listDisplayName(options.list);
  return {
    lang: 'en',
    subject: `Confirm your subscription to ${listName}`,
    preheader: `One click to start receiving ${listName}. If you did not ask for it, ignore this mail.`,
    listName,
    logo: logoView(options.logoUrl, listName),
    accent: accentOf(options.accentColor),
    confirmUrl: options.confirmUrl,
    // Not the base URL itself: nothing a reader can use is served there (no route in AWS; `digest dev`'s preview).
    homeUrl: `${normalizeBaseUrl(options.baseUrl)}/lists/${encodeURIComponent(options.list)}/archive`,
    postalAddress: squish(options.postalAddress),
  };
}
