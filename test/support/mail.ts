/** Reads a raw message the way a mail client would (postal-mime), for assertions on what arrived. */
import PostalMime, { type Address, type Email } from 'postal-mime';

export type ParsedMail = Email;

export function parseMail(raw: string | Uint8Array): Promise<ParsedMail> {
  return PostalMime.parse(raw);
}

/** The first header of that name, unfolded, or undefined. */
export function header(mail: ParsedMail, name: string): string | undefined {
  const key = name.toLowerCase();
  return mail.headers.find((h) => h.key === key)?.value;
}

/** The bare addresses of an address field, group members included. */
export function addresses(field: Address | Address[] | undefined): string[] {
  const list: Address[] = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address]));
}
