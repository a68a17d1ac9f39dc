// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7237 candidates.
// Sieves alone: 0.9238. L2 0.0003 by 5-fold article-grouped CV: 0.9377; leave-one-outlet-out: 0.9368; on train: 0.9374.
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
    -1.4646,
    2.5895,
    3.1098,
    1.2933,
    3.4326,
    3.5126,
    3.7739,
    2.4069,
    1.1343,
    0.0389,
    -0.0389,
    1.2428,
    -1.7198,
    -1.3358,
    -3.0336,
    0.6821,
    0.3093,
    -0.215,
    0.655,
    -0.3275,
    -0.2479,
    -0.1204,
    0.3459,
    0.7084
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3163,
    "sievesAlone": 0.9238,
    "lambda": 0.0003,
    "articleCv": 0.9377,
    "outletCv": 0.9368,
    "train": 0.9374
  }
};
