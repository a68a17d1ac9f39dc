/**
 * Reads the local outbox (`<data-dir>/outbox/*.eml`, written by the outbox mailer) for the
 * `digest dev` preview: a list of messages, newest first, and one message parsed for display.
 * File names are checked before they touch the filesystem: no separators, no dot-files.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import PostalMime, { type Address, decodeWords, type Email } from 'postal-mime';

const OUTBOX_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@+=-]*\.eml$/;
/** Headers worth showing for our mail, in this order. */
const SHOWN_HEADERS = [
  'date',
  'from',
  'to',
  'reply-to',
  'subject',
  'list-id',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'x-digest-delivery',
  'message-id',
];

export interface OutboxEntry {
  name: string;
  date: string | null;
  to: string;
  subject: string;
}

export interface OutboxMessage extends OutboxEntry {
  from: string;
  headers: [string, string][];
  html: string | null;
  text: string | null;
  raw: string;
}

export function isOutboxName(name: string): boolean {
  return name.length <= 255 && OUTBOX_NAME_RE.test(name) && !name.includes('..');
}

function outboxPath(dataDir: string): string {
  return join(dataDir, 'outbox');
}

/** Names of the messages, newest first (the names sort by time, then sequence). */
export async function outboxNames(dataDir: string): Promise<string[]> {
  try {
    const names = await readdir(outboxPath(dataDir));
    return names.filter(isOutboxName).sort().reverse();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

const ADDRESS_HEADERS: Readonly<Record<string, (mail: Email) => Address[] | undefined>> = {
  from: (mail) => (mail.from ? [mail.from] : undefined),
  to: (mail) => mail.to,
  'reply-to': (mail) => mail.replyTo,
};

function addressText(addresses: readonly Address[]): string {
  return addresses
    .map((a) =>
      a.group ? `${a.name}: ${addressText(a.group)};` : a.name ? `"${a.name}" <${a.address}>` : a.address,
    )
    .join(', ');
}

/** A header as a reader would see it: addresses formatted, the date in ISO form, encoded words decoded. */
function headerText(mail: Email, name: string): string {
  const addresses = ADDRESS_HEADERS[name]?.(mail);
  if (addresses) return addressText(addresses);
  if (name === 'subject') return mail.subject ?? '';
  if (name === 'date') return dateText(mail) ?? '';
  const header = mail.headers.find((h) => h.key === name);
  return header ? decodeWords(header.value).trim() : '';
}

function dateText(mail: Email): string | null {
  if (!mail.date) return null;
  const date = new Date(mail.date);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

async function parse(dataDir: string, name: string): Promise<{ mail: Email; raw: string } | null> {
  if (!isOutboxName(name)) return null;
  let raw: string;
  try {
    raw = await readFile(join(outboxPath(dataDir), name), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { mail: await PostalMime.parse(raw), raw };
}

function entryOf(name: string, mail: Email): OutboxEntry {
  return {
    name,
    date: dateText(mail),
    to: headerText(mail, 'to'),
    subject: mail.subject ?? '',
  };
}

/** The newest `limit` messages with date, recipient and subject. */
export async function listOutboxMessages(
  dataDir: string,
  limit = 50,
): Promise<{ total: number; entries: OutboxEntry[] }> {
  const names = await outboxNames(dataDir);
  const entries: OutboxEntry[] = [];
  for (const name of names.slice(0, limit)) {
    const parsed = await parse(dataDir, name).catch(() => null);
    if (parsed) entries.push(entryOf(name, parsed.mail));
  }
  return { total: names.length, entries };
}

/** One message parsed for display, or null when the name is invalid or the file is gone. */
export async function readOutboxMessage(dataDir: string, name: string): Promise<OutboxMessage | null> {
  const parsed = await parse(dataDir, name);
  if (!parsed) return null;
  const { mail, raw } = parsed;
  return {
    ...entryOf(name, mail),
    from: headerText(mail, 'from'),
    headers: SHOWN_HEADERS.map((h): [string, string] => [h, headerText(mail, h)]).filter(([, v]) => v !== ''),
    html: mail.html ?? null,
    text: mail.text ?? null,
    raw,
  };
}
