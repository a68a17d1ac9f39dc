// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7138 candidates.
// Sieves alone: 0.9241. L2 0.0003 by 5-fold article-grouped CV: 0.9377; leave-one-outlet-out: 0.9377; on train: 0.9377.
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
    -1.5617,
    2.5786,
    3.139,
    1.3131,
    3.4547,
    3.517,
    3.7452,
    2.446,
    1.1599,
    0.0174,
    -0.0174,
    1.2148,
    -1.7017,
    -1.3466,
    -2.9438,
    0.7323,
    0.3213,
    -0.2053,
    0.7037,
    -0.2559,
    -0.2397,
    -0.1218,
    0.3428,
    0.6878
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3163,
    "sievesAlone": 0.9241,
    "lambda": 0.0003,
    "articleCv": 0.9377,
    "outletCv": 0.9377,
    "train": 0.9377
  }
};
