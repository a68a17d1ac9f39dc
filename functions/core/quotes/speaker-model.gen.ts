// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3164 matched quotations with a checkable speaker, 7137 candidates.
// Sieves alone: 0.9241. L2 0.0003 by 5-fold article-grouped CV: 0.9377; leave-one-outlet-out: 0.9371; on train: 0.9374.
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
    -1.6231,
    2.6463,
    3.2125,
    1.3103,
    3.4582,
    3.5564,
    3.7876,
    2.4547,
    1.1619,
    0.0214,
    -0.0214,
    1.2257,
    -1.6981,
    -1.3386,
    -2.9457,
    0.6442,
    0.32,
    -0.2132,
    0.7732,
    -0.2455,
    -0.2555,
    -0.1108,
    0.3601,
    0.6937
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3164,
    "sievesAlone": 0.9241,
    "lambda": 0.0003,
    "articleCv": 0.9377,
    "outletCv": 0.9371,
    "train": 0.9374
  }
};
