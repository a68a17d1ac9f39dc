import { upperBound } from '../binary-search.js';
import { byScript, scriptOf } from '../letter-classes.js';
import type { KeyPoint, Quote, Span } from '../types.js';
import { type AttributeOptions, attributeAll, type QuoteLog, reportOrThrow } from './attribute.js';
import { type AttributionConfig, DEFAULT_ATTRIBUTION } from './config.js';
import { EntityIndex, resolvePhrase, type Speaker } from './coref.js';
import { quoteFeatures, score } from './features.js';
import { KEEP_MODEL } from './keep-model.gen.js';
import { AUX_WORDS, HONORIFICS } from './lexicon.js';
import { ASKS_RE } from './marks.js';
import type { Gender } from './name-knowledge.js';
import { findNames, shownRole } from './names.js';
import { isMark, isStrongFiniteCue, pronounOf, tokenAt } from './phrases.js';
import { isPossessive, isRoleToken } from './possessives.js';
import { chooseSpeaker, type RankContext, type SpeakerCandidate, speakerCandidates } from './ranker.js';
import { selectQuotes as select } from './select.js';
import { type Attribution, type Sieve, type SieveId, startsParagraph } from './sieve.js';
import { findQuoteSpans, type QuoteSpan } from './spans.js';
import { isSentenceEnd, startsUpper, type Token, tokenize } from './tokens.js';

export type { QuoteFailure, QuoteLog } from './attribute.js';
export { SIEVES } from './sieves/index.js';

export interface FindQuotesOptions {
  /** Page furniture (captions, credits) to skip. */
  exclude?: Span[];
  /**
   * Read two apostrophes ('') as a straight double mark, as some newspaper archives print quotes.
   * Off by default: on the web they are rare and often a typo.
   */
  doubledApostrophes?: boolean;
  /** Sieves to switch off (see `SIEVES` for their ids and order). */
  disabledSieves?: readonly SieveId[];
  /** Window sizes and reaches other than the defaults. */
  attribution?: Partial<AttributionConfig>;
  /** False: the sieves' speaker stands; the learned ranker does not choose among nearby names. */
  speakerRanker?: boolean;
  /**
   * Where a failure inside the attribution is logged. With a log, such a failure leaves that
   * quotation without a speaker; without one, it is thrown (so that tests see it).
   */
  log?: QuoteLog;
  /** The sieves to run, in order: `SIEVES` unless an experiment or a test gives others. */
  sieves?: readonly Sieve[];
}

/**
 * A quote with the id of the sieve that named its speaker, `ranker` when the learned ranker chose a
 * person named nearby, null when there is no speaker.
 */
export type AttributedQuote = Quote & { speakerRule: SieveId | 'ranker' | null };

/**
 * Every quotation in the article, verbatim with offsets, who said it, and which sieve said so.
 *
 * @example
 * findQuotes('"We will go," she said.')[0]?.text // 'We will go,'
 */
export const findQuotes = (source: string, options: FindQuotesOptions = {}): AttributedQuote[] =>
  // (a caller past the types may give no text: it finds nothing)
  scanQuotes(typeof source === 'string' ? source : '', options, true).map((c) => c.quote);

/** Is this passage kept as quoted speech: a turn of an exchange, or one the keep/drop model keeps? */
export const isKept = (c: QuoteCandidate): boolean => c.turn || keepsFeatures(c.features);

/** Where the keep model reads the feature of this name. */
const keepFeature = (name: string): number => KEEP_MODEL.features.indexOf(name);
const [SINGLE, SPEAKER_FOUND] = ['single', 'speakerFound'].map(keepFeature) as [number, number];
const ATTRIBUTED = ['viaTail', 'viaHead', 'viaColon', 'viaNeighbour'].map(keepFeature);

/**
 * Does the keep model keep a passage of these features? The training labels cannot count a
 * single-marked passage as speech (the gold calls a quote direct only when it opens with a double
 * mark), so the model learns that single marks are never quotes. Outlets that print speech in single marks
 * (`'We lost,' she said.`) would lose every quote: a single-marked passage with a speaker, attributed by
 * its own words or as the next part of an attributed quotation in its paragraph (`'A,' she said. 'B.'`),
 * is scored as if its marks were double.
 */
