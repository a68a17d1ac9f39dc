/**
 * The summarizer's one configuration: every tuned value (selection weights by feature name, the candidate
 * window, the 4-point threshold, the rule switches) with its provenance. `summarizer-config.json` is written
 * by scripts/train-summarizer.ts and read here; nothing tuned lives in code.
 */
import CONFIG_JSON from './summarizer-config.json' with { type: 'json' };
import type { SetFeatureName } from './summarizer-features.js';

/** The trimming rules of `trimForReading`, in the order they run. */
export const TRIM_RULES = [
  'brackets',
  'dashes',
  'age',
  'whoClause',
  'leadTime',
  'attribution',
  'according',
  'dashTail',
  'clauseTail',
] as const;
export type TrimRule = (typeof TRIM_RULES)[number];

export interface SummarizerConfig {
  /** Where the values come from: script, data, seed, cross-validated figures. */
  provenance: Record<string, unknown>;
  /** Selection weights of the set features; a feature absent or at zero is never computed. */
  weights: Partial<Record<SetFeatureName, number>>;
  /** How many leading usable sentences are candidates. */
  window: number;
  /** How many more candidates are taken by centrality from the rest of the article. */
  central: number;
  /** Eligible sentences from which an article gets 4 key points (5 from 30 more). */
  fourPointsFrom: number;
  /** Set aside sentences in the writer's own voice ("I", "we", "you" outside quotations). */
  skipOwnVoice: boolean;
  /** Trimming rules applied to what the email shows. */
  trim: TrimRule[];
}

export const SUMMARIZER_CONFIG = CONFIG_JSON as SummarizerConfig;
