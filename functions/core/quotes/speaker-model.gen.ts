// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3164 matched quotations with a checkable speaker, 7517 candidates.
// Sieves alone: 0.9229. L2 0.0001 by 5-fold article-grouped CV: 0.9349; leave-one-outlet-out: 0.9343; on train: 0.9346.
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
    -2.1277,
    2.8224,
    3.5957,
    2.2392,
    4.9692,
    4.1524,
    5.3383,
    2.2477,
    2.4164,
    1.2532,
    0.0472,
    -0.0472,
    1.5312,
    -1.6138,
    -1.5192,
    -3.5297,
    0.5134,
    0.2929,
    -0.03,
    1.1613,
    -0.1197,
    -0.5166,
    0.0589,
    0.0756,
    0.7015
  ],
  "threshold": 0.5,
  "measured": {
    "quotations": 3164,
    "sievesAlone": 0.9229,
    "lambda": 0.0001,
    "articleCv": 0.9349,
    "outletCv": 0.9343,
    "train": 0.9346
  }
};
