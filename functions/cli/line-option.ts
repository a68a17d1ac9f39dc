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
  throw new UsageError(
    `${flag} has ${characterKind(found[0])} in it: ${what} is one line of the mail, sent as typed; give it without line breaks, tabs or control characters`,
  );
}

/**
 * A text of several lines that goes into a mail as typed (a forward's note): line breaks and tabs are the text's
 * own, but any other control character (ESC, BEL, a backspace …) would reach the reader as an invisible or garbled
 * character, so it is refused as a bad option, exit 2, naming the option and the character.
 * @example textOption('--note', 'FYI\u001b[31m', 'the note') // throws: --note has a control character (U+001B) …
 */
export function textOption(flag: string, value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  const found = [...value].find((char) => CONTROL_CHARACTER_RE.test(char) && !TEXT_LAYOUT_RE.test(char));
  if (found === undefined) return value;
  throw new UsageError(
    `${flag} has ${controlCharacter(found)} in it: ${what} goes into the mail as typed; give it without control characters (ordinary line breaks and tabs are fine)`,
  );
}

/** Line breaks (\n, \r\n, \r) and tabs: what a text of several lines may hold. */
const TEXT_LAYOUT_RE = /[\n\r\t]/;

/** How an error names a character that a value may not hold. */
function characterKind(char: string): string {
  if (LINE_BREAK_RE.test(char)) return 'a line break';
  if (char === '\t') return 'a tab';
  return controlCharacter(char);
}

const controlCharacter = (char: string) =>
  `a control character (U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')})`;
