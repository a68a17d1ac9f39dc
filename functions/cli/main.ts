#!/usr/bin/env node
// quiet-warnings must stay the first import: it has to run before any module loads the AWS SDK.
import './quiet-warnings.js';
import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError } from 'commander';
import { cliSwitches } from './cli-env.js';
import { CliError } from './cli-error.js';
import { withLoopbackHint } from './loopback-hint.js';
import { CLI_V8_FLAGS } from './v8-flags.js';

// Everything the CLI creates in the data dir (LevelDB files, outbox mail with personal links, the secret)
// is for its owner only: new files 0600, new directories 0700.
process.umask(0o077);

// V8's settings for a short run (v8-flags.ts): set before any command module loads, so that all of their
// functions get them.
setFlagsFromString(CLI_V8_FLAGS);

// A reader that stops early (`digest summarize … | head`) closes the pipe: what is left to print has nowhere to go,
// which is no error of ours and no reason for a stack trace. The command still finishes its work (a send is never cut
// short by its output) and exits as it would have.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

/**
 * Each command lives in its own module under ./commands and exports `register(program)`.
 * Modules are loaded lazily, and only the one asked for, so that `digest summarize` never pays
 * for the AWS SDK or dynalite. Name each module after its command (commands/send.ts → `digest send`).
 */
const COMMAND_MODULES = [
  './commands/summarize.js',
  './commands/render.js',
  './commands/dev.js',
  './commands/subscribers.js',
  './commands/briefing.js',
  './commands/sources.js',
  './commands/forward.js',
  './commands/keys.js',
  './commands/send.js',
  './commands/stats.js',
  './commands/lists.js',
] as const;

async function main(argv: string[]): Promise<void> {
  const program = new Command('digest')
    .description('Turn news articles into an email digest of key points and attributed quotes')
    .version('0.1.0')
    .exitOverride()
    // commander's own errors (unknown option, missing argument) become the one `digest: …` line
    // printed below, like every other error, instead of its `error: …` text.
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => {} });
  // A module's file name is its command name: load only the one asked for (help loads all).
  const asked = argv[2];
  const wanted = COMMAND_MODULES.filter((path) => path.endsWith(`/${asked}.js`));
  for (const path of wanted.length > 0 ? wanted : COMMAND_MODULES) {
    const mod = (await import(path)) as { register(program: Command): void };
    mod.register(program);
  }
  await program.parseAsync(argv);
}

const HELP_CODES = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

/** `error: unknown option '--jsn'\n(Did you mean --json?)` → `unknown option '--jsn' (Did you mean --json?)` */
function commanderMessage(error: CommanderError): string {
  return error.message
    .replace(/^error:\s*/, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.message;
  return String(error);
}

main(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Help and version were printed by commander; an error is one line, like ours.
    if (HELP_CODES.has(error.code)) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`digest: ${commanderMessage(error)}\n`);
    // A usage error (an unknown option, a missing value) exits 2, as a bad option value does (exit-codes.ts);
    // briefing's 2 tells cron to resume a delivery, so every error of briefing exits 1.
    process.exitCode = process.argv[2] === 'briefing' ? 1 : 2;
    return;
  }
  const code = error instanceof CliError ? error.exitCode : 1;
  process.stderr.write(`digest: ${withLoopbackHint(messageOf(error))}\n`);
  if (cliSwitches().DIGEST_DEBUG && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  process.exitCode = code;
});
