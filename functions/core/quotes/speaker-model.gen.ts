// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3159 matched quotations with a checkable speaker, 7477 candidates.
// Sieves alone: 0.9212. L2 0.00001 by 5-fold article-grouped CV: 0.9307; leave-one-outlet-out: 0.9300; on train: 0.9304.
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
    -3.6216,
    2.8788,
    3.8603,
    3.8871,
    7.093,
    4.3777,
    6.4735,
    3.7636,
    4.0822,
    1.2939,
    0.1025,
    -0.1025,
    2.3797,
    -0.9465,
    -1.5763,
    -3.7937,
    0.4804,
    0.3034,
    -0.0003,
    1.9166,
    -0.0345,
    -0.6051,
    0.1191,
    0.0286,
    0.7728
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3159,
    "sievesAlone": 0.9212,
    "lambda": 0.00001,
    "articleCv": 0.9307,
    "outletCv": 0.93,
    "train": 0.9304
  }
};
