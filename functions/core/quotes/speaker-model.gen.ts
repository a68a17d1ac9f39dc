// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3165 matched quotations with a checkable speaker, 7217 candidates.
// Sieves alone: 0.9235. L2 0.0003 by 5-fold article-grouped CV: 0.9374; leave-one-outlet-out: 0.9368; on train: 0.9371.
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
    -1.6339,
    2.6212,
    3.1961,
    1.2984,
    3.4635,
    3.5441,
    3.7859,
    2.4241,
    1.1458,
    0.033,
    -0.033,
    1.2466,
    -1.7256,
    -1.3494,
    -2.9872,
    0.6519,
    0.307,
    -0.2372,
    0.8033,
    -0.2313,
    -0.2495,
    -0.1166,
    0.361,
    0.719
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3165,
    "sievesAlone": 0.9235,
    "lambda": 0.0003,
    "articleCv": 0.9374,
    "outletCv": 0.9368,
    "train": 0.9371
  }
};
