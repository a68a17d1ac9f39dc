// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3162 matched quotations with a checkable speaker, 7103 candidates.
// Sieves alone: 0.9228. L2 0.0003 by 5-fold article-grouped CV: 0.9371; leave-one-outlet-out: 0.9371; on train: 0.9374.
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
    -1.9879,
    0.3699,
    2.678,
    3.1247,
    3.4616,
    3.5239,
    3.7643,
    2.3336,
    1.1779,
    0.0408,
    -0.0408,
    1.7527,
    -1.2059,
    -1.3418,
    -2.8651,
    0.7284,
    0.3301,
    -0.2075,
    0.5297,
    -0.3901,
    -0.2557,
    -0.0105,
    0.3517,
    0.6938
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3162,
    "sievesAlone": 0.9228,
    "lambda": 0.0003,
    "articleCv": 0.9371,
    "outletCv": 0.9371,
    "train": 0.9374
  }
};