function keepsFeatures(f: number[]): boolean {
  const asDouble = f[SINGLE] === 1 && f[SPEAKER_FOUND] === 1 && ATTRIBUTED.some((k) => f[k] === 1);
  return score(KEEP_MODEL.weights, asDouble ? f.with(SINGLE, 0) : f) >= KEEP_MODEL.threshold;
}

/** A quotation found in the text with its speaker, and the features the keep/drop model reads. */
export interface QuoteCandidate {
  quote: AttributedQuote;
  features: number[];
  /** The attribution before resolution (speaker phrase and sieve), for the evaluation. */
  attribution: Attribution | null;
  /** The speakers the ranker chose from (the sieve's first when there is one), for its training. */
  speakers: SpeakerCandidate[];
  /** A turn of a question-and-answer exchange (`exchangeTurn`): kept whatever the keep model says. */
  turn: boolean;
}

const NO_SIEVE_OFF: ReadonlySet<SieveId> = new Set();
const PARAGRAPH_RE = /^[^\S\n]*\S/gmu;

/** What the speakers of a text's quotations are read from. */
interface SpeakerContext extends RankContext {
  options: FindQuotesOptions;
  settings: AttributeOptions;
  /** For the keep features: the end of a headline's line (firstLineEndOf). */
  firstLineEnd: number;
}

/** The sieves' settings: the window sizes and the sieves switched off, the log, the sieves to run. */
const attributeSettings = (options: FindQuotesOptions): AttributeOptions => ({
  // (the defaults, frozen, are shared: most calls change nothing, and a copy per article costs)
  config: options.attribution ? { ...DEFAULT_ATTRIBUTION, ...options.attribution } : DEFAULT_ATTRIBUTION,
  disabled: options.disabledSieves ? new Set(options.disabledSieves) : NO_SIEVE_OFF,
  ...(options.log ? { log: options.log } : {}),
  ...(options.sieves ? { sieves: options.sieves } : {}),
});

/** `base` with the paragraph numbers (non-empty lines) and the window of nearby names the ranker reads. */
function speakerContext(base: Omit<SpeakerContext, 'paragraphOf' | 'window' | 'previous'>): SpeakerContext {
  const { source, settings } = base;
  const [starts, reach]: [number[], number] = [[], settings.config.rankerReachChars];
  // an exec loop rather than matchAll, which copies the pattern and builds an iterator
  PARAGRAPH_RE.lastIndex = 0;
  for (let m = PARAGRAPH_RE.exec(source); m !== null; m = PARAGRAPH_RE.exec(source)) starts.push(m.index);
  const paragraphOf = (offset: number): number => upperBound(starts, offset);
  return {
    ...base,
    paragraphOf,
    window: (q) => [
      Math.max(starts[Math.max(0, paragraphOf(q.paraStart) - 2)] ?? 0, q.open - reach),
      Math.min(q.paraEnd, q.close + reach),
    ],
    previous: null,
  };
}

/**
 * Every quoted passage (including titles, nicknames and scare quotes) with its attribution and
 * features. `findQuotes` keeps the ones the learned model scores as quoted speech.
 */
export const findQuoteCandidates = (source: string, options: FindQuotesOptions = {}): QuoteCandidate[] =>
  scanQuotes(source, options, false);

/**
 * The candidates, or with `keptOnly` just the ones the keep model keeps. The keep decision reads only
 * whether a sieve's phrase resolved to a speaker, not the ranker's choice, so with `keptOnly` the ranker
 * runs for kept passages only (about half of them in news): titles and scare quotes skip it. The
 * result is what filtering all candidates gives, except that a ranker failure on a passage the model
 * drops anyway is neither met nor logged.
 */
