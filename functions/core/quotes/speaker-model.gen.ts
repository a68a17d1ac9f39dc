// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3164 matched quotations with a checkable speaker, 7142 candidates.
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
    -1.616,
    2.6325,
    3.1996,
    1.3067,
    3.4519,
    3.5449,
    3.7859,
    2.4495,
    1.1513,
    0.0246,
    -0.0246,
    1.2341,
    -1.7064,
    -1.3308,
    -2.9542,
    0.6413,
    0.3156,
    -0.2386,
    0.7889,
    -0.2473,
    -0.2562,
    -0.1147,
    0.3592,
    0.6998
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
