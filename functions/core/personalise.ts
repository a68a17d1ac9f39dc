/**
 * Per-recipient personalisation of an issue rendered once: the placeholder slots
 * (core/placeholders.ts) are replaced by the recipient's links, and the date slots (core/date-slots.ts)
 * by the dates in the recipient's time zone when their record has one (else they keep the list's).
 * The issue is split at its slots once (`compilePersonalisation`); each recipient then costs a join
 * of a few strings. MJML and the template engine never run per recipient, and the dates of one time
 * zone are formatted once per issue (`readerDates`), whatever the number of its readers.
 *
 * In the HTML every value is attribute-escaped (the slots sit in `href="…"` and in text); in the
 * plain-text part it is inserted as is. Link values must be absolute https URLs (http only on a
 * loopback host) or mailto: anything else, or a value with control characters, is refused.
 */
import { formatDate } from './date-labels.js';
import type { DateSlot, DateSlotRequest } from './date-slots.js';
import { escapeHtml } from './html-escape.js';
import { PLACEHOLDERS, type PlaceholderName } from './placeholders.js';
import { canonicalTimeZone } from './time-zone.js';

const CONTROL_OR_SPACE_RE = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/;
const WEB_URL_RE =
  /^(?:https:\/\/[^/?#]+|http:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?(?=[/?#]|$))/i;
const MAILTO_RE = /^mailto:[^@\s]+@[^@\s]+$/i;

export type RecipientLinks = Record<PlaceholderName, string>;

export class PersonaliseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PersonaliseError';
  }
}

/** Throws unless `value` is an absolute https URL, loopback http URL or mailto without spaces or controls. */
export function assertLinkValue(name: string, value: string): void {
  if (CONTROL_OR_SPACE_RE.test(value))
    throw new PersonaliseError(`${name} contains spaces or control characters`);
  if (!WEB_URL_RE.test(value) && !MAILTO_RE.test(value)) {
    throw new PersonaliseError(`${name} must be an https URL (http only on loopback) or mailto`);
  }
}

/** A slot of a split document: a link placeholder, or the index of one of the dates. */
export type Slot = PlaceholderName | number;

export interface SplitDocument {
  /** Literal pieces; slot i sits between parts[i] and parts[i + 1]. */
  parts: string[];
  slots: Slot[];
  /** The text of each date slot in the list's zone, as this document carries it (HTML-escaped in the HTML). */
  dates?: readonly string[];
}

/** An issue split at its slots, ready to personalise many times. */
export interface PersonalisationTemplate {
  html: SplitDocument;
  text: SplitDocument;
  /** What each date slot stands for (indexed as the documents' date slots); none in an issue without. */
  dates?: readonly DateSlotRequest[];
}

/** One recipient's values for the slots of a document: their links, and their dates unless the list's. */
export type SlotValues = RecipientLinks & { dates?: readonly string[] };

/** A reader's dates in their time zone, for the HTML part (escaped) and the text part. */
export interface ReaderDates {
  html: readonly string[];
  text: readonly string[];
}

const SLOT_BY_TOKEN = new Map<string, PlaceholderName>(
  (Object.entries(PLACEHOLDERS) as [PlaceholderName, string][]).map(([name, token]) => [token, name]),
);
const SLOT_RE = new RegExp(
  Object.values(PLACEHOLDERS)
    .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
);

interface Cut {
  at: number;
  end: number;
  slot: Slot;
}

/**
 * Where a document is cut: at each placeholder, and at each date's offsets when `dates` are given. Null when a date
 * is not where the rendered issue says (the document changed after rendering) or overlaps another slot.
 */
function cutsOf(document: string, dates: readonly DateSlot[], part: 'html' | 'text'): Cut[] | null {
  const cuts: Cut[] = [];
  for (const match of document.matchAll(SLOT_RE)) {
    cuts.push({ at: match.index, end: match.index + match[0].length, slot: SLOT_BY_TOKEN.get(match[0])! });
  }
  if (dates.length === 0) return cuts;
  for (const [index, date] of dates.entries()) {
    const shown = part === 'html' ? escapeHtml(date.shown) : date.shown;
    for (const at of date[part]) {
      if (!Number.isInteger(at) || !document.startsWith(shown, at)) return null;
      cuts.push({ at, end: at + shown.length, slot: index });
    }
  }
  cuts.sort((a, b) => a.at - b.at);
  for (let i = 1; i < cuts.length; i++) if (cuts[i]!.at < cuts[i - 1]!.end) return null;
  return cuts;
}

function split(document: string, cuts: readonly Cut[], dates?: readonly string[]): SplitDocument {
  const parts: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const cut of cuts) {
    parts.push(document.slice(last, cut.at));
    slots.push(cut.slot);
    last = cut.end;
  }
  parts.push(document.slice(last));
  return dates ? { parts, slots, dates } : { parts, slots };
}

/** The date slots a rendered issue records, when each is well formed; else none (its readers see the list's). */
function wellFormedDates(dates: readonly DateSlot[] | undefined): readonly DateSlot[] {
  if (!Array.isArray(dates)) return [];
  const ok = dates.every(
    (d) =>
      (d.style === 'day' || d.style === 'time') &&
      typeof d.shown === 'string' &&
      d.shown !== '' &&
      typeof d.at === 'string' &&
      Number.isFinite(Date.parse(d.at)) &&
      (d.locale === undefined || typeof d.locale === 'string') &&
      Array.isArray(d.html) &&
      Array.isArray(d.text),
  );
  return ok ? dates : [];
}

