// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3161 matched quotations with a checkable speaker, 7481 candidates.
// Sieves alone: 0.9196. L2 0.00003 by 5-fold article-grouped CV: 0.9295; leave-one-outlet-out: 0.9288; on train: 0.9295.
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
    "sieve:sentence-before",
    "sieve:paraphrase-before",
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
    -3.2539,
    2.7822,
    3.7475,
    3.1379,
    6.3579,
    4.2345,
    5.9227,
    3.2378,
    3.3476,
    1.2391,
    0.1114,
    -0.1114,
    2.0167,
    -1.3005,
    -1.5305,
    -3.705,
    0.5505,
    0.3129,
    -0.0207,
    1.8581,
    0.0267,
    -0.3117,
    -0.1744,
    0.0693,
    0.8122
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3161,
    "sievesAlone": 0.9196,
    "lambda": 0.00003,
    "articleCv": 0.9295,
    "outletCv": 0.9288,
    "train": 0.9295
  }
};
