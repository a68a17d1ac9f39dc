// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3162 matched quotations with a checkable speaker, 7105 candidates.
// Sieves alone: 0.9222. L2 0.0003 by 5-fold article-grouped CV: 0.9364; leave-one-outlet-out: 0.9364; on train: 0.9371.
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
    -2.0126,
    0.3713,
    2.6844,
    3.0705,
    3.4671,
    3.5197,
    3.7674,
    2.3328,
    1.168,
    0.0312,
    -0.0312,
    1.7502,
    -1.1978,
    -1.3651,
    -2.8337,
    0.725,
    0.3416,
    -0.2224,
    0.563,
    -0.3917,
    -0.2564,
    -0.0125,
    0.3543,
    0.6751
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3162,
    "sievesAlone": 0.9222,
    "lambda": 0.0003,
    "articleCv": 0.9364,
    "outletCv": 0.9364,
    "train": 0.9371
  }
};
