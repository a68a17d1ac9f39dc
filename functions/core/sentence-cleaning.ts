/**
 * Cleaning before key points are chosen: leading furniture (datelines, outlet tags, Daily Mail bylines and
 * timestamps) and picture captions glued to the front of a sentence are cut, furniture sentences and
 * repeats are marked ineligible, and the pieces of a quotation that runs over several sentences are
 * flagged. The cleaned text is always the end of the sentence, verbatim.
 */
import { MIN_SENTENCE_WORDS } from './article-text.js';
import { tokenize } from './rouge.js';
import { SpanCover } from './span-cover.js';
import type { Sentence, Span } from './types.js';

/** What cleaning reads: the source, its sentences and the page furniture found in it. */
export interface CleaningInput {
  source: string;
  sentences: Sentence[];
  /** Page furniture (captions, credits, header lines): sentences mostly inside it are never chosen. */
  exclude?: Span[];
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
export const HAS_QUOTE_RE = /["“”]|(?:^|\s)[‘'](?=\p{L})|(?<=\p{L}[.,!?])['’](?=\s|$)/u;

/** True when a quotation opened in `prefix` is still open at its end. */
export function openQuote(prefix: string): boolean {
  return (
    (prefix.match(/["“”]/gu) ?? []).length % 2 === 1 ||
    (prefix.match(/‘/gu) ?? []).length > (prefix.match(/’(?!\p{L})/gu) ?? []).length
  );
}

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

/**
 * The first words every byline pattern above needs (BYLINE_RE can only match something non-empty from one
 * of them): most sentences start otherwise, and the three patterns are then skipped.
 */
const BYLINE_START_RE = /^(?:By|PUBLISHED|UPDATED|Published|Updated|Last updated)/u;

/** Removes leading furniture from one sentence; returns the cleaned text ('' when nothing is left). */
export function cleanSentenceText(text: string): string {
  let t = text.trim();
  for (let pass = 0; pass < 3; pass++) {
    const before = t;
    if (BYLINE_START_RE.test(t))
      t = t.replace(BYLINE_RE, '').replace(LAST_UPDATED_RE, '').replace(BY_REPORTER_RE, '').trim();
    // an outlet prefix ends in a bracket, a dateline in a dash: without one the patterns cannot match
    if (t.includes('(')) t = t.replace(OUTLET_PREFIX_RE, '').trim();
    if (t.includes('--') || t.includes('—')) t = t.replace(DASH_DATELINE_RE, '').trim();
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

/** ECMAScript's white space and line terminators: what `\s` matches. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The number of words (runs of non-space) in a text. Counted without splitting: the caption scan asks it for every prefix. */
export function words(text: string): number {
  return countWords(text, 0, text.length, Number.POSITIVE_INFINITY);
}

/**
 * Whether `text.slice(from, to)` holds at least `n` words. The caption scan asks this of the text before and
 * after every possible glue point; counting stops at `n` and no slice is built.
 */
function hasWords(text: string, n: number, from = 0, to = text.length): boolean {
  return countWords(text, from, to, n) >= n;
}

function countWords(text: string, from: number, to: number, enough: number): number {
  let n = 0;
  let inWord = false;
  for (let i = from; i < to && n < enough; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/**
 * The longest caption looked for at the front of a sentence, in characters. Captions are a line or two;
 * the bound keeps a sentence of thousands of words (a text without full stops) from costing its square,
 * since each glue point's tests read the whole prefix before it.
 */
const MAX_CAPTION_CHARS = 1500;

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
 * True when at least `share` of `a` is in `b`. Stops as soon as too many of `a` are missing: most pairs of
 * sentences share little, and this check runs for every pair of nearby sentences.
 */
function containsAtLeast(a: ReadonlySet<string>, b: ReadonlySet<string>, share: number): boolean {
  if (a.size === 0 || b.size < share * a.size) return false;
  let missesLeft = Math.floor((1 - share) * a.size + 1e-9);
  for (const t of a) if (!b.has(t) && --missesLeft < 0) return false;
  return true;
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
  for (let m = re.exec(t); m && m.index <= MAX_CAPTION_CHARS; m = re.exec(t)) {
    // the word counts first: they are cheap, and the quotation test scans the whole prefix
    if (
      hasWords(t, minPrefixWords, 0, m.index) &&
      hasWords(t, 6, m.index) &&
      !inQuotation(t.slice(0, m.index))
    )
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
function cutGluedCaption(text: string, othersOf: () => readonly Set<string>[]): string {
  let others: readonly Set<string>[] | null = null;
  let t = text;
  // a run of captions can precede the sentence (four on one Daily Mail page): one cut per pass
  for (let pass = 0; pass < 6; pass++) {
    let cut = -1;
    if (CAPTION_LABEL_RE.test(t) || PICTURED_RE.test(t)) {
      GLUE_RE.lastIndex = 0;
      for (let m = GLUE_RE.exec(t); m && m.index <= MAX_CAPTION_CHARS; m = GLUE_RE.exec(t)) {
        if (FUNCTION_WORD_END_RE.test(t.slice(0, m.index))) continue;
        if (hasWords(t, 4, 0, m.index) && hasWords(t, 6, m.index)) {
          cut = m.index;
          break;
        }
      }
      // a second caption glued to the first ("Big Ben: … peers Proud mum: Jean with …")
      ANY_GLUE_RE.lastIndex = 0;
      for (
        let m = ANY_GLUE_RE.exec(t);
        m && (cut < 0 || m.index < cut) && m.index <= MAX_CAPTION_CHARS;
        m = ANY_GLUE_RE.exec(t)
      ) {
        if (hasWords(t, 4, 0, m.index) && CAPTION_LABEL_RE.test(t.slice(m.index).trim())) {
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
        hasWords(t, 4, 0, m.index) &&
        hasWords(t, 6, m.index)
      )
        cut = m.index;
    }
    if (cut < 0) others ??= othersOf();
    if (cut < 0 && others !== null && others.length > 0) {
      // the glue point whose prefix best matches another sentence, both ways; the prefix's tokens
      // are collected word by word as the scan moves on
      let bestScore = 0.75;
      const ws = [...t.matchAll(/\S+/gu)];
      const p = new Set<string>();
      let w = 0;
      ANY_GLUE_RE.lastIndex = 0;
      for (let m = ANY_GLUE_RE.exec(t); m && m.index <= MAX_CAPTION_CHARS; m = ANY_GLUE_RE.exec(t)) {
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

/** How many sentences before and after a sentence may hold the copy that reveals a glued caption. */
const CAPTION_COPY_REACH = 12;

/** The token sets of the sentences near sentence `i` (not itself) that hold at least 75% of `own`, in order. */
function nearbyContaining(sets: readonly Set<string>[], i: number, own: ReadonlySet<string>): Set<string>[] {
  const out: Set<string>[] = [];
  const last = Math.min(sets.length - 1, i + CAPTION_COPY_REACH);
  for (let j = Math.max(0, i - CAPTION_COPY_REACH); j <= last; j++)
    if (j !== i && containsAtLeast(sets[j]!, own, 0.75)) out.push(sets[j]!);
  return out;
}

/** Cleans every sentence and marks the ones that may become key points. */
export function prepareSentences(input: CleaningInput): CleanSentence[] {
  const exclude = new SpanCover(input.exclude ?? []);
  const insideQuotation = quotationContinuations(input.source, input.sentences);
  const toks = input.sentences.map((s) => tokenize(s.text));
  const sets = toks.map((t) => new Set(t));
  const kept: Set<string>[] = [];
  const out: CleanSentence[] = [];
  input.sentences.forEach((sentence, i) => {
    const covered = exclude.covered(sentence);
    const own = sets[i]!;
    // only sentences that this one could contain a copy of can reveal a glued caption
    // built only when the caption scan reaches the repeat test; a set can hold 75% of another only if it
    // has at least 75% of its size
    const others = () => nearbyContaining(sets, i, own);
    const cleaned = cleanSentenceText(sentence.text);
    const text = cutGluedCaption(cleaned, others);
    const tokenList = text === sentence.text ? toks[i]! : tokenize(text);
    const tokens = text === sentence.text ? own : new Set(tokenList);
    // a sentence that repeats an earlier kept one (a caption of it, a pull quote) adds nothing
    const repeat = kept.some((o) => containsAtLeast(tokens, o, 0.8));
    const eligible =
      covered < (sentence.end - sentence.start) / 2 &&
      hasWords(text, MIN_SENTENCE_WORDS) &&
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
