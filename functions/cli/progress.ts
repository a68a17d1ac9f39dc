/**
 * Progress of long commands (`send`, `subscribers import`, `briefing`, `forward`) on stderr, so that
 * stdout (and `--json`) stays clean. On a terminal a cli-progress bar; on a pipe (cron, CI) a plain
 * line at least every 5 s, which a log can read: `sent 1200/2000, 0 failed, 14/s, eta 57s`.
 * `--progress bar|plain|none` overrides the choice. The plain line is printed on a timer, not on
 * each update, so a stalled run still says where it stands; when it has printed any, a last line
 * says where the run ended. A run shorter than the interval prints none: its summary says it all.
 * DIGEST_PROGRESS_INTERVAL_MS shortens the interval (tests read the plain lines through a pipe).
 */

import { cliSwitches } from './cli-env.js';
import { CliError } from './cli-error.js';

export const PROGRESS_MODES = ['bar', 'plain', 'none'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];
export const PLAIN_INTERVAL_MS = 5_000;

export interface Progress {
  update(done: number, total: number, failed?: number): void;
  stop(): void;
}

export const noProgress: Progress = { update() {}, stop() {} };

/** The commander option text every long command shares. */
export const PROGRESS_OPTION_HELP =
  'progress on stderr: bar, plain (a line every 5 s) or none (default: bar on a terminal, plain otherwise)';

/** `--progress` value → mode; undefined when the flag was not given. `false` is `--no-progress`. */
export function parseProgressMode(value: string | boolean | undefined): ProgressMode | undefined {
  if (value === undefined || value === true) return undefined;
  if (value === false) return 'none';
  if ((PROGRESS_MODES as readonly string[]).includes(value)) return value as ProgressMode;
  throw new CliError(`--progress must be one of ${PROGRESS_MODES.join(', ')} (got "${value}")`, {
    exitCode: 2,
  });
}

function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * One plain progress line.
 * @example plainLine('sent', 1200, 2000, 0, 85_000) // 'sent 1200/2000, 0 failed, 14/s, eta 57s'
 */
export function plainLine(
  verb: string,
  done: number,
  total: number,
  failed: number,
  elapsedMs: number,
): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const rateText = rate >= 10 ? String(Math.round(rate)) : rate.toFixed(1);
  const eta = done >= total ? '0s' : rate > 0 ? seconds(((total - done) / rate) * 1000) : '?';
  return `${verb} ${done}/${total}, ${failed} failed, ${rateText}/s, eta ${eta}`;
}

export interface ProgressOptions {
  /** What is counted: `sent`, `imported`. */
  verb: string;
  /** From `--progress`; undefined picks bar on a terminal, plain otherwise. */
  mode?: ProgressMode;
  stream?: NodeJS.WriteStream;
  intervalMs?: number;
  now?: () => number;
}

/** A plain-line reporter: a line every `intervalMs` once the total is known, and a last one. */
export function plainProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  let state: { done: number; total: number; failed: number } | null = null;
  let printed = 0;
  const print = () => {
    if (!state) return;
    stream.write(`${plainLine(options.verb, state.done, state.total, state.failed, now() - started)}\n`);
    printed++;
  };
  const timer = setInterval(print, options.intervalMs ?? PLAIN_INTERVAL_MS);
  timer.unref();
  return {
    update(done, total, failed = 0) {
      state = { done, total, failed };
    },
    stop() {
      clearInterval(timer);
      if (printed > 0) print();
      state = null;
    },
  };
}

async function barProgress(options: ProgressOptions): Promise<Progress> {
  const stream = options.stream ?? process.stderr;
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    {
      stream,
      format: `${options.verb} [{bar}] {value}/{total}, {failed} failed, eta {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      // Asked for explicitly on a pipe: draw anyway.
      noTTYOutput: !stream.isTTY,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, failed = 0) {
      if (!started) {
        bar.start(total, done, { failed });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { failed });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Opens the reporter the mode asks for (bar on a terminal, plain on a pipe, unless told). */
export async function openProgress(options: ProgressOptions): Promise<Progress> {
  const stream = options.stream ?? process.stderr;
  const mode = options.mode ?? (stream.isTTY ? 'bar' : 'plain');
  if (mode === 'none') return noProgress;
  if (mode === 'bar') return barProgress({ ...options, stream });
  return plainProgress({
    ...options,
    stream,
    intervalMs: options.intervalMs ?? cliSwitches().DIGEST_PROGRESS_INTERVAL_MS,
  });
}
