// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7282 candidates.
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
    -1.3999,
    2.6249,
    3.0991,
    1.2882,
    3.4047,
    3.5256,
    3.7719,
    2.3935,
    1.13,
    0.0362,
    -0.0362,
    1.2257,
    -1.6889,
    -1.3561,
    -3.0016,
    0.6592,
    0.3073,
    -0.2059,
    0.5968,
    -0.3943,
    -0.2571,
    -0.1148,
    0.3527,
    0.6868
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