/** Joins a split document around its slots with the given values (already escaped as needed). */
export function joinSlots(document: SplitDocument, values: SlotValues): string {
  const dates = values.dates ?? document.dates ?? [];
  let out = document.parts[0]!;
  for (let i = 0; i < document.slots.length; i++) {
    const slot = document.slots[i]!;
    out += (typeof slot === 'number' ? dates[slot] : values[slot]) + document.parts[i + 1]!;
  }
  return out;
}

/**
 * Splits a rendered issue at its placeholder slots and its date slots (`rendered.dates`). Run once per issue.
 * Dates that are not where the rendered issue says are left as they are, in the list's zone.
 * @example const t = compilePersonalisation(rendered); personalise(t, links, 'Asia/Tokyo')
 */
export function compilePersonalisation(rendered: {
  html: string;
  text: string;
  dates?: readonly DateSlot[];
}): PersonalisationTemplate {
  const dates = wellFormedDates(rendered.dates);
  const htmlCuts = cutsOf(rendered.html, dates, 'html');
  const textCuts = cutsOf(rendered.text, dates, 'text');
  if (dates.length === 0 || !htmlCuts || !textCuts) {
    return {
      html: split(rendered.html, cutsOf(rendered.html, [], 'html')!),
      text: split(rendered.text, cutsOf(rendered.text, [], 'text')!),
    };
  }
  return {
    html: split(
      rendered.html,
      htmlCuts,
      dates.map((d) => escapeHtml(d.shown)),
    ),
    text: split(
      rendered.text,
      textCuts,
      dates.map((d) => d.shown),
    ),
    dates: dates.map(({ at, style, locale, shown }) => ({ at, style, ...(locale ? { locale } : {}), shown })),
  };
}

/** The slots an issue actually uses (an issue without an unsubscribe slot must not be sent). */
export function slotsUsed(template: PersonalisationTemplate): Set<PlaceholderName> {
  const used = new Set<PlaceholderName>();
  for (const slot of [...template.html.slots, ...template.text.slots])
    if (typeof slot === 'string') used.add(slot);
  return used;
}

/** How many time zones' dates one issue keeps; past that a zone's are formatted for each of its readers. */
const MAX_CACHED_ZONES = 1_000;
const zoneCache = new WeakMap<PersonalisationTemplate, Map<string, ReaderDates | null>>();

function datesIn(dates: readonly DateSlotRequest[], timeZone: string): ReaderDates | null {
  const zone = canonicalTimeZone(timeZone);
  // a zone this runtime does not know: the list's dates rather than UTC's
  if (!zone) return null;
  const text = dates.map((d) => formatDate(Date.parse(d.at), d.style, zone, d.locale));
  if (text.every((t, i) => t === dates[i]!.shown)) return null;
  return { html: text.map(escapeHtml), text };
}

/**
 * A reader's dates: the date slots formatted in `timeZone` (their record's), once per zone and issue. None
 * (the list's dates as rendered) when the reader has no zone, the issue has no date slots, the zone is unknown, or
 * it shows every date as the list's zone does.
 * @example readerDates(compilePersonalisation(rendered), 'Asia/Tokyo') // { html: ['27 November 2026', …], text: […] }
 */
export function readerDates(
  template: PersonalisationTemplate,
  timeZone: string | null | undefined,
): ReaderDates | undefined {
  const dates = template.dates;
  if (!timeZone || !dates || dates.length === 0) return undefined;
  let zones = zoneCache.get(template);
  if (!zones) {
    zones = new Map();
    zoneCache.set(template, zones);
  }
  let found = zones.get(timeZone);
  if (found === undefined) {
    found = datesIn(dates, timeZone);
    if (zones.size < MAX_CACHED_ZONES) zones.set(timeZone, found);
  }
  return found ?? undefined;
}

/**
 * One recipient's slot values, checked: links attribute-escaped for the HTML part, as they are for text, and their
 * dates (`readerDates`) when they are not the list's. For callers that join the slots themselves (the per-issue
 * MIME template).
 */
export function slotValues(
  links: RecipientLinks,
  dates?: ReaderDates,
): { html: SlotValues; text: SlotValues } {
  const html = {} as SlotValues;
  for (const name of Object.keys(PLACEHOLDERS) as PlaceholderName[]) {
    const value = links[name];
    assertLinkValue(name, value);
    html[name] = escapeHtml(value);
  }
  if (!dates) return { html, text: links };
  html.dates = dates.html;
  return { html, text: { ...links, dates: dates.text } };
}

/**
 * Fills one recipient's links, and their dates in `timeZone` (their record's; the list's when absent), into an
 * issue split by compilePersonalisation.
 * @example personalise(t, { unsubscribeUrl: 'https://x.org/unsubscribe?token=a&b', preferencesUrl: '…' }).html
 *   // … href="https://x.org/unsubscribe?token=a&amp;b" …
 */
export function personalise(
  template: PersonalisationTemplate,
  links: RecipientLinks,
  timeZone?: string | null,
): { html: string; text: string } {
  const values = slotValues(links, readerDates(template, timeZone));
  return { html: joinSlots(template.html, values.html), text: joinSlots(template.text, values.text) };
}
