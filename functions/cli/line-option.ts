/**
 * Option values that become one line of a mail: a subject (the Subject header), the name of whoever forwards an
 * issue ("forwarded by"). The same rule as a list's title, from name and subject prefix (`digest lists`,
 * core/list-changes.ts) and an API key's name (core/key-set.ts): a line break, tab or other control character inside
 * is refused, exit 2, naming the option, so that an editor knows exactly what goes into the mail; it is never
 * flattened into a space without a word. Surrounding whitespace is trimmed (the newline `$(cat subject.txt)` keeps).
 */

import { CONTROL_CHARACTER_RE } from '../core/control-characters.js';
import { UsageError } from './cli-error.js';

const LINE_BREAK_RE = /[\n\r\u0085\u2028\u2029]/u;

/**
 * The value trimmed, or undefined when not given; throws UsageError for a line break or control character inside.
 * @example lineOption('--from-name', 'Ada\nLind', 'a sender name') // throws: --from-name has a line break in it: …
 */
export function lineOption(flag: string, value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  const line = value.trim();
  const found = CONTROL_CHARACTER_RE.exec(line);
  if (!found) return line;
  const char = found[0];
  const kind = LINE_BREAK_RE.test(char)
    ? 'a line break'
    : char === '\t'
      ? 'a tab'
      : `a control character (U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')})`;
  throw new UsageError(
    `${flag} has ${kind} in it: ${what} is one line of the mail, sent as typed; give it without line breaks, tabs or control characters`,
  );
}
