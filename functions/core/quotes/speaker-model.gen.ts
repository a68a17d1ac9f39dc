// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3164 matched quotations with a checkable speaker, 7290 candidates.
// Sieves alone: 0.9232. L2 0.0001 by 5-fold article-grouped CV: 0.9352; leave-one-outlet-out: 0.9352; on train: 0.9352.
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
    -1.9472,
    2.8015,
    3.49,
    2.2707,
    4.8648,
    4.072,
    5.235,
    2.1742,
    2.3836,
    1.2384,
    0.067,
    -0.067,
    1.5202,
    -1.5776,
    -1.4381,
    -3.4269,
    0.5239,
    0.2593,
    -0.1306,
    1.0365,
    -0.2738,
    -0.5283,
    0.0568,
    0.0982,
    0.6969
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3164,
    "sievesAlone": 0.9232,
    "lambda": 0.0001,
    "articleCv": 0.9352,
    "outletCv": 0.9352,
    "train": 0.9352
  }
};
