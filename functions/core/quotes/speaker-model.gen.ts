// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3162 matched quotations with a checkable speaker, 7103 candidates.
// Sieves alone: 0.9228. L2 0.0003 by 5-fold article-grouped CV: 0.9377; leave-one-outlet-out: 0.9374; on train: 0.9380.
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
    -1.9625,
    0.3686,
    2.6674,
    3.12,
    3.4583,
    3.5567,
    3.7743,
    2.3356,
    1.1919,
    0.0311,
    -0.0311,
    1.7465,
    -1.1964,
    -1.363,
    -2.8499,
    0.7306,
    0.3365,
    -0.2134,
    0.5131,
    -0.3788,
    -0.2542,
    -0.0112,
    0.335,
    0.681
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3162,
    "sievesAlone": 0.9228,
    "lambda": 0.0003,
    "articleCv": 0.9377,
    "outletCv": 0.9374,
    "train": 0.938
  }
};
