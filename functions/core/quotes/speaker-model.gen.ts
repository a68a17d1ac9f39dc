// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7137 candidates.
// Sieves alone: 0.9241. L2 0.0003 by 5-fold article-grouped CV: 0.9377; leave-one-outlet-out: 0.9377; on train: 0.9377.
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
    -1.5634,
    2.5806,
    3.1364,
    1.3139,
    3.4549,
    3.5166,
    3.7467,
    2.4457,
    1.1748,
    0.02,
    -0.02,
    1.2152,
    -1.703,
    -1.3563,
    -2.9392,
    0.7313,
    0.3184,
    -0.2076,
    0.7064,
    -0.2559,
    -0.2399,
    -0.122,
    0.3428,
    0.6883
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3163,
    "sievesAlone": 0.9241,
    "lambda": 0.0003,
    "articleCv": 0.9377,
    "outletCv": 0.9377,
    "train": 0.9377
  }
};
