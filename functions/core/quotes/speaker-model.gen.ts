// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3162 matched quotations with a checkable speaker, 7104 candidates.
// Sieves alone: 0.9219. L2 0.0003 by 5-fold article-grouped CV: 0.9361; leave-one-outlet-out: 0.9361; on train: 0.9361.
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
    -2.0099,
    0.3711,
    2.6834,
    3.0708,
    3.4693,
    3.523,
    3.7704,
    2.3339,
    1.1585,
    0.03,
    -0.03,
    1.7501,
    -1.1989,
    -1.3663,
    -2.8301,
    0.7241,
    0.3421,
    -0.2215,
    0.5598,
    -0.4003,
    -0.2567,
    -0.0126,
    0.3541,
    0.6728
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3162,
    "sievesAlone": 0.9219,
    "lambda": 0.0003,
    "articleCv": 0.9361,
    "outletCv": 0.9361,
    "train": 0.9361
  }
};
