// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3164 matched quotations with a checkable speaker, 7136 candidates.
// Sieves alone: 0.9238. L2 0.0003 by 5-fold article-grouped CV: 0.9374; leave-one-outlet-out: 0.9368; on train: 0.9371.
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
    -1.6156,
    2.6367,
    3.2164,
    1.308,
    3.4598,
    3.5594,
    3.7886,
    2.4548,
    1.1613,
    0.0207,
    -0.0207,
    1.2226,
    -1.6957,
    -1.3401,
    -2.9597,
    0.6449,
    0.317,
    -0.2129,
    0.7788,
    -0.2666,
    -0.2554,
    -0.1108,
    0.3617,
    0.6879
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3164,
    "sievesAlone": 0.9238,
    "lambda": 0.0003,
    "articleCv": 0.9374,
    "outletCv": 0.9368,
    "train": 0.9371
  }
};
