// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7107 candidates.
// Sieves alone: 0.9216. L2 0.0003 by 5-fold article-grouped CV: 0.9352; leave-one-outlet-out: 0.9352; on train: 0.9358.
import type { SpeakerModel } from './speaker-model.js';

export const SPEAKER_MODEL: SpeakerModel = {
  "features": [
    "bias",
    "sieve:reported",
    "sieve:tail",
    "sieve:head",
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
    -2.13,
    0.38,
    2.6186,
    3.0812,
    3.4757,
    3.5005,
    3.7632,
    2.3278,
    1.1722,
    0.0322,
    -0.0322,
    1.7415,
    -1.2136,
    -1.3786,
    -2.8387,
    0.7406,
    0.336,
    -0.2259,
    0.6983,
    -0.2471,
    -0.2439,
    -0.119,
    0.3443,
    0.6884
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3163,
    "sievesAlone": 0.9216,
    "lambda": 0.0003,
    "articleCv": 0.9352,
    "outletCv": 0.9352,
    "train": 0.9358
  }
};
