/**
 * Reads the local outbox (`<data-dir>/outbox/*.eml`, written by the outbox mailer) for the
 * `digest dev` preview: a list of messages, newest first, and one message parsed for display.
 * File names are checked before they touch the filesystem: no separators, no dot-files.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';

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

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'text' in value && typeof value.text === 'string') return value.text;
  if (typeof value === 'object' && 'value' in value) return String(value.value);
  return String(value);
}

async function parse(dataDir: string, name: string): Promise<{ mail: ParsedMail; raw: string } | null> {
  if (!isOutboxName(name)) return null;
  let raw: string;
  try {
    raw = await readFile(join(outboxPath(dataDir), name), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { mail: await simpleParser(raw, { skipImageLinks: true }), raw };
}

function entryOf(name: string, mail: ParsedMail): OutboxEntry {
  return {
    name,
    date: mail.date ? mail.date.toISOString() : null,
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
    html: typeof mail.html === 'string' ? mail.html : null,
    text: mail.text ?? null,
    raw,
  };
}
