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
    -2.1176,
    2.8035,
    3.5841,
    2.2363,
    4.9702,
    4.156,
    5.3431,
    2.2464,
    2.4054,
    1.2437,
    0.0571,
    -0.0571,
    1.5224,
    -1.6248,
    -1.5851,
    -3.5178,
    0.5279,
    0.2933,
    -0.0356,
    1.1645,
    -0.1613,
    -0.517,
    0.0534,
    0.0734,
    0.7044
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
