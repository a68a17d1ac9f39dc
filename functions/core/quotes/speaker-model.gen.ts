// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7238 candidates.
// Sieves alone: 0.9238. L2 0.0003 by 5-fold article-grouped CV: 0.9377; leave-one-outlet-out: 0.9368; on train: 0.9374.
import type { SpeakerModel } from './speaker-model.js';

export const SPEAKER_MODEL: SpeakerModel = {
  "features": [
    "bias",
    "sieve:tail",
    "sieve:head",
    "sieve:dash-line",
    "sieve:colon-line",
    "sieve:neighbour",
    "sieve:continuation",
    "sieve:subject-before",
    "noSieve",
    "namedBefore",
    "namedAfter",
    "sameParagraph",
    "previousParagraph",
    "sentencesBack",
    "logDistance",
    "speaks",
    "latestPersonBefore",
    "logMentions",
    "person",
    "description",
    "pronounPhrase",
    "genderClash",
    "previousQuoteSpeaker",
    "quoteOpensParagraph"
  ],
  "weights": [
    -1.4645,
    2.5894,
    3.1096,
    1.2932,
    3.4325,
    3.5126,
    3.7738,
    2.4067,
    1.1343,
    0.0389,
    -0.0389,
    1.2428,
    -1.7199,
    -1.3362,
    -3.0335,
    0.6822,
    0.3094,
    -0.2149,
    0.6549,
    -0.3275,
    -0.2479,
    -0.1204,
    0.346,
    0.7083
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3163,
    "sievesAlone": 0.9238,
    "lambda": 0.0003,
    "articleCv": 0.9377,
    "outletCv": 0.9368,
    "train": 0.9374
  }
};
