/**
 * Per-recipient personalisation of an issue rendered once: the placeholder slots
 * (core/placeholders.ts) are replaced by the recipient's links. The issue is split at its slots
 * once (`compilePersonalisation`); each recipient then costs a join of a few strings. MJML and the
 * template engine never run per recipient.
 *
 * In the HTML every value is attribute-escaped (the slots sit in `href="…"` and in text); in the
 * plain-text part it is inserted as is. Values must be absolute https URLs (http only on a
 * loopback host) or mailto: anything else, or a value with control characters, is refused.
 */
import { escapeHtml } from './html-escape.js';
import { PLACEHOLDERS, type PlaceholderName } from './placeholders.js';

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

export interface SplitDocument {
  /** Literal pieces; slot i sits between parts[i] and parts[i + 1]. */
  parts: string[];
  slots: PlaceholderName[];
}

/** An issue split at its slots, ready to personalise many times. */
export interface PersonalisationTemplate {
  html: SplitDocument;
  text: SplitDocument;
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

function split(document: string): SplitDocument {
  const parts: string[] = [];
  const slots: PlaceholderName[] = [];
  let last = 0;
  for (const match of document.matchAll(SLOT_RE)) {
    parts.push(document.slice(last, match.index));
    slots.push(SLOT_BY_TOKEN.get(match[0])!);
    last = match.index + match[0].length;
  }
  parts.push(document.slice(last));
  return { parts, slots };
}

/** Joins a split document around its slots with the given values (already escaped as needed). */
export function joinSlots(document: SplitDocument, values: RecipientLinks): string {
  let out = document.parts[0]!;
  for (let i = 0; i < document.slots.length; i++) out += values[document.slots[i]!] + document.parts[i + 1]!;
  return out;
}

/**
 * Splits a rendered issue at its placeholder slots. Run once per issue.
 * @example const t = compilePersonalisation(rendered); personalise(t, links)
 */
export function compilePersonalisation(rendered: { html: string; text: string }): PersonalisationTemplate {
  return { html: split(rendered.html), text: split(rendered.text) };
}

/** The slots an issue actually uses (an issue without an unsubscribe slot must not be sent). */
export function slotsUsed(template: PersonalisationTemplate): Set<PlaceholderName> {
  return new Set([...template.html.slots, ...template.text.slots]);
}

/**
 * One recipient's slot values, checked: attribute-escaped for the HTML part, as they are for text.
 * For callers that join the slots themselves (the per-issue MIME template).
 */
export function slotValues(links: RecipientLinks): { html: RecipientLinks; text: RecipientLinks } {
  const html = {} as RecipientLinks;
  for (const name of Object.keys(PLACEHOLDERS) as PlaceholderName[]) {
    const value = links[name];
    assertLinkValue(name, value);
    html[name] = escapeHtml(value);
  }
  return { html, text: links };
}

/**
 * Fills one recipient's links into an issue split by compilePersonalisation.
 * @example personalise(t, { unsubscribeUrl: 'https://x.org/unsubscribe?token=a&b', preferencesUrl: '…' }).html
 *   // … href="https://x.org/unsubscribe?token=a&amp;b" …
 */
export function personalise(
  template: PersonalisationTemplate,
  links: RecipientLinks,
): { html: string; text: string } {
  const escaped = slotValues(links).html;
  return { html: joinSlots(template.html, escaped), text: joinSlots(template.text, links) };
}
