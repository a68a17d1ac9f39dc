// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3165 matched quotations with a checkable speaker, 7221 candidates.
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
    -1.628,
    2.6233,
    3.1957,
    1.298,
    3.4634,
    3.5435,
    3.7937,
    2.4239,
    1.1477,
    0.0358,
    -0.0358,
    1.2456,
    -1.724,
    -1.3485,
    -3.0016,
    0.653,
    0.3015,
    -0.23,
    0.8014,
    -0.2318,
    -0.2497,
    -0.1151,
    0.3615,
    0.716
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
