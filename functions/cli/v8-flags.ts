/**
 * The V8 settings of the `digest` command, set by main.ts before any command loads. The build's code cache
 * of the jsonl summarizer (story-runner.ts) is made under the same settings: V8 refuses a cache made under
 * others.
 *
 * A CLI run is short: `digest summarize --jsonl` over 150 articles runs each code path a few hundred times,
 * and V8's optimising compiler (TurboFan) spent more CPU compiling functions after their first few calls
 * than the compiled code saved in that span. A larger budget before a function is optimised keeps that work
 * for the functions that stay hot (long batches and `digest dev` still get them optimised). Measured on the
 * 150-article batch, median of 5 interleaved runs: 2.22 s of CPU with the default budget, 1.70 s with this
 * one (docs/benchmarks.md).
 */
export const CLI_V8_FLAGS = '--interrupt-budget=1000000';
