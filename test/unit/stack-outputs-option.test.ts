/**
 * Every data command takes `--stack-outputs FILE` (ARCHITECTURE.md, "Lists, the deployed service"): each command
 * module registered on a real commander program, every leaf command's options read back.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import * as briefing from '../../functions/cli/commands/briefing.js';
import * as dev from '../../functions/cli/commands/dev.js';
import * as forward from '../../functions/cli/commands/forward.js';
import * as keys from '../../functions/cli/commands/keys.js';
import * as lists from '../../functions/cli/commands/lists.js';
import * as send from '../../functions/cli/commands/send.js';
import * as sources from '../../functions/cli/commands/sources.js';
import * as stats from '../../functions/cli/commands/stats.js';
import * as subscribers from '../../functions/cli/commands/subscribers.js';

/** Commands that read or write the service's data; `summarize` and `render` only turn an article into output. */
const DATA_COMMANDS: Record<string, { register(program: Command): void }> = {
  subscribers,
  send,
  briefing,
  forward,
  stats,
  sources,
  lists,
  keys,
  dev,
};

function leaves(command: Command, path: string[] = []): [string, Command][] {
  const here = [...path, command.name()];
  if (command.commands.length === 0) return [[here.join(' '), command]];
  return command.commands.flatMap((child) => leaves(child, here));
}

describe('--stack-outputs on every data command', () => {
  it.each(Object.keys(DATA_COMMANDS))('digest %s: every subcommand documents it', (name) => {
    const mod = DATA_COMMANDS[name]!;
    const program = new Command('digest');
    mod.register(program);
    const top = program.commands.find((c) => c.name() === name);
    expect(top, name).toBeDefined();
    const found = leaves(top!);
    expect(found.length).toBeGreaterThan(0);
    for (const [path, command] of found) {
      const option = command.options.find((o) => o.long === '--stack-outputs');
      expect(option, `${path} has no --stack-outputs`).toBeDefined();
      expect(option!.description, path).toMatch(/cdk deploy --outputs-file.*DIGEST_STACK_OUTPUTS/);
    }
  });
});
