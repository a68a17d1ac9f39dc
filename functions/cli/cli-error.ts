/** An error whose message is fit to show a user as the CLI's one line on stderr. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? 1;
  }
}

/**
 * A usage error: an option or argument whose value the command refuses before it reads or writes anything (a value
 * out of range, not one of the allowed words, a malformed URL, address or list id, a missing or a needless flag).
 * Exit 2, as commander's own usage errors and most Unix tools (exit-codes.ts); `digest briefing` turns it into 1
 * (`exitOneOnError`). What depends on the data (no such list, issue or source; a feed that cannot be read) is a
 * plain CliError: exit 1.
 */
export class UsageError extends CliError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: 2 });
    this.name = 'UsageError';
  }
}
