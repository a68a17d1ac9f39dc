/**
 * The learned speaker ranker. For each quotation it gathers candidates (the speaker the sieves
 * propose, and the people named near the quotation), describes each with a few features (which
 * sieve proposed it, where it is named and how far, whether a speech verb touches it, how often
 * the article names it, gender agreement with the sieve's pronoun), and a logistic model trained on
 * PolNeAR train (scripts/train-speaker-ranker.ts) picks one.
 */
import type { EntityIndex, PersonMention, Speaker } from './coref.js';
import { score } from './features.js';
import { ADDRESSEE_VERBS } from './lexicon.js';
import { pronounOf } from './phrases.js';
import { type Attribution, type SieveId, startsParagraph } from './sieve.js';
import { SIEVES } from './sieves/index.js';
import type { QuoteSpan } from './spans.js';
import { SPEAKER_MODEL } from './speaker-model.gen.js';
import { startsLower } from './tokens.js';

/** The sieves in the order of the model's one-hot features: the order they run in. */
export const RANKER_SIEVES: readonly SieveId[] = SIEVES.map((s) => s.id);

/** What the ranker reads of a candidate besides the sieve that proposed it, in the model's order. */
const FACTS = (
  'noSieve namedBefore namedAfter sameParagraph previousParagraph sentencesBack logDistance speaks latestPersonBefore ' +
  'logMentions person description pronounPhrase genderClash previousQuoteSpeaker quoteOpensParagraph'
).split(' ');
export const RANKER_FEATURES = ['bias', ...RANKER_SIEVES.map((id) => `sieve:${id}`), ...FACTS];

export interface SpeakerCandidate {
  speaker: Speaker;
  /** The sieve that proposed it, or null for a person named nearby. */
  sieve: SieveId | null;
  features: number[];
  /** A person named nearby whose nearest mention is the one spoken to ("she told Baltimore Brew"): never chosen. */
  told?: boolean;
}

/** What the ranker reads about the text around one quotation. */
export interface RankContext {
  source: string;
  index: EntityIndex;
  /** Paragraph number of an offset. */
  paragraphOf: (offset: number) => number;
  /** Where nearby names are looked for: from the paragraph before `q`'s to the end of its own, within a reach. */
  window: (q: QuoteSpan) => [start: number, end: number];
  /** The speaker the latest sieve's phrase resolved to (a quotation whose ranking failed leaves it as it was). */
  previous: Speaker | null;
}

function nearest(mentions: readonly PersonMention[], q: QuoteSpan): PersonMention | null {
  const gap = (m: PersonMention): number => (m.start < q.open ? q.open - m.start : m.start - q.close);
  // the first of the nearest: a later one replaces it only when nearer
  return mentions.reduce<PersonMention | null>((best, m) => (best && gap(best) <= gap(m) ? best : m), null);
}

interface Proposal {
  speaker: Speaker;
  /** The speaker's name lower-cased: candidates are the same entity when their keys are equal. */
  key: string;
  sieve: SieveId | null;
  mentions: PersonMention[];
  /** A speech verb touches one of the mentions. */
  speaks: boolean;
}

const BIAS_AND_NO_SIEVE: readonly number[] = [1, ...RANKER_SIEVES.map(() => 0)];
/**
 * The end of the text before the one spoken to ("she told Baltimore Brew"), read within `TOLD_REACH` characters
 * before the name: the longest of the verbs and its space.
 */
const TOLD_RE = new RegExp(`\\b(?:${[...ADDRESSEE_VERBS].join('|')}) $`, 'u');
const TOLD_REACH = Math.max(...[...ADDRESSEE_VERBS].map((w) => w.length)) + 1;

/**
 * The sieve's speaker and every person named from the paragraph before to the end of the quotation's own,
 * within reach. What all of them share (the latest person named before the quotation, the previous
 * quotation's speaker, the sieve's pronoun) is read once, before their features.
 */
