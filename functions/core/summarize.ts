/**
 * Extractive key points: whole sentences of the article, chosen by a small linear model over sets of
 * candidate sentences (the shipped weights use position, centrality, length and redundancy; title and
 * entity overlap and the other features are there for training), and returned in article order.
 * News furniture (bylines, datelines, "(CNN) --", "PUBLISHED: … | UPDATED: …", "Scroll down for
 * video", a caption glued to the front of a sentence) is stripped before choosing;
 * a key point's `text` is the cleaned sentence while `start`/`end` stay those of the whole sentence.
 * The weights come from scripts/train-summarizer.ts (functions/core/summarizer-model.json), which
 * chooses them by cross-validation on ../shared/eval/cnndm-dev.jsonl; see docs/summarizer.md.
 */
import { antecedentPerson, readKeyPoint } from './key-point-reading.js';
import { comparable, nearRepeat } from './redundancy.js';
import { tokenize } from './rouge.js';
import MODEL_JSON from './summarizer-model.json' with { type: 'json' };
import type { KeyPoint, Sentence, Span } from './types.js';

export interface SummarizeInput {
  source: string;
  title: string | null;
  sentences: Sentence[];
  /** Page furniture (captions, credits, header lines): sentences mostly inside it are never chosen. */
  exclude?: Span[];
}

export interface SummarizeOptions {
  /** Upper bound on key points; by default 3–5 from the article's length. */
  maxPoints?: number;
  /** Trimming rules for the key points' text (default DEFAULT_TRIM). */
  trim?: ReadonlySet<TrimRule>;
  /** Skip sentences in the writer's own voice ("I", "we", "you" outside quotations); default true. */
  skipOwnVoice?: boolean;
  /** Eligible sentences from which an article gets 4 points (5 from 30 more); default DEFAULT_FOUR_POINTS_FROM. */
  fourPointsFrom?: number;
}

export interface SummarizerModel {
  /** Names of the set features (SET_FEATURE_NAMES), for reading the file. */
  features: string[];
  weights: number[];
  mean: number[];
  std: number[];
  /** How many leading eligible sentences are candidates (plus `central` more chosen by centrality). */
  lead: number;
  central: number;
}

/** Leading dateline/outlet: "(CNN)", "Boston (CNN) --", "LONDON, England (Reuters) --", "(The Hollywood Reporter)". */
const OUTLET_PREFIX_RE =
  /^(?:[A-Z][A-Za-z.'’-]*(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,4}\s*)?\((?:CNN|CNNMoney|CNN Money|Reuters|AP|AFP|EW\.com|Mashable|The Hollywood Reporter|Rolling Stone|TIME|Time\.com|Billboard|Variety|People|LifeWire|CNN Student News|[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,3})\)\s*(?:--|—|–|-)?\s*/u;
/** "UPPER-CASE PLACE --" or "PLACE, Country --" datelines. */
const DASH_DATELINE_RE = /^[A-Z][A-Z .,'’-]{2,40}(?:,\s*[A-Z][A-Za-z .]{2,30})?\s*(?:--|—)\s*/u;
/** Daily Mail header: "By . Jane Doe . PUBLISHED: 10:05 EST, 1 May 2013 . | . UPDATED: 10:05 EST, 1 May 2013 ." */
const BYLINE_RE =
  /^(?:By\s*\.?\s*(?:[A-Z][\w'’.-]*\s*){1,4}(?:\s*(?:,|and|&)\s*(?:[A-Z][\w'’.-]*\s*){1,4})*\s*(?:\.|\|)\s*(?:(?:for|and)\s+(?:the\s+)?(?:Daily Mail|MailOnline|Mail on Sunday|Associated Press|[A-Z]\w+(?: [A-Z]\w+){0,2})\s*\.?\s*)?)?(?:(?:PUBLISHED|UPDATED|Published|Updated|Last updated)\s*:?\s*(?:at\s*)?\.?\s*\d{1,2}:\d{2}\s*(?:[AP]M)?\s*(?:EST|EDT|GMT|BST|UTC|on)?\s*,?\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4})\s*\.?\s*\|?\s*\.?\s*)*/u;
const LAST_UPDATED_RE =
  /^(?:Last updated at|Updated|Published)\s*:?\s*\d{1,2}:\d{2}\s*(?:[AP]M)?\s*(?:[A-Z]{2,4})?\s*(?:on)?\s*,?\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4})\s*\.?\s*/u;
/** "By Jane Doe, Daily Mail Reporter" style opening without the timestamp. */
const BY_REPORTER_RE =
  /^By\s+\.?\s*(?:[A-Z][\w'’-]*\.?\s+){1,3}(?:and\s+(?:[A-Z][\w'’-]*\.?\s+){1,3})?(?:\.|,)\s*(?:(?:Daily Mail|MailOnline|Associated Press|Press Association|PUBLISHED|UPDATED)\b[^.]*\.\s*)?/u;
