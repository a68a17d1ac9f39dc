// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3162 matched quotations with a checkable speaker, 7104 candidates.
// Sieves alone: 0.9219. L2 0.0003 by 5-fold article-grouped CV: 0.9361; leave-one-outlet-out: 0.9361; on train: 0.9361.
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
    -2.0089,
    0.3711,
    2.6825,
    3.0714,
    3.4687,
    3.5282,
    3.7738,
    2.3339,
    1.1587,
    0.0299,
    -0.0299,
    1.7498,
    -1.1987,
    -1.3642,
    -2.8309,
    0.7259,
    0.3419,
    -0.2213,
    0.5593,
    -0.3999,
    -0.2562,
    -0.0126,
    0.3472,
    0.6732
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3162,
    "sievesAlone": 0.9219,
    "lambda": 0.0003,
    "articleCv": 0.9361,
    "outletCv": 0.9361,
    "train": 0.9361
  }
};
