/**
 * A control character (C0, DEL, C1) or a Unicode line or paragraph separator: what no one-line value may hold, be it
 * a subject, a display name, an address, a list's title or an API key's name. Each would break or forge a mail
 * header, or show as something other than what was typed.
 */
export const CONTROL_CHARACTER_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
