// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3164 matched quotations with a checkable speaker, 7518 candidates.
// Sieves alone: 0.9223. L2 0.0001 by 5-fold article-grouped CV: 0.9346; leave-one-outlet-out: 0.9336; on train: 0.9339.
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
    -2.1192,
    2.8023,
    3.5916,
    2.2353,
    4.9715,
    4.1525,
    5.3388,
    2.2461,
    2.4069,
    1.2474,
    0.0535,
    -0.0535,
    1.5237,
    -1.6268,
    -1.5439,
    -3.5257,
    0.5281,
    0.2924,
    -0.0359,
    1.1638,
    -0.162,
    -0.5153,
    0.0542,
    0.0753,
    0.7057
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3164,
    "sievesAlone": 0.9223,
    "lambda": 0.0001,
    "articleCv": 0.9346,
    "outletCv": 0.9336,
    "train": 0.9339
  }
};