export function speakerCandidates(
  ctx: RankContext,
  q: QuoteSpan,
  attribution: Attribution | null,
  proposed: Speaker | null,
): SpeakerCandidate[] {
  const proposals: Proposal[] = [];
  if (proposed) proposals.push(proposal(proposed, proposed.name.toLowerCase(), attribution!.sieve, false));
  // (the pair's two offsets read in place: a spread is slow in the mostly unoptimised CLI)
  const reach = ctx.window(q);
  const window = ctx.index.mentionsIn(reach[0], reach[1]);
  // the window's mentions are in text order: the last one before the opening mark is the latest named
  let latest: string | null = null;
  for (const m of window) {
    if (m.start < q.open) latest = m.entity.key;
    else if (m.start <= q.close) continue;
    addMention(proposals, m);
  }
  const previous = ctx.previous === null ? null : ctx.previous.name.toLowerCase();
  const [paragraph, sentence] = [ctx.paragraphOf(q.open), ctx.index.sentenceOf(q.open)];
  const pronoun = pronounOf(attribution?.phrase ?? []);
  const opensParagraph = startsParagraph(ctx.source, q) ? 1 : 0;
  // plain loops and arrays built in place: the CLI runs this mostly unoptimised, where a Map, a
  // spread, a closure or an iterator costs more than a scan of the few proposals
  const candidates: SpeakerCandidate[] = [];
  for (const p of proposals) {
    const m = nearest(p.mentions, q);
    const at = m?.start ?? attribution?.phrase[0]?.start ?? q.open;
    const paragraphGap = paragraph - ctx.paragraphOf(at);
    const gender = p.speaker.gender;
    // the bias and a one-hot sieve: a copy and one indexOf cost less than a loop
    const features = BIAS_AND_NO_SIEVE.slice();
    if (p.sieve !== null) features[1 + RANKER_SIEVES.indexOf(p.sieve)] = 1;
    features.push(
      attribution ? 0 : 1,
      at < q.open ? 1 : 0,
      at > q.close ? 1 : 0,
      paragraphGap === 0 ? 1 : 0,
      paragraphGap === 1 ? 1 : 0,
      // a mention knows its sentence (the index numbered it with its `sentenceOf`)
      Math.min(5, Math.max(0, sentence - (m ? m.sentence : ctx.index.sentenceOf(at)))) / 5,
      Math.log1p(at < q.open ? q.open - at : Math.max(0, at - q.close)) / 8,
      p.speaks ? 1 : 0,
      latest === p.key ? 1 : 0,
      Math.log1p(ctx.index.mentionCount(p.key)) / 3,
      p.speaker.person ? 1 : 0,
      startsLower(p.speaker.name) ? 1 : 0,
      pronoun ? 1 : 0,
      // the sieve's pronoun and the candidate's gender disagree
      (pronoun === 'm' || pronoun === 'f') && gender !== null && gender !== pronoun ? 1 : 0,
      previous === p.key ? 1 : 0,
      opensParagraph,
    );
    const before = m ? ctx.source.slice(Math.max(0, m.start - TOLD_REACH), m.start) : '';
    const told = p.sieve === null && TOLD_RE.test(before);
    candidates.push({ speaker: p.speaker, sieve: p.sieve, features, told });
  }
  return candidates;
}

function proposal(speaker: Speaker, key: string, sieve: SieveId | null, speaks: boolean): Proposal {
  return { speaker, key, sieve, mentions: [], speaks };
}

/** Adds a mention to the proposal of the same key (its entity), or a new proposal for its entity. */
function addMention(proposals: Proposal[], m: PersonMention): void {
  const { key, name, role, person, gender } = m.entity;
  const same = proposals.find((p) => p.key === key);
  if (same) same.speaks ||= m.speaks;
  else proposals.push(proposal({ name, role, person, gender }, key, null, m.speaks));
  (same ?? proposals[proposals.length - 1]!).mentions.push(m);
}

/**
 * The candidate the model scores highest. A person only named nearby (no sieve proposed it) must
 * also reach the model's threshold: a guess below it gives way to the sieves' candidate, and leaves the
 * quotation without a speaker when there is none ("Outside court, Margaret Roe … said she was glad …" ⏎
 * "“…,” she told the White Rock Sun.": "Rock Sun" outscores her, below the threshold; she stands).
 */
export function chooseSpeaker(
  candidates: readonly SpeakerCandidate[],
  model: { weights: readonly number[]; threshold: number } = SPEAKER_MODEL,
): SpeakerCandidate | null {
  let best: SpeakerCandidate | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const c of candidates) {
    const s = c.told ? Number.NEGATIVE_INFINITY : score(model.weights, c.features);
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  if (best?.sieve !== null || bestScore >= model.threshold) return best;
  return candidates.find((c) => c.sieve !== null && !c.told) ?? null;
}
