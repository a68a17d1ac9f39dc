// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7221 candidates.
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
    -1.6029,
    2.6101,
    3.1519,
    1.2984,
    3.4593,
    3.543,
    3.7948,
    2.4166,
    1.1457,
    0.0386,
    -0.0386,
    1.2451,
    -1.725,
    -1.3583,
    -3.006,
    0.6782,
    0.3015,
    -0.216,
    0.7721,
    -0.2337,
    -0.2474,
    -0.1186,
    0.3421,
    0.7165
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
