// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7514 candidates.
// Sieves alone: 0.9222. L2 0.0001 by 5-fold article-grouped CV: 0.9346; leave-one-outlet-out: 0.9336; on train: 0.9339.
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
    -2.1179,
    2.8024,
    3.5883,
    2.236,
    4.9714,
    4.1529,
    5.3414,
    2.2455,
    2.4071,
    1.2453,
    0.0552,
    -0.0552,
    1.5238,
    -1.6274,
    -1.5555,
    -3.525,
    0.5272,
    0.2938,
    -0.0353,
    1.1637,
    -0.1618,
    -0.5162,
    0.0541,
    0.0736,
    0.7055
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3163,
    "sievesAlone": 0.9222,
    "lambda": 0.0001,
    "articleCv": 0.9346,
    "outletCv": 0.9336,
    "train": 0.9339
  }
};