function scanQuotes(source: string, options: FindQuotesOptions, keptOnly: boolean): QuoteCandidate[] {
  const spans = findQuoteSpans(source, options.exclude ?? [], options.doubledApostrophes ?? false);
  if (spans.length === 0) return [];
  const [firstLineEnd, settings] = [firstLineEndOf(source), attributeSettings(options)];
  // where each sentence starts: the first at 0, then after a sentence end and after every line break
  const [sentenceStarts, nameWordAt]: [number[], number[]] = [[0], []];
  const tokens = tokenize(source, sentenceStarts, nameWordAt);
  const index = new EntityIndex(
    findNames(source, tokens, nameWordAt),
    sentenceStarts,
    spans,
    headlineEnd(source, firstLineEnd),
    (start, end) => speaksAt(tokens, start, end, settings.config.appositiveMax),
    (sentence) => sentenceOpener(tokens, sentenceStarts[sentence - 1] ?? 0),
    (end) => pronounAfter(tokens, end, settings.config.pronounAfterReachChars),
  );
  const who = speakerContext({ source, index, options, settings, firstLineEnd });
  const { attributions, failed } = attributeAll(source, tokens, spans, who.settings);
  const out: QuoteCandidate[] = [];
  let [runEnd, inParagraph] = [0, 1];
  for (let i = 0; i < spans.length; i++) {
    const q = spans[i]!;
    // the quotations of one paragraph are consecutive (in text order, each paragraph starts at or
    // after the previous one's: a quotation carried across paragraphs keeps its first), so they are
    // counted as a run, when the loop reaches its first, without a map
    if (i >= runEnd) {
      runEnd = i + 1;
      while (runEnd < spans.length && spans[runEnd]!.paraStart === q.paraStart) runEnd++;
      inParagraph = runEnd - i;
    }
    const turn = exchangeTurn(source, spans, i, attributions);
    const c = candidate(who, q, attributions[i] ?? null, failed.has(i), inParagraph, keptOnly, turn);
    if (c) out.push(c);
  }
  return out;
}

/**
 * One passage's candidate: its resolved speaker, keep features and ranked speakers; null when, with
 * `keptOnly`, the keep model drops it (the ranker is then skipped). A failure in the sieves, the
 * resolution or the ranker leaves the passage without any speaker, and its features say so.
 */
function candidate(
  who: SpeakerContext,
  q: QuoteSpan,
  a: Attribution | null,
  attributionFailed: boolean,
  inParagraph: number,
  keptOnly: boolean,
  turn: boolean,
): QuoteCandidate | null {
  const { source, firstLineEnd } = who;
  const resolved = attributionFailed ? undefined : resolveSpeaker(who, q, a);
  let features = quoteFeatures(source, q, a, Boolean(resolved), firstLineEnd, inParagraph);
  if (keptOnly && !turn && !keepsFeatures(features)) {
    if (resolved) who.previous = resolved;
    return null;
  }
  let found: QuoteSpeaker | null = NO_SPEAKER;
  // a person the sieve's phrase names stands (rankSpeaker): findQuotes reads no candidates for it
  if (keptOnly && resolved?.person === true && pronounOf(a!.phrase) === undefined)
    found = { speakers: [], chosen: { speaker: resolved, sieve: a!.sieve, features: [] } };
  else if (resolved !== undefined) found = rankSpeaker(who, q, a, resolved);
  if (found === null) {
    // the ranker failed: no speaker, and the features say so (as they did for no speaker resolved)
    found = NO_SPEAKER;
    features = quoteFeatures(source, q, a, false, firstLineEnd, inParagraph);
    if (keptOnly && !turn && !keepsFeatures(features)) return null;
  } else if (resolved) who.previous = resolved;
  // findQuotes reads only the quote: the ranked candidates (a few per quotation in news, far more in a
  // long text naming many people) are kept for the evaluation and the ranker's training alone
  const speakers = keptOnly ? [] : found.speakers;
  return { quote: quoteOf(source, q, found.chosen), features, attribution: a, speakers, turn };
}

function quoteOf(source: string, q: QuoteSpan, found: SpeakerCandidate | null): AttributedQuote {
  // a number names no one ("elected in 1997, told researchers"): the passage keeps its features, not the number
  const chosen = found && !NUMBER_RE.test(found.speaker.name) ? found : null;
  return {
    text: source.slice(q.start, q.end),
    start: q.start,
    end: q.end,
    speaker: chosen?.speaker.name ?? null,
    role: shownRole(chosen?.speaker.role ?? null),
    speakerRule: chosen ? (chosen.sieve ?? 'ranker') : null,
  };
}

