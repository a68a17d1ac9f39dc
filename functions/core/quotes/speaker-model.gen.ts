// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3161 matched quotations with a checkable speaker, 7553 candidates.
// Sieves alone: 0.9193. L2 0.00001 by 5-fold article-grouped CV: 0.9291; leave-one-outlet-out: 0.9285; on train: 0.9288.
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
    -3.6611,
    2.8101,
    3.8042,
    3.829,
    7.1274,
    4.3796,
    6.4722,
    3.7594,
    4.0769,
    1.2404,
    0.1053,
    -0.1053,
    2.3712,
    -1.0493,
    -1.4806,
    -3.8327,
    0.4882,
    0.2995,
    -0.0299,
    2.0186,
    0.0413,
    -0.3689,
    -0.1302,
    -0.0056,
    0.8251
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3161,
    "sievesAlone": 0.9193,
    "lambda": 0.00001,
    "articleCv": 0.9291,
    "outletCv": 0.9285,
    "train": 0.9288
  }
};