/** Whole sentences that are furniture. */
const FURNITURE_SENTENCE_RE =
  /^(?:scroll down(?: for (?:video|more))?|click here|read more|related\s*:|follow\b.{0,40}(?:@|twitter|facebook)|share this|watch the video|video\s*:|see the video|pictured\s*:|photo\s*:|image\s*:|editor'?s note\s*:|copyright\b|all rights reserved|the views expressed|this article (?:was|is) (?:originally )?published|(?:cnn'?s|the associated press)\b.{0,80}\b(?:contributed|reported)\b)/iu;
const FURNITURE_ANYWHERE_RE =
  /\b(?:PUBLISHED\s*:|UPDATED\s*:|Last updated at|Scroll down for video|Click here to|e-mail to a friend|Daily Mail Reporter)\b/u;
/** A short "Label:" at the start of a glued picture caption ("Fighter ace: …", "Wanted: …"). */
const CAPTION_LABEL_RE = /^[A-Z][\w'’-]*(?: [\w'’-]+){0,2}\s*:\s+(?=[A-Z‘“"'])/u;
/** Where a glued caption meets the real sentence: a word without final punctuation, then an opener. */
const GLUE_RE =
  /(?<=[\p{Ll}\p{N}’'”)])\s+(?=(?:The|A|An|This|These|Those|It|He|She|They|Police|Officials|But|Now|After|When|In|On|At)\s)/gu;
/** A pronoun or connective with a capital in mid-sentence after an unpunctuated word: a caption ends here. */
const PRONOUN_GLUE_RE = /(?<=[\p{Ll}\p{N}%])\s+(?=(?:He|She|They|We|His|Her|Their|However)\s)/gu;
/**
 * A sentence opener with a capital in mid-sentence, right after a word without final punctuation and
 * followed by a lower-case word ("… the weather was 'too hot' The incident was shared …", "… prosecutors
 * say All of her marriages …"): edited prose never runs two sentences together like this, a caption that
 * lost its line break does, also after a name ("… the Bahrain Grand Prix It was another …"). A capital
 * after the opener ("in The Great Escape") makes it a title; "A" and "One" are left out ("infra-red A
 * rays", "League One").
 */
const OPENER_GLUE_RE =
  /(?<=[\p{Ll}\p{N}%’'”)])\s+(?=(?:The|An|This|These|Those|It|He|She|They|We|His|Her|Their|Its|All|Some|But|After|When|Now|There|Many|Most)\s+\p{Ll})/gu;
const PRONOUN_SUBJECT_RE = /^(?:["“‘']\s*)?(?:He|She)\s+(?=\p{Ll})/u;
const SAID_PRONOUN_RE =
  /(,["”’']?\s+|\s)(he|she)\s+(said|says|added|told|explained|continued|insisted|claimed|admitted|wrote|argued|noted|stated)\b/u;
const CAPITALISED_RE = /(?<![.!?]\s|^)\b[A-Z][\p{L}'’-]+/gu;
const NUMBER_RE = /\d/u;
const QUOTE_RE = /["“”]|(?:^|\s)[‘'](?=\p{L})/u;
const STARTS_QUOTE_RE = /^["“‘']/u;
const NOT_NAMES = new Set([
  'The',
  'A',
  'An',
  'In',
  'On',
  'At',
  'But',
  'And',
  'He',
  'She',
  'They',
  'It',
  'This',
  'That',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
]);

export const FEATURE_NAMES = [
  'first',
  'second',
  'third',
  'invPos',
  'relPos',
  'logLen',
  'short',
  'long',
  'centrality',
  'leadSim',
  'titleSim',
  'entityLead',
  'entityCount',
  'entityDoc',
  'hasQuote',
  'startsQuote',
  'hasNumber',
  'pronounStart',
  'question',
  'firstTimesShortDoc',
  'relPosTimesLongDoc',
] as const;

const MODEL = MODEL_JSON as SummarizerModel;

export interface CleanSentence {
  sentence: Sentence;
  /** Cleaned text for reading and scoring: the end of the sentence, verbatim, from `start`. */
  text: string;
  /** Source offset where `text` starts (after a dateline, byline or glued caption). */
  start: number;
  /** False when the sentence is furniture or too short to be a key point. */
  eligible: boolean;
  /** rouge tokens of `text`. */
  tokens: string[];
  /**
   * The sentence continues a quotation opened in an earlier sentence of the same paragraph and has no
   * quotation mark of its own ("‘That’s how football works. If they play well, your stock rises."): as a
   * key point it would read as the outlet's own statement, with nobody saying it.
   */
  insideQuotation: boolean;
}

/** At most this many sentences in a row without a mark of their own are taken to continue a quotation. */
const MAX_UNMARKED_QUOTED_SENTENCES = 5;

/**
 * For each sentence, whether it sits inside a quotation opened before it in the same paragraph (see
 * `CleanSentence.insideQuotation`). Marks are read in order: “ and ‘ (or a straight quote before a
 * letter, not before a digit as in '90) open, ” and a ’ or straight quote not followed by a letter close;
 * a line break between two sentences starts a new paragraph and ends any open quotation, and so does a run
 * of MAX_UNMARKED_QUOTED_SENTENCES unmarked sentences (a mark that never closes).
 */
export function quotationContinuations(source: string, sentences: readonly Sentence[]): boolean[] {
  let open = false;
  let unmarked = 0;
  let previousEnd = -1;
  return sentences.map((s) => {
    if (previousEnd >= 0 && source.slice(previousEnd, s.start).includes('\n')) open = false;
    // a quoted paragraph is a few sentences long: a mark that never closes must not swallow the article
    if (unmarked >= MAX_UNMARKED_QUOTED_SENTENCES) open = false;
    previousEnd = s.end;
    const inside = open && !HAS_QUOTE_RE.test(s.text);
    unmarked = inside ? unmarked + 1 : 0;
    for (const m of s.text.matchAll(/["“”‘’']/gu)) {
      const at = m.index;
      const before = s.text[at - 1] ?? ' ';
      const after = s.text[at + 1] ?? ' ';
      const letterBefore = /[\p{L}\p{N}]/u.test(before);
      const letterAfter = /\p{L}/u.test(after);
      if (m[0] === '“') open = true;
      else if (m[0] === '”') open = false;
      else if (m[0] === '‘') open = open || !letterBefore;
      else if (!letterBefore && letterAfter) open = true;
      else if (!/[\p{L}\p{N}]/u.test(after)) open = false;
    }
    return inside;
  });
}

/** Removes leading furniture from one sentence; returns the cleaned text ('' when nothing is left). */
export function cleanSentenceText(text: string): string {
  let t = text.trim();
  for (let pass = 0; pass < 3; pass++) {
    const before = t;
    t = t.replace(BYLINE_RE, '').replace(LAST_UPDATED_RE, '').replace(BY_REPORTER_RE, '').trim();
    t = t.replace(OUTLET_PREFIX_RE, '').replace(DASH_DATELINE_RE, '').trim();
    t = t.replace(/^[.|·•\s-]+/u, '').trim();
    if (t === before) break;
  }
  const label = CAPTION_LABEL_RE.exec(t);
  if (label) {
    // a caption such as "Wanted: Police have issued … pornography Police in Maryland have launched …"
    GLUE_RE.lastIndex = label[0].length;
    const glue = GLUE_RE.exec(t);
    if (glue && glue.index - label[0].length > 25 && t.length - glue.index > 40)
      t = t.slice(glue.index).trim();
  }
  return t;
}

function words(text: string): number {
  return text.split(/\s+/u).filter(Boolean).length;
}

function overlapLen(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** Any point where a glued caption can end: a word without final punctuation, then a capital. */
const ANY_GLUE_RE = /(?<=[\p{Ll}\p{N}’'”)%])\s+(?=[‘“"']?\p{Lu})/gu;
const FUNCTION_WORD_END_RE = /\b(?:a|an|the|of|to|in|on|at|by|for|from|with|and|or|as|said|says|told)$/iu;
const LAST_WORD_CAPITALISED_RE = /(?:^|\s)\p{Lu}[\p{L}'’.-]*$/u;
const PICTURED_MARKER_RE =
  /\((?:pictured|left|right|centre|center|above|below|inset|file picture|file photo|stock image)\b[^)]{0,40}\)/iu;
const PICTURED_RE =
  /^(?:Pictured|Above|Below|Left|Right|Inset|Top|Bottom|Main picture|Main image|File photo)\b/u;

function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0) return 0;
  let n = 0;
  for (const t of a) if (b.has(t)) n++;
  return n / a.size;
}

/**
 * The first match of `re` (a glue point) with at least `minPrefixWords` words before it and six after,
 * whose prefix `inQuotation` does not reject; -1 when there is none.
 */
function firstGlue(
  t: string,
  re: RegExp,
  minPrefixWords: number,
  inQuotation: (prefix: string) => boolean,
): number {
  re.lastIndex = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const prefix = t.slice(0, m.index);
    if (!inQuotation(prefix) && words(prefix) >= minPrefixWords && words(t.slice(m.index)) >= 6)
      return m.index;
  }
  return -1;
}

/**
 * Cuts a picture caption glued to the front of a sentence, as on pages whose captions lost their
 * line breaks ("Alan Davey laid bare … programme The controller of BBC Radio 3 has …"). A prefix is a
 * caption when it starts with a "Label:" or "Pictured", or when it repeats another sentence of the
 * article almost word for word.
 */
function cutGluedCaption(text: string, others: readonly Set<string>[]): string {
  let t = text;
  // a run of captions can precede the sentence (four on one Daily Mail page): one cut per pass
  for (let pass = 0; pass < 6; pass++) {
    let cut = -1;
    if (CAPTION_LABEL_RE.test(t) || PICTURED_RE.test(t)) {
      GLUE_RE.lastIndex = 0;
      for (let m = GLUE_RE.exec(t); m; m = GLUE_RE.exec(t)) {
        if (FUNCTION_WORD_END_RE.test(t.slice(0, m.index))) continue;
        if (words(t.slice(0, m.index)) >= 4 && words(t.slice(m.index)) >= 6) {
          cut = m.index;
          break;
        }
      }
      // a second caption glued to the first ("Big Ben: … peers Proud mum: Jean with …")
      ANY_GLUE_RE.lastIndex = 0;
      for (let m = ANY_GLUE_RE.exec(t); m && (cut < 0 || m.index < cut); m = ANY_GLUE_RE.exec(t)) {
        if (words(t.slice(0, m.index)) >= 4 && CAPTION_LABEL_RE.test(t.slice(m.index).trim())) {
          cut = m.index;
          break;
        }
      }
    }
    const marker = cut < 0 ? PICTURED_MARKER_RE.exec(t) : null;
    if (marker) {
      // "… sunburn (pictured) when exposed to sunlight James, from Salford, was …": the caption ends at
      // the first glue point after its picture marker
      const from = marker.index + marker[0].length;
      ANY_GLUE_RE.lastIndex = from;
      const m = ANY_GLUE_RE.exec(t);
      const opener = m
        ? /^\s*(?:The|A|An|This|These|Those|It|He|She|They|But|Now|After|When)\s/u.test(t.slice(m.index))
        : false;
      if (
        m &&
        (m.index === from || opener) &&
        !FUNCTION_WORD_END_RE.test(t.slice(0, m.index)) &&
        words(t.slice(0, m.index)) >= 4 &&
        words(t.slice(m.index)) >= 6
      )
        cut = m.index;
    }
    if (cut < 0 && others.length > 0) {
      // the glue point whose prefix best matches another sentence, both ways; the prefix's tokens
      // are collected word by word as the scan moves on
      let bestScore = 0.75;
      const ws = [...t.matchAll(/\S+/gu)];
      const p = new Set<string>();
      let w = 0;
      ANY_GLUE_RE.lastIndex = 0;
      for (let m = ANY_GLUE_RE.exec(t); m; m = ANY_GLUE_RE.exec(t)) {
        while (w < ws.length && ws[w]!.index < m.index) {
          for (const tok of tokenize(ws[w]![0])) p.add(tok);
          w++;
        }
        if (w < 6) continue;
        if (ws.length - w < 6) break;
        const prefix = t.slice(0, m.index);
        if (FUNCTION_WORD_END_RE.test(prefix) || LAST_WORD_CAPITALISED_RE.test(prefix)) continue;
        for (const o of others) {
          if (o.size * bestScore > p.size || p.size * bestScore > o.size) continue;
          const score = Math.min(containment(p, o), containment(o, p));
          if (score >= bestScore) {
            bestScore = score;
            cut = m.index;
          }
        }
      }
    }
    // inside an open double quotation ("The Times They Are A-Changin'") a capitalised pronoun is a title
    if (cut < 0) cut = firstGlue(t, PRONOUN_GLUE_RE, 6, (p) => (p.match(/["“”]/gu) ?? []).length % 2 === 1);
    if (cut < 0) cut = firstGlue(t, OPENER_GLUE_RE, 4, openQuote);
    if (cut < 0) break;
    t = t.slice(cut).trim();
  }
  return t;
}

/** Cleans every sentence and marks the ones that may become key points. */
export function prepareSentences(input: SummarizeInput): CleanSentence[] {
  const exclude = input.exclude ?? [];
  const insideQuotation = quotationContinuations(input.source, input.sentences);
  const toks = input.sentences.map((s) => tokenize(s.text));
  const sets = toks.map((t) => new Set(t));
  const kept: Set<string>[] = [];
  const out: CleanSentence[] = [];
  input.sentences.forEach((sentence, i) => {
    const covered = exclude.reduce((sum, f) => sum + overlapLen(sentence, f), 0);
    const own = sets[i]!;
    // only sentences that this one could contain a copy of can reveal a glued caption
    const others = sets.filter((o, j) => j !== i && Math.abs(j - i) <= 12 && containment(o, own) >= 0.75);
    const cleaned = cleanSentenceText(sentence.text);
    const text = cutGluedCaption(cleaned, others);
    const tokenList = text === sentence.text ? toks[i]! : tokenize(text);
    const tokens = text === sentence.text ? own : new Set(tokenList);
    // a sentence that repeats an earlier kept one (a caption of it, a pull quote) adds nothing
    const repeat = kept.some((o) => containment(tokens, o) >= 0.8);
    const eligible =
      covered < (sentence.end - sentence.start) / 2 &&
      words(text) >= 5 &&
      !repeat &&
      !FURNITURE_SENTENCE_RE.test(text) &&
      !FURNITURE_ANYWHERE_RE.test(text) &&
      !/:\s*$/u.test(text);
    // the cleaned text is what is left after leading furniture: find it in the sentence, verbatim
    const at = text === '' ? -1 : sentence.text.lastIndexOf(text);
    const verbatim = at < 0 ? sentence.text : text;
    out.push({
      sentence,
      text: verbatim,
      start: sentence.start + Math.max(0, at),
      eligible,
      tokens: verbatim === text ? tokenList : tokenize(verbatim),
      insideQuotation: insideQuotation[i]!,
    });
    if (eligible) kept.push(tokens);
  });
  return out;
}

interface Vec {
  v: Map<string, number>;
  norm: number;
}

function vecOf(tokens: readonly string[], idf: (w: string) => number): Vec {
  const v = new Map<string, number>();
  for (const w of tokens) v.set(w, (v.get(w) ?? 0) + 1);
  let norm = 0;
  for (const [w, c] of v) {
    const x = c * idf(w);
    v.set(w, x);
    norm += x * x;
  }
  return { v, norm: Math.sqrt(norm) };
}

function cosine(a: Vec, b: Vec): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, big] = a.v.size <= b.v.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [w, x] of small.v) {
    const y = big.v.get(w);
    if (y !== undefined) dot += x * y;
  }
  return dot / (a.norm * b.norm);
}

function entitiesOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(CAPITALISED_RE)) if (!NOT_NAMES.has(m[0])) out.add(m[0].toLowerCase());
  return out;
}

export interface SentenceFeatures {
  /** Index into the eligible sentences. */
  index: number;
  features: number[];
  tokens: string[];
  vec: Vec;
}

/** Features of the eligible sentences, in article order (see FEATURE_NAMES). */
export function sentenceFeatures(
  eligible: readonly CleanSentence[],
  title: string | null,
): SentenceFeatures[] {
  const n = eligible.length;
  const tokens = eligible.map((s) => s.tokens);
  const df = new Map<string, number>();
  for (const t of tokens) for (const w of new Set(t)) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w: string) => Math.log((n + 1) / ((df.get(w) ?? 0) + 0.5));
  const vecs = tokens.map((t) => vecOf(t, idf));
  const docVec = vecOf(tokens.flat(), idf);
  const titleVec = title ? vecOf(tokenize(title), idf) : null;
  const entities = eligible.map((s) => entitiesOf(s.text));
  const leadEntities = new Set<string>();
  for (const e of entities.slice(0, 3)) for (const x of e) leadEntities.add(x);
  const entityDf = new Map<string, number>();
  for (const e of entities) for (const x of e) entityDf.set(x, (entityDf.get(x) ?? 0) + 1);
  const shortDoc = n <= 12 ? 1 : 0;
  const longDoc = Math.min(1, Math.log1p(n) / Math.log(100));
  return eligible.map((s, i) => {
    const len = tokens[i]!.length;
    const ents = entities[i]!;
    let inLead = 0;
    let docMentions = 0;
    for (const x of ents) {
      if (leadEntities.has(x)) inLead++;
      docMentions += (entityDf.get(x) ?? 1) - 1;
    }
    const lead = vecs[0]!;
    const f = [
      i === 0 ? 1 : 0,
      i === 1 ? 1 : 0,
      i === 2 ? 1 : 0,
      1 / (i + 1),
      n > 1 ? i / (n - 1) : 0,
      Math.log1p(len),
      len < 10 ? 1 : 0,
      len > 40 ? 1 : 0,
      cosine(vecs[i]!, docVec),
      i === 0 ? 1 : cosine(vecs[i]!, lead),
      titleVec ? cosine(vecs[i]!, titleVec) : 0,
      ents.size ? inLead / ents.size : 0,
      Math.log1p(ents.size),
      ents.size ? Math.log1p(docMentions / ents.size) : 0,
      QUOTE_RE.test(s.text) ? 1 : 0,
      STARTS_QUOTE_RE.test(s.text) ? 1 : 0,
      NUMBER_RE.test(s.text) ? 1 : 0,
      PRONOUN_SUBJECT_RE.test(s.text) ? 1 : 0,
      /\?["”’']?$/u.test(s.text) ? 1 : 0,
      i === 0 ? shortDoc : 0,
      (n > 1 ? i / (n - 1) : 0) * longDoc,
    ];
    return { index: i, features: f, tokens: tokens[i]!, vec: vecs[i]! };
  });
}

export const SET_FEATURE_NAMES = [
  ...FEATURE_NAMES.map((f) => `sum:${f}`),
  'tokens',
  'tokensSquared',
  'maxPairSim',
  'meanPairSim',
  'sharedTrigram',
] as const;

/** Linear score of standardised features. */
export function scoreFeatures(features: readonly number[], model: SummarizerModel = MODEL): number {
  let s = 0;
  for (let k = 0; k < features.length; k++) {
    const sd = model.std[k] || 1;
    s += (model.weights[k] ?? 0) * ((features[k]! - (model.mean[k] ?? 0)) / sd);
  }
  return s;
}

/**
 * Eligible sentences from which an article gets 4 key points (chosen by cross-validation among 50, 60, 70
 * and 80 in scripts/train-summarizer.ts; see docs/summarizer.md).
 */
export const DEFAULT_FOUR_POINTS_FROM = 60;

/** 3 points for most articles, 4 for long ones (`fourPointsFrom` eligible sentences), 5 from 30 more. */
export function defaultPointCount(
  eligibleSentences: number,
  fourPointsFrom: number = DEFAULT_FOUR_POINTS_FROM,
): number {
  if (eligibleSentences >= fourPointsFrom + 30) return 5;
  if (eligibleSentences >= fourPointsFrom) return 4;
  return 3;
}

function trigrams(tokens: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 3 <= tokens.length; i++) out.add(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`);
  return out;
}

/** The trimming rules of `trimForReading`, in the order they run (exported for the training script). */
export const TRIM_RULES = [
  'brackets',
  'dashes',
  'age',
  'whoClause',
  'leadTime',
  'attribution',
  'according',
  'dashTail',
  'clauseTail',
] as const;
export type TrimRule = (typeof TRIM_RULES)[number];

const DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?';
const WHEN = `(?:(?:on|by|late|early|last|this|since|until)\\s+)?(?:${DAY}(?:\\s+(?:morning|afternoon|evening|night))?|(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH})(?:,?\\s+\\d{4})?|yesterday|today|tonight|(?:last|this|earlier this|later this|next)\\s+(?:week|month|year|weekend|night|morning|summer|spring|autumn|fall|winter|${DAY}))`;
/** "On Wednesday, …", "Last week, …", "Earlier this month, …": a leading time adverbial and its comma. */
const LEAD_TIME_RE = new RegExp(
  `^(?:(?:On|Late|Early|By|Last|This|Earlier|Later|Since|Until)\\s+(?:on\\s+)?)?(?:${WHEN}|${DAY}(?:\\s+(?:morning|afternoon|evening|night))?|(?:earlier|later)\\s+this\\s+(?:week|month|year)|(?:${MONTH})\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?),\\s+(?=\\p{Ll}|\\p{Lu})`,
  'iu',
);
/** A parenthesis in mid-sentence: "(pictured)", "(left)", "(£1.2m)", "(NHS)". */
const BRACKETS_RE = /\s+\([^()]{1,80}\)(?=[\s,.;:!?'"’”])/gu;
/** An aside between dashes: " - who lost his legs in 1931 - ", " -- the third this year -- ". */
const DASH_ASIDE_RE = /\s+(?:--|—|–|-)\s+([^—–]{3,120}?)\s+(?:--|—|–|-)\s+/gu;
/** An age in apposition: "Leon Yeaman, 55, was …" → "Leon Yeaman was …". */
const AGE_RE = /(?<=\p{L}),\s+\d{1,3},(?=\s)/gu;
/** A non-restrictive "who" clause between commas before the verb: "Wright, who had seven seasons at Arsenal, will …". */
const WHO_CLAUSE_RE =
  /(?<=\p{L}),\s+who\s+[^,;:"“”‘’']{3,120},\s+(?=(?:is|was|are|were|has|had|have|will|would|could|can|may|might|must|should|said|says|\p{Ll}+(?:ed|s))\b)/gu;
/** A trailing attribution: ", police said.", ", the ministry said on Tuesday.", ", he told the BBC." */
const ATTRIBUTION_TAIL_RE = new RegExp(
  `,\\s+(?:the\\s+|a\\s+|an\\s+|his\\s+|her\\s+|their\\s+)?(?:[\\p{L}'’.-]+\\s+){0,5}?(?:he|she|they|police|officials?|authorities|\\p{Lu}[\\p{L}'’.-]*|spokesm[ae]n|spokeswoman|spokesperson|sources?|reports?|investigators|prosecutors|witnesses)\\s+(?:said|says|added|reported|told\\s+[^,.;]{1,60}|confirmed|announced|explained|stated)(?:\\s+(?:on\\s+)?(?:${DAY}|yesterday|today|last\\s+week|this\\s+week)(?:\\s+(?:morning|afternoon|evening|night))?)?\\s*([.!?])$`,
  'u',
);
/** ", according to police." / ", according to a report in the Sun." */
const ACCORDING_TAIL_RE = /,\s+according\s+to\s+[^,;:"“”]{2,80}([.!?])$/u;
const ACCORDING_LEAD_RE = /^According\s+to\s+[^,;:"“”]{2,60},\s+(?=\p{L})/u;
const HAS_QUOTE_RE = /["“”]|(?:^|\s)[‘'](?=\p{L})|(?<=\p{L}[.,!?])['’](?=\s|$)/u;

/** A tail after a single dash: "… on Friday - exactly eight weeks after he was asked …". */
const DASH_TAIL_RE = /\s+(?:--|—|–|-)\s+(?=\S)/gu;
/** A trailing subordinate or participial clause after a comma. */
const CLAUSE_TAIL_RE =
  /,\s+(?=(?:with|while|whilst|after|as|which|before|despite|having|leaving|amid|including|where|when|although|though|following|sparking|prompting|meaning|forcing|causing|saying|adding|claiming)\b)/gu;

function openQuote(prefix: string): boolean {
  return (
    (prefix.match(/["“”]/gu) ?? []).length % 2 === 1 ||
    (prefix.match(/‘/gu) ?? []).length > (prefix.match(/’(?!\p{L})/gu) ?? []).length
  );
}

/** Cuts the sentence at the first match of `re` that leaves at least `minWords` words outside any quotation. */
function cutTail(text: string, re: RegExp, minWords: number): string {
  const end = /([.!?])["”’']?$/u.exec(text);
  if (!end) return text;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const prefix = text.slice(0, m.index);
    if (words(prefix) < minWords || openQuote(prefix)) continue;
    return `${prefix.replace(/[,;:\s]+$/u, '')}${end[1] === '?' ? '?' : '.'}`;
  }
  return text;
}

function capitaliseFirst(text: string): string {
  return text.replace(/^(["“‘']?)(\p{Ll})/u, (_m, q: string, c: string) => `${q}${c.toUpperCase()}`);
}

/**
 * Trims a key point for reading, the way a news highlight is written: drops asides in brackets or
 * between dashes, an age in apposition, a "who" clause between commas, a leading time adverbial, and a
 * trailing attribution ("…, police said.") outside quotations. Each cut leaves a grammatical sentence;
 * a cut is skipped when it would leave fewer than six words.
 */
export function trimForReading(text: string, rules: ReadonlySet<TrimRule> = DEFAULT_TRIM): string {
  let t = text;
  const apply = (rule: TrimRule, f: (s: string) => string) => {
    if (!rules.has(rule)) return;
    const next = f(t)
      .replace(/\s{2,}/gu, ' ')
      .trim();
    if (next === t || words(next) < 6) return;
    t = next;
  };
  apply('brackets', (s) => s.replace(BRACKETS_RE, ''));
  apply('dashes', (s) => s.replace(DASH_ASIDE_RE, ' '));
  apply('age', (s) => s.replace(AGE_RE, ''));
  apply('whoClause', (s) => s.replace(WHO_CLAUSE_RE, ' '));
  apply('leadTime', (s) => capitaliseFirst(s.replace(LEAD_TIME_RE, '')));
  apply('dashTail', (s) => cutTail(s, DASH_TAIL_RE, TAIL_MIN_WORDS));
  apply('clauseTail', (s) => cutTail(s, CLAUSE_TAIL_RE, TAIL_MIN_WORDS));
  const quoted = HAS_QUOTE_RE.test(t);
  if (!quoted) {
    apply('attribution', (s) => s.replace(ATTRIBUTION_TAIL_RE, '$1'));
    apply('according', (s) =>
      capitaliseFirst(s.replace(ACCORDING_TAIL_RE, '$1').replace(ACCORDING_LEAD_RE, '')),
    );
  }
  return t;
}

/** A tail is cut only when at least this many words remain. */
const TAIL_MIN_WORDS = 10;
/** The rules used by default (the ones that cross-validate; see docs/summarizer.md). */
export const DEFAULT_TRIM: ReadonlySet<TrimRule> = new Set<TrimRule>(['dashes', 'attribution']);

/**
 * Replaces a "he said"/"she said" in mid-sentence by the surname of the person named last before, in
 * brackets as an edit ("…,” [Okonjo] said."); null when nobody is named. A leading "He"/"She" is
 * `readKeyPoint`'s work.
 */
export function resolvePronoun(text: string, before: readonly CleanSentence[]): string | null {
  if (!SAID_PRONOUN_RE.test(text)) return text;
  const name = antecedentPerson(before.map((s) => s.text));
  if (name === null) return null;
  const parts = name.split(/\s+/u);
  const surname = /^(?:Mr|Mrs|Ms|Dr|Miss)\.?$/u.test(parts[0]!) ? name : parts[parts.length - 1]!;
  return text.replace(
    SAID_PRONOUN_RE,
    (_m, pre: string, _p: string, verb: string) => `${pre}[${surname}] ${verb}`,
  );
}

/** A candidate key point: an eligible sentence that can stand on its own, with its features. */
export interface Candidate {
  /** Index into the eligible sentences. */
  index: number;
  /** What the email shows: the sentence trimmed and edited for reading (see key-point-reading.ts). */
  text: string;
  /** The verbatim span of the source the key point is taken from: `source.slice(start, end)`. */
  verbatim: string;
  start: number;
  end: number;
  sentence: Sentence;
  features: SentenceFeatures;
  trigrams: Set<string>;
}

/** The candidates the set search considers: the first `lead` usable sentences plus the `central` most central others. */
export function candidatesOf(
  input: SummarizeInput,
  model: SummarizerModel = MODEL,
  options: SummarizeOptions = {},
): Candidate[] {
  return candidatePool(input, model, options).candidates;
}

/** Quoted passages: "…", “…”, ‘…’ and '…' (a closing single quote not followed by a letter). */
const QUOTED_SPAN_RE = /["“][^"”]*["”]|‘[^’]*’(?!\p{L})|(?<=^|\s)'[^']*'(?!\p{L})/gu;
const OWN_VOICE_RE = /\b(?:I|[Ww]e|[Mm]y|[Oo]ur|[Yy]ou|[Yy]our|me|us)\b/u;

/**
 * True when the sentence speaks in the writer's own voice outside any quotation ("You would be
 * forgiven for thinking…", "We asked…"): a column's aside, not a fact a key point should carry.
 */
export function ownVoice(text: string): boolean {
  return OWN_VOICE_RE.test(text.replace(QUOTED_SPAN_RE, ' '));
}

function candidatePool(
  input: SummarizeInput,
  model: SummarizerModel,
  options: SummarizeOptions,
): { candidates: Candidate[]; eligibleCount: number } {
  const skipOwnVoice = options.skipOwnVoice ?? true;
  const eligible = prepareSentences(input).filter((s) => s.eligible);
  if (eligible.length === 0) return { candidates: [], eligibleCount: 0 };
  const feats = sentenceFeatures(eligible, input.title);
  const usable = (i: number): Candidate | null => {
    const s = eligible[i]!;
    const before = eligible.slice(Math.max(0, i - 12), i);
    const resolved = resolvePronoun(trimForReading(s.text, options.trim ?? DEFAULT_TRIM), before);
    if (resolved === null) return null;
    const reading = readKeyPoint(
      resolved,
      before.map((b) => b.text),
    );
    if (reading === null) return null;
    const f = feats[i]!;
    return {
      index: i,
      text: reading.shown,
      verbatim: s.text,
      start: s.start,
      end: s.start + s.text.length,
      sentence: s.sentence,
      features: f,
      trigrams: trigrams(f.tokens),
    };
  };
  const lead: Candidate[] = [];
  const spare: Candidate[] = [];
  let next = 0;
  for (; next < eligible.length && lead.length < model.lead; next++) {
    const c = usable(next);
    if (c && ((skipOwnVoice && ownVoice(c.text)) || eligible[next]!.insideQuotation)) spare.push(c);
    else if (c) lead.push(c);
  }
  // own-voice sentences and unmarked pieces of a quotation come back only when there are too few
  // others for the points wanted
  const needed = Math.max(3, options.maxPoints ?? 0);
  while (lead.length < needed && spare.length > 0) lead.push(spare.shift()!);
  const centralityAt = FEATURE_NAMES.indexOf('centrality');
  const order = feats
    .slice(next)
    .map((f) => ({ i: f.index, v: f.features[centralityAt]! }))
    .sort((a, b) => b.v - a.v || a.i - b.i);
  const rest: Candidate[] = [];
  for (const { i } of order) {
    if (rest.length >= model.central) break;
    const c = usable(i);
    if (c) rest.push(c);
  }
  return { candidates: [...lead, ...rest].sort((a, b) => a.index - b.index), eligibleCount: eligible.length };
}

/** Features of a set of candidates: summed sentence features, total length and redundancy. */
export function setFeatures(set: readonly Candidate[]): number[] {
  const d = FEATURE_NAMES.length;
  const sum = new Array<number>(d).fill(0);
  let tokens = 0;
  for (const c of set) {
    for (let k = 0; k < d; k++) sum[k] = sum[k]! + c.features.features[k]!;
    tokens += c.features.tokens.length;
  }
  let maxSim = 0;
  let sumSim = 0;
  let pairs = 0;
  let shared = 0;
  for (let a = 0; a < set.length; a++) {
    for (let b = a + 1; b < set.length; b++) {
      const sim = cosine(set[a]!.features.vec, set[b]!.features.vec);
      maxSim = Math.max(maxSim, sim);
      sumSim += sim;
      pairs++;
      const ta = set[a]!.trigrams;
      for (const t of set[b]!.trigrams) {
        if (ta.has(t)) {
          shared = 1;
          break;
        }
      }
    }
  }
  const t = tokens / 50;
  return [...sum, t, t * t, maxSim, pairs ? sumSim / pairs : 0, shared];
}

/** Every k-subset of `n` indices, in lexicographic order. */
export function subsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (from: number) => {
    if (cur.length === k) {
      out.push([...cur]);
      return;
    }
    for (let i = from; i <= n - (k - cur.length); i++) {
      cur.push(i);
      rec(i + 1);
      cur.pop();
    }
  };
  if (k <= n) rec(0);
  return out;
}

/**
 * Picks the key points of an article: 3–5 whole sentences (fewer only when the article has fewer),
 * in article order. Pure and deterministic. Every set of that size among the candidates is scored by
 * the linear model (which sees position, length, centrality, title and entity overlap, and the set's
 * redundancy), and the best set wins.
 *
 * @example
 * summarize({ source, title: null, sentences: splitSentences(source) }).map((k) => k.text)
 */
export function summarize(
  input: SummarizeInput,
  options: SummarizeOptions = {},
  model: SummarizerModel = MODEL,
): KeyPoint[] {
  const { candidates, eligibleCount } = candidatePool(input, model, options);
  if (candidates.length === 0) return [];
  const want = Math.max(
    1,
    Math.min(
      options.maxPoints ?? defaultPointCount(eligibleCount, options.fourPointsFrom),
      candidates.length,
    ),
  );
  // no two key points may share their main fact: sets with a near-repeated pair are never scored
  const texts = candidates.map((c) => comparable(c.text));
  const repeats = candidates.map((_, a) =>
    candidates.map((_, b) => a < b && nearRepeat(texts[a]!, texts[b]!)),
  );
  let best: number[] = [];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const set of subsets(candidates.length, want)) {
    if (set.some((a, x) => set.slice(x + 1).some((b) => repeats[a]![b]))) continue;
    const s = scoreFeatures(setFeatures(set.map((i) => candidates[i]!)), model);
    if (s > bestScore) {
      bestScore = s;
      best = set;
    }
  }
  return best.map((i) => keyPointOf(candidates[i]!));
}

/** The key point of a candidate: the verbatim span, and `shown` when the email prints other words. */
function keyPointOf(c: Candidate): KeyPoint {
  const point: KeyPoint = { text: c.verbatim, start: c.start, end: c.end };
  if (c.text !== c.verbatim) point.shown = c.text;
  return point;
}
