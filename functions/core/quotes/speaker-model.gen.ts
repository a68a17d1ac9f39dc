// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3162 matched quotations with a checkable speaker, 7104 candidates.
// Sieves alone: 0.9228. L2 0.0003 by 5-fold article-grouped CV: 0.9371; leave-one-outlet-out: 0.9371; on train: 0.9377.
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
    -1.9753,
    0.3683,
    2.6778,
    3.1164,
    3.4582,
    3.5189,
    3.7642,
    2.3319,
    1.1729,
    0.0435,
    -0.0435,
    1.7534,
    -1.2074,
    -1.3612,
    -2.8566,
    0.7282,
    0.3342,
    -0.2157,
    0.5211,
    -0.3999,
    -0.2559,
    -0.0115,
    0.3509,
    0.6921
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3162,
    "sievesAlone": 0.9228,
    "lambda": 0.0003,
    "articleCv": 0.9371,
    "outletCv": 0.9371,
    "train": 0.9377
  }
};
