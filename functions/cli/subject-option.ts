/** `--subject` of `digest send` and `digest render`. */
import { MAX_SUBJECT_LENGTH } from '../core/issue-edits.js';
import { CliError } from './cli-error.js';
import { lineOption } from './line-option.js';

/**
 * The subject as the issue carries it (runs of spaces made one), or undefined when not given. A line break, tab or
 * control character in it is refused, exit 2 (line-option.ts): the Subject header is one line, as typed.
 * A subject over MAX_SUBJECT_LENGTH (the console editor's limit too) is refused, exit 2, before any work:
 * it is never cut short without a word, and never reaches a mail header longer than a header line may be.
 */
export function subjectOption(value: string | undefined): string | undefined {
  const line = lineOption('--subject', value, 'a subject');
  if (line === undefined) return undefined;
  const subject = line.replace(/\s+/g, ' ');
  if (subject.length > MAX_SUBJECT_LENGTH) {
    throw new CliError(
      `--subject is ${subject.length} characters long; a subject takes at most ${MAX_SUBJECT_LENGTH}`,
      { exitCode: 2 },
    );
  }
  return subject;
}
