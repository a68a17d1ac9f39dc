/**
 * The learned speaker ranker. For each quotation it gathers candidates (the speaker the sieves
 * propose, and the people named near the quotation), describes each with a few features (which
 * sieve proposed it, where it is named and how far, whether a speech verb touches it, how often
 * the article names it, gender agreement with the sieve's pronoun), and a logistic model trained on
 * PolNeAR train (scripts/train-speaker-ranker.ts) picks one.
 */
import type { EntityIndex, PersonMention, Speaker } from './coref.js';
import { sameEntity } from './coref.js';
import { score } from './features.js';
import { PRONOUNS } from './lexicon.js';
import type { Attribution, SieveId } from './sieve.js';
import type { QuoteSpan } from './spans.js';
import { SPEAKER_MODEL } from './speaker-model.gen.js';

export const RANKER_SIEVES: readonly SieveId[] = [
  'tail',
  'head',
  'dash-line',
  'colon-line',
  'neighbour',
  'continuation',
  'sentence-before',
  'paraphrase-before',
];

export const RANKER_FEATURES = [
  'bias',
  ...RANKER_SIEVES.map((id) => `sieve:${id}`),
  'noSieve',
  'namedBefore',
  'namedAfter',
  'sameParagraph',
  'previousParagraph',
  'sentencesBack',
  'logDistance',
  'speaks',
  'latestPersonBefore',
  'logMentions',
  'person',
  'description',
  'pronounPhrase',
  'genderClash',
  'previousQuoteSpeaker',
  'quoteOpensParagraph',
] as const;

export interface SpeakerCandidate {
  speaker: Speaker;
  /** The sieve that proposed it, or null for a person named nearby. */
  sieve: SieveId | null;
  features: number[];
}

/** What the ranker reads about the text around one quotation. */
export interface RankContext {
  source: string;
  index: EntityIndex;
  /** Paragraph number of an offset. */
  paragraphOf: (offset: number) => number;
  /** Sentence number of an offset. */
  sentenceOf: (offset: number) => number;
  /** Start of the paragraph before `q`'s (where nearby names are looked for). */
  windowStart: (q: QuoteSpan) => number;
}

function nearest(mentions: readonly PersonMention[], q: QuoteSpan): PersonMention | null {
  let best: PersonMention | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const m of mentions) {
    const d = m.start < q.open ? q.open - m.start : m.start - q.close;
    if (d < bestDistance) {
      best = m;
      bestDistance = d;
    }
  }
  return best;
}

interface Proposal {
  speaker: Speaker;
  sieve: SieveId | null;
  mentions: PersonMention[];
}

/** The sieve's speaker and every person named from the paragraph before to the end of the quotation's own. */
export function speakerCandidates(
  ctx: RankContext,
  q: QuoteSpan,
  attribution: Attribution | null,
  proposed: Speaker | null,
  previous: Speaker | null,
): SpeakerCandidate[] {
  const proposals: Proposal[] = proposed
    ? [{ speaker: proposed, sieve: attribution!.sieve, mentions: [] }]
    : [];
  for (const m of ctx.index.mentionsIn(ctx.windowStart(q), q.paraEnd)) {
    if (m.start >= q.open && m.start <= q.close) continue;
    const same = proposals.find((p) => sameEntity(p.speaker.name, m.entity.name));
    if (same) same.mentions.push(m);
    else {
      const e = m.entity;
      proposals.push({
        speaker: { name: e.name, role: e.role, person: e.person, gender: e.gender },
        sieve: null,
        mentions: [m],
      });
    }
  }
  const before = ctx.index.mentionsIn(ctx.windowStart(q), q.open);
  const latest = before[before.length - 1]?.entity.name ?? null;
  return proposals.map((p) => ({
    speaker: p.speaker,
    sieve: p.sieve,
    features: candidateFeatures(ctx, q, attribution, p, latest, previous),
  }));
}

function candidateFeatures(
  ctx: RankContext,
  q: QuoteSpan,
  attribution: Attribution | null,
  p: Proposal,
  latest: string | null,
  previous: Speaker | null,
): number[] {
  const m = nearest(p.mentions, q);
  const at = m?.start ?? attribution?.phrase[0]?.start ?? q.open;
  const distance = at < q.open ? q.open - at : Math.max(0, at - q.close);
  const paragraphGap = ctx.paragraphOf(q.open) - ctx.paragraphOf(at);
  const phrase = attribution?.phrase ?? [];
  const pronoun = phrase.length === 1 ? PRONOUNS.get(phrase[0]!.lower) : undefined;
  const clash =
    (pronoun === 'm' || pronoun === 'f') && p.speaker.gender !== null && p.speaker.gender !== pronoun;
  return [
    1,
    ...RANKER_SIEVES.map((id) => (p.sieve === id ? 1 : 0)),
    attribution ? 0 : 1,
    at < q.open ? 1 : 0,
    at > q.close ? 1 : 0,
    paragraphGap === 0 ? 1 : 0,
    paragraphGap === 1 ? 1 : 0,
    Math.min(5, Math.max(0, ctx.sentenceOf(q.open) - ctx.sentenceOf(at))) / 5,
    Math.log1p(distance) / 8,
    p.mentions.some((x) => x.speaks) ? 1 : 0,
    latest !== null && sameEntity(latest, p.speaker.name) ? 1 : 0,
    Math.log1p(ctx.index.mentionCount(p.speaker.name)) / 3,
    p.speaker.person ? 1 : 0,
    /^\p{Ll}/u.test(p.speaker.name) ? 1 : 0,
    pronoun ? 1 : 0,
    clash ? 1 : 0,
    previous !== null && sameEntity(previous.name, p.speaker.name) ? 1 : 0,
    ctx.source.slice(q.paraStart, q.open).trim() === '' ? 1 : 0,
  ];
}

/**
 * The candidate the model scores highest. A person only named nearby (no sieve proposed it) must
 * also reach the model's threshold: a guess below it leaves the quotation without a speaker.
 */
export function chooseSpeaker(
  candidates: readonly SpeakerCandidate[],
  model: { weights: readonly number[]; threshold: number } = SPEAKER_MODEL,
): SpeakerCandidate | null {
  let best: SpeakerCandidate | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const c of candidates) {
    const s = score(model.weights, c.features);
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  if (!best || (best.sieve === null && bestScore < model.threshold)) return null;
  return best;
}
