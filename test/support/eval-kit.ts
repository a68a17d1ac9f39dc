// The evaluation kit (benchmark data and the seed article with its hand-made reference) sits beside the repository
// as ../shared, never inside it. CI has it; a clone on its own does not. Tests that read it go through these helpers,
// so that without it they are skipped with a one-line reason naming the missing file, and run whenever it is there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';

export const EVAL_KIT = join(import.meta.dirname, '../../../shared');

/** Absolute path of a file of the kit, e.g. `kitPath('eval/cnndm-dev.jsonl')`. */
export const kitPath = (relative: string): string => join(EVAL_KIT, relative);

/** The first of these kit files that is missing, or undefined when all are there. */
export function missingKitFile(relatives: string[]): string | undefined {
  return relatives.find((relative) => !existsSync(kitPath(relative)));
}

/** Reads a kit file as UTF-8 (call it inside a suite registered with `describeWithKit`). */
export const readKit = (relative: string): string => readFileSync(kitPath(relative), 'utf8');

/**
 * `describe` for a suite that reads the kit. When a file is missing the suite's body is not run at all (so its
 * top-level reads cannot throw) and one skipped test says which file is missing.
 */
export function describeWithKit(relatives: string[], name: string, body: () => void): void {
  const missing = missingKitFile(relatives);
  if (missing === undefined) {
    describe(name, body);
    return;
  }
  describe.skip(name, () => {
    it(`skipped: ../shared/${missing} is not beside the repository (the evaluation kit)`, () => {});
  });
}

/** `it` for one test that reads the kit: skipped, naming the missing file, when it is absent. */
export function itWithKit(
  relatives: string[],
  name: string,
  body: () => void | Promise<void>,
  timeout?: number,
): void {
  const missing = missingKitFile(relatives);
  if (missing === undefined) it(name, body, timeout);
  else it.skip(`${name} (skipped: ../shared/${missing} is not beside the repository)`, body);
}
