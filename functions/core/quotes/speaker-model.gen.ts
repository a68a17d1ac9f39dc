// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7287 candidates.
// Sieves alone: 0.9232. L2 0.0003 by 5-fold article-grouped CV: 0.9371; leave-one-outlet-out: 0.9365; on train: 0.9368.
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
    -1.5308,
    2.602,
    3.1185,
    1.2842,
    3.4148,
    3.499,
    3.7707,
    2.3877,
    1.1329,
    0.0377,
    -0.0377,
    1.2306,
    -1.6958,
    -1.3514,
    -3.0053,
    0.6626,
    0.3024,
    -0.226,
    0.7499,
    -0.2602,
    -0.2577,
    -0.1195,
    0.3486,
    0.6886
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3163,
    "sievesAlone": 0.9232,
    "lambda": 0.0003,
    "articleCv": 0.9371,
    "outletCv": 0.9365,
    "train": 0.9368
  }
};