/**
 * A turn of a question-and-answer exchange, which the keep model (trained on copy that prints few) reads as a
 * fragment: a paragraph that is only a quotation, right after a paragraph that holds one, the one or the other
 * asking ("“And the cost?”" ⏎ "“About $160,000.”"; "“How many won?”" ⏎ "“Four.”"), or given by the continuation
 * sieve to another voice than the one before (an exchange opened by a reported question: "Lee asked Roe whether
 * …" ⏎ "“…,” she said." ⏎ "“So nobody's coming.”" ⏎ "“Not right now.”"; a carried-on paragraph keeps the phrase).
 */
function exchangeTurn(source: string, spans: QuoteSpan[], i: number, by: (Attribution | null)[]): boolean {
  const [p, q] = [spans[i - 1], spans[i]!];
  if (!p || p.paraEnd >= q.paraStart || source.slice(p.paraEnd, q.paraStart).trim() !== '') return false;
  if (!startsParagraph(source, q) || source.slice(q.close + 1, q.paraEnd).trim() !== '') return false;
  if (by[i]?.sieve === 'continuation' && by[i]!.phrase !== by[i - 1]?.phrase) return true;
  return ASKS_RE.test(source.slice(q.start, q.end)) || ASKS_RE.test(source.slice(p.start, p.end));
}

type QuoteSpeaker = { speakers: SpeakerCandidate[]; chosen: SpeakerCandidate | null };

const NO_SPEAKER: QuoteSpeaker = { speakers: [], chosen: null };
const NUMBER_RE = /^[\d.,]+$/u;

/**
 * The speakers of the phrases resolved so far that are no pronoun, with the role they were read with. Such a
 * phrase resolves the same whatever the previous speaker (only a pronoun reads that), and where it is read (its
 * first token), so the part of a quotation that takes its neighbour's phrase (the same tokens) reads it once.
 */
const RESOLVED = new WeakMap<readonly Token[], { role: string | null; speaker: Speaker | null }>();

/**
 * The sieve's phrase resolved to a speaker; undefined when that fails (logged, or thrown when there is
 * no log), which leaves the quotation without any speaker.
 */
function resolveSpeaker(c: SpeakerContext, q: QuoteSpan, a: Attribution | null): Speaker | null | undefined {
  if (!a) return null;
  const [at, known] = [a.phrase[0]?.start ?? q.start, RESOLVED.get(a.phrase)];
  if (known !== undefined && known.role === a.role) return known.speaker;
  try {
    const speaker = resolvePhrase(c.source, a.phrase, a.role, at, c.index, c.previous, c.settings.config);
    if (pronounOf(a.phrase) === undefined) RESOLVED.set(a.phrase, { role: a.role, speaker });
    return speaker;
  } catch (error) {
    reportOrThrow(c.settings.log, error, q, 'resolve');
    return undefined;
  }
}

/**
 * The speaker of a passage and the candidates the ranker reads; null when the ranker fails (logged, or
 * thrown when there is no log): the quotation then keeps no speaker.
 *
 * The learned ranker chooses among the people named nearby where no sieve named anyone, and checks a
 * speaker the sieve reached through a pronoun or that is no person: that one it may replace, or refuse
 * (no speaker) when a person named nearby scores higher yet under its threshold. A person the sieve's
 * phrase names stands, and findQuotes does not ask the ranker about it (`candidate`). Asked of every
 * kept passage of PolNeAR train, the ranker chose someone in 117 of the 239 with no sieve's speaker,
 * refused 73 and replaced 2 of the 1,329 pronoun speakers, and refused or replaced 2 of the 3,181
 * persons named: for those, its candidates were work for nothing. It is trained on all of them.
 */
function rankSpeaker(
  c: SpeakerContext,
  q: QuoteSpan,
  a: Attribution | null,
  proposed: Speaker | null,
): QuoteSpeaker | null {
  try {
    const speakers = speakerCandidates(c, q, a, proposed);
    // without the ranker, the sieve's speaker (the first candidate) stands
    const chosen =
      c.options.speakerRanker === false ? (proposed ? speakers[0]! : null) : chooseSpeaker(speakers);
    return { speakers, chosen };
  } catch (error) {
    reportOrThrow(c.settings.log, error, q, 'ranker');
    return null;
  }
}

/** End of the first line when it is a title-case headline ("Obama Sees 'Personal Insult' if ..."), else 0. */
function headlineEnd(source: string, firstLineEnd: number): number {
  const line = source.slice(0, firstLineEnd);
  const words = line.match(HEADLINE_WORD_RE[scriptOf(line)]) ?? [];
  if (words.length < 4 || words.length > 30) return 0;
  return words.filter((w) => startsUpper(w)).length / words.length >= 0.75 ? firstLineEnd : 0;
}

