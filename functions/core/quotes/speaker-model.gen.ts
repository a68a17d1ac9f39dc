// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7114 candidates.
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
    -1.5564,
    2.5786,
    3.1343,
    1.3147,
    3.4548,
    3.5053,
    3.7379,
    2.4477,
    1.1739,
    0.0194,
    -0.0194,
    1.2147,
    -1.7005,
    -1.3583,
    -2.9363,
    0.7272,
    0.3187,
    -0.2145,
    0.7023,
    -0.2637,
    -0.2414,
    -0.1223,
    0.3582,
    0.69
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
