// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3162 matched quotations with a checkable speaker, 7106 candidates.
// Sieves alone: 0.9222. L2 0.0003 by 5-fold article-grouped CV: 0.9364; leave-one-outlet-out: 0.9364; on train: 0.9371.
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
    -2.0087,
    0.3706,
    2.6812,
    3.0671,
    3.4643,
    3.5141,
    3.7666,
    2.3312,
    1.1636,
    0.034,
    -0.034,
    1.7509,
    -1.1992,
    -1.3818,
    -2.8326,
    0.7255,
    0.3446,
    -0.2296,
    0.5657,
    -0.383,
    -0.2564,
    -0.0134,
    0.353,
    0.674
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3162,
    "sievesAlone": 0.9222,
    "lambda": 0.0003,
    "articleCv": 0.9364,
    "outletCv": 0.9364,
    "train": 0.9371
  }
};