const HEADLINE_WORD_RE = byScript((c) => `[${c.letter}][${c.letter}’'-]*`, 'g');

/**
 * End of the first line when it can be a headline: a short line with more text after it.
 * A one-paragraph text has no headline, so this is 0.
 */
function firstLineEndOf(source: string): number {
  // (a text of white space alone has no headline: past its first line, it is blank)
  const i = source.search(/\S/u);
  const nl = source.indexOf('\n', i);
  return nl < 0 || nl - i > 200 || source.slice(nl).trim() === '' ? 0 : nl;
}

/** A speech verb right after the name (past a few auxiliaries) or right before it ("said Lee"). */
function speaksAt(tokens: readonly Token[], start: number, end: number, asideMax: number): boolean {
  const next = tokenAt(tokens, end);
  // "Trump’s claim" is a noun after a possessive, not a speech verb.
  if (next > 0 && isPossessive(tokens[next - 1]!)) return false;
  let k = next;
  // past an aside in commas: "Caldwell, whose ward includes South Shore, said …"
  let m = k + 1;
  while (tokens[k]?.text === ',' && tokens[m]?.word && m - k < asideMax) m++;
  if (m > k + 1 && tokens[m]?.text === ',') k = m + 1;
  while (k < tokens.length && tokens[k]!.word && AUX_WORDS.has(tokens[k]!.lower) && !tokens[k]!.cap) k++;
  if (isStrongFiniteCue(tokens[k])) return true;
  // "said Lee." / "said Lee, a …", not "said Lee will …" (Lee is then the subject of what was said).
  // The name's first token: a step back over its few tokens costs less than a second binary search.
  let first = next;
  while (first > 0 && tokens[first - 1]!.start >= start) first--;
  // past a title before the name: "asked Sen. Cal Hedstrom"
  while (first > 1 && (HONORIFICS.has(tokens[first - 1]!.lower) || isRoleToken(tokens[first - 1]!))) first--;
  if (first === 0 || !isStrongFiniteCue(tokens[first - 1])) return false;
  const after = tokens[next];
  return !after || after.text === ',' || isSentenceEnd(after);
}

/**
 * The gender of the first "he", "his" or "she" after `end` in its sentence, before a mark or a capitalised
 * word, within `reach` characters.
 */
function pronounAfter(tokens: readonly Token[], end: number, reach: number): Gender {
  for (let k = tokenAt(tokens, end); k < tokens.length && tokens[k]!.start - end < reach; k++) {
    const t = tokens[k]!;
    if (isSentenceEnd(t) || isMark(t) || t.cap) return null;
    if (t.lower === 'he' || t.lower === 'his' || t.lower === 'she') return t.lower === 'she' ? 'f' : 'm';
  }
  return null;
}

/** The first word, lower-cased, of the sentence that starts at `start` (a quotation mark before it passed over). */
function sentenceOpener(tokens: readonly Token[], start: number): string {
  const first = tokenAt(tokens, start);
  let k = first;
  while (k < tokens.length && !tokens[k]!.word && k - first < 2) k++;
  return tokens[k]?.word ? tokens[k]!.lower : '';
}

/**
 * The quotations worth showing in the email: informative, few, and adding to the key points.
 *
 * A failure is never silent. Without `options.log` (tests, the evaluation) it is thrown; with one, it is
 * logged (`quote-selection-failed`, step `select`, over the whole text) and the email shows no quotes:
 * its key points and `allQuotes` still stand, as one quotation's failed attribution leaves the rest.
 */
export function selectQuotes(
  all: Quote[],
  context: { source: string; keyPoints: KeyPoint[] },
  options: { max?: number; log?: QuoteLog } = {},
): Quote[] {
  try {
    return select(all, context, options);
  } catch (error) {
    reportOrThrow(options.log, error, { start: 0, end: context.source.length }, 'select', SELECTION_FAILED);
    return [];
  }
}

const SELECTION_FAILED = {
  event: 'quote-selection-failed',
  message: 'the quotations for the email could not be chosen, and it shows none',
} as const;
