// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7114 candidates.
// Sieves alone: 0.9238. L2 0.0003 by 5-fold article-grouped CV: 0.9374; leave-one-outlet-out: 0.9374; on train: 0.9374.
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
    -1.601,
    2.5803,
    3.1135,
    1.3146,
    3.4599,
    3.5062,
    3.7363,
    2.4479,
    1.1741,
    0.0184,
    -0.0184,
    1.215,
    -1.7,
    -1.356,
    -2.9378,
    0.7267,
    0.3203,
    -0.214,
    0.746,
    -0.2207,
    -0.241,
    -0.1224,
    0.3608,
    0.6899
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3163,
    "sievesAlone": 0.9238,
    "lambda": 0.0003,
    "articleCv": 0.9374,
    "outletCv": 0.9374,
    "train": 0.9374
  }
};
