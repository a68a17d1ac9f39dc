// Written by scripts/train-speaker-ranker.ts from quotes-polnear-train.jsonl; do not edit.
// 3163 matched quotations with a checkable speaker, 7284 candidates.
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
    -1.4915,
    2.6038,
    3.1128,
    1.2853,
    3.4133,
    3.4997,
    3.7709,
    2.3896,
    1.1231,
    0.0372,
    -0.0372,
    1.226,
    -1.6912,
    -1.3562,
    -3.0059,
    0.6685,
    0.3011,
    -0.2082,
    0.7014,
    -0.2906,
    -0.2568,
    -0.1184,
    0.3472,
    0.684
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
