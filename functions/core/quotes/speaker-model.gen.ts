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
    -1.9751,
    0.3683,
    2.6776,
    3.1163,
    3.4581,
    3.5186,
    3.764,
    2.3319,
    1.1729,
    0.0434,
    -0.0434,
    1.7534,
    -1.2074,
    -1.3612,
    -2.8567,
    0.7282,
    0.3343,
    -0.2169,
    0.5215,
    -0.4,
    -0.2558,
    -0.0115,
    0.3511,
    0.6922
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
