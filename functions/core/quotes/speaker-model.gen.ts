// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7243 candidates.
// Sieves alone: 0.9238. L2 0.0003 by 5-fold article-grouped CV: 0.9377; leave-one-outlet-out: 0.9371; on train: 0.9374.
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
    -1.5353,
    2.6032,
    3.1246,
    1.2957,
    3.44,
    3.5186,
    3.7756,
    2.406,
    1.1352,
    0.0425,
    -0.0425,
    1.2445,
    -1.7251,
    -1.3395,
    -3.011,
    0.6773,
    0.3074,
    -0.2137,
    0.711,
    -0.2819,
    -0.2501,
    -0.1192,
    0.3476,
    0.7139
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3163,
    "sievesAlone": 0.9238,
    "lambda": 0.0003,
    "articleCv": 0.9377,
    "outletCv": 0.9371,
    "train": 0.9374
  }
};
