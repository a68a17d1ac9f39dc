import {
  CLAUSE_OPENERS,
  DASHES,
  LEADING_SKIP,
  NAME_LINKS,
  NON_NAME_CAPS,
  PRONOUNS,
  RELATIVE_PRONOUNS,
  TITLE_LEADS,
  VERB_INSIDE,
  WEAK_CUES,
} from '../lexicon.js';
import { surface, tidyRole } from '../names.js';
import {
  appositiveName,
  dropBrackets,
  endsSentenceAt,
  forwardPhrase,
  isCue,
  isCueNoun,
  isMark,
  opensRole,
  quotedAsSaying,
  skipAuxBack,
  splitAppositive,
  tokenAt,
  validPhrase,
} from '../phrases.js';
import { asFound, type Found, type Reading, type Sieve } from '../sieve.js';
import type { QuoteSpan } from '../spans.js';
import { isSentenceEnd, type Token } from '../tokens.js';

export const tailSieve: Sieve = {
  id: 'tail',
  description:
    'After the closing mark: `"…," X said`, `"…," said X, a …`, `"…" according to X`, `"…" ― Name`.',
  run(context, { span: q, index }) {
    // `X said: "… ." Y, from Z, confirmed …`: a quotation introduced by a colon and ending its sentence is
    // followed by a new sentence, not by its tail (the head sieve reads the colon's speaker)
    if (q.close >= q.paraEnd || (introducedByColon(context.source, q) && endsSentence(context.source, q)))
      return null;
    const next = context.spans[index + 1];
    return tailAttribution(context, q, next && next.open < q.paraEnd ? next.open : q.paraEnd);
  },
};

interface TailScan extends Reading {
  /** First token after the marks and dashes. */
  i: number;
  /** Where the scan stops: the limit, or the reach from the closing mark (so `i` is within the reach). */
  end: number;
  /** Token of the next quotation's opening mark when it ends the scan, else -1. */
  nextOpen: number;
  q: QuoteSpan;
}

/**
 * `"…," X said`, `"…," said X`, `"…" according to X`: the attribution after the closing mark, before
 * the offset `limit` (the paragraph's end or the next quotation's opening mark).
 */
function tailAttribution(r: Reading, q: QuoteSpan, limit: number): Found | null {
  const { source, tokens, config } = r;
  let i = tokenAt(tokens, q.close + 1);
  // "…," Name, a long appositive of many words, said: a name and a comma allow a longer reach.
  const start = tokens[i]?.text === ',' ? i + 1 : i;
  const appositive = tokens[start]?.cap === true && tokens[start + 1]?.text === ',';
  const limitToken = tokenAt(tokens, limit);
  const end = Math.min(limitToken, i + (appositive ? config.tailAppositiveReach : config.tailReach));
  while (i < end && LEADING_SKIP.has(tokens[i]!.text)) i++;
  if (i >= end) return null;
  const first = tokens[i]!;
  if (first.lower === 'according' && tokens[i + 1]?.lower === 'to')
    return asFound(forwardPhrase(r, i + 2, end));
  if (isCue(first)) {
    const p = forwardPhrase(r, i + 1, end);
    const named = appositiveName(source, tokens, p, end);
    return named ?? asFound(p, roleAfterName(source, tokens, i + 1 + p.length, end));
  }
  const signed = i > 0 && DASHES.has(tokens[i - 1]!.text) && tokens[i - 1]!.start > q.close;
  const nextOpen = limit < q.paraEnd && limitToken === end ? limitToken : -1;
  return (signed && dashedName(tokens, i, end)) || cueLater({ source, tokens, i, end, config, nextOpen, q });
}

/** "…” ― Pamela Padilla": a dash and a name closing the paragraph or sentence. */
function dashedName(tokens: readonly Token[], i: number, end: number): Found | null {
  let m = i;
  while (m < end && tokens[m]!.word && (tokens[m]!.cap || NAME_LINKS.has(tokens[m]!.lower)) && m - i < 6) m++;
  // (a token past `end`, or none, closes the name whatever it is)
  const stop = tokens[m]?.text;
  return m >= end || stop === '.' || stop === ',' ? asFound(tokens.slice(i, m)) : null;
}

/** The phrase between the quotation and a cue a few words on ("…," the ministry's spokesman said). */
function cueLater(s: TailScan): Found | null {
  const { tokens, i, end } = s;
  let depth = 0;
  let commas = 0;
  for (let m = i + 1; m < end; m++) {
    const t = tokens[m]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth = Math.max(0, depth - 1);
    if (depth > 0 || t.text === ')') continue;
    // a word is neither a sentence end nor a mark (most tokens are words, passed without the calls);
    // "R-Ky.," is an abbreviation, not the end of the sentence.
    if (!t.word && ((isSentenceEnd(t) && tokens[m + 1]?.text !== ',') || isMark(t))) return null;
    if (t.text === ',') commas++;
    if (commas === 0 && m - i > s.config.tailNoCommaReach) return null;
    // a word that is no cue goes on to the next token whatever else it is, as does a title's lead ("state Sen.")
    if (!isCue(t) || (TITLE_LEADS.has(t.lower) && tokens[m + 1]?.cap)) continue;
    // "the congressional report said", "a welcome message on the website reads".
    if ((WEAK_CUES.has(t.lower) && strongCueSoon(tokens, m, end)) || isCueNoun(tokens, m)) continue;
    const quotedAs = quotedAsSaying(tokens, m, i);
    return quotedAs ? { phrase: quotedAs, role: null } : startsAnew(s, m) ? null : phraseBeforeCue(s, m);
  }
  return null;
}

/**
 * After a quotation that ends its own sentence, a cue that is no attribution of it: `Ann Lee said "We
 * counted the boats." Tom Reyhan said "…"` ("X said" and the next quotation, at most a comma or colon
 * between, introduce that one); `"… ." The US has said it is committed to a strong dollar.` (a cue with a
 * clause of its own after it, "that …", "it is …", "he would …", reports something new).
 */
function startsAnew(s: TailScan, cue: number): boolean {
  if (!endsSentence(s.source, s.q)) return false;
  const next = s.tokens[cue + 1];
  // `"… ." The alliance said misunderstandings …`: after a full stop, a sentence running on past its cue
  // reports something new; the quotation's own tail ends its sentence soon after the cue (`"… ." Ms Roe said.`)
  const runsOn = !s.tokens
    .slice(cue + 1, cue + 1 + s.config.tailAfterStopReach)
    .some((_, k) => endsSentenceAt(s.tokens, cue + 1 + k));
  if ((next && CLAUSE_OPENERS.has(next.lower)) || (s.source[s.q.end - 1] === '.' && runsOn)) return true;
  return (cue + 1 < s.nextOpen && /^[,:]$/u.test(next!.text) ? cue + 2 : cue + 1) === s.nextOpen;
}

function strongCueSoon(tokens: readonly Token[], m: number, end: number): boolean {
  for (let n = m + 1; n < end && n - m <= 6; n++) {
    const u = tokens[n]!;
    // (a word that is no cue reads on; anything else answers: a strong cue, or the end of the words)
    if (!u.word || (isCue(u) && !WEAK_CUES.has(u.lower))) return u.word;
  }
  return false;
}

function phraseBeforeCue(s: TailScan, m: number): Found | null {
  const { tokens, i } = s;
  const phrase = dropBrackets(tokens.slice(i, skipAuxBack(tokens, m - 1, i) + 1));
  while (phrase.length > 0 && phrase[phrase.length - 1]!.text === ',') phrase.pop();
  // `"…." However, Mr Cheung noted …`: a sentence opening with a word and a comma is a new sentence
  if (endsSentence(s.source, s.q) && opensWithIntroductoryWord(s.source, phrase)) return null;
  // "…" Perhaps, he said, …: the pronoun right before the cue speaks, not the words before it.
  const last = phrase[phrase.length - 1]!;
  if (phrase.length > 2 && !last.cap && PRONOUNS.has(last.lower) && phrase[phrase.length - 2]!.text === ',')
    return { phrase: [last], role: null };
  // `"…." Foreign investment in Ukraine, at about $40 a head, is one of the lowest among ex-Soviet states`:
  // a finite verb between the phrase and the cue, outside a relative clause, makes it a sentence of its own
  if (hasMainVerb(phrase)) return null;
  const split = splitAppositive(s.source, phrase);
  return validPhrase(split.phrase, s.config.tailPhraseMax) ? split : null;
}

/**
 * A finite verb ("is", "has", "were") written in lower case, outside a relative clause ("Smith, who was
 * there,"): the words are a clause, not a speaker and an appositive. A relative clause runs from its
 * "who" or "which" to the next comma.
 */
function hasMainVerb(phrase: readonly Token[]): boolean {
  let relative = false;
  for (const t of phrase) {
    if (t.text === ',') relative = false;
    else if (RELATIVE_PRONOUNS.has(t.lower)) relative = true;
    else if (!relative && !t.cap && VERB_INSIDE.has(t.lower)) return true;
  }
  return false;
}

/**
 * "However, Mr Cheung noted", "Still, former astronaut John Grunsfeld said": the phrase opens with a
 * capitalised word and a comma, and that word is no name but a word the text also writes in lower case
 * (or one of the capitalised words no name is). The sentence is a new one, not this quotation's tail: its
 * speaker, if any, is read by the later sieves (the quotation's neighbour or the paragraph before).
 */
function opensWithIntroductoryWord(source: string, phrase: readonly Token[]): boolean {
  const first = phrase[0];
  if (!first?.word || !first.cap || phrase[1]?.text !== ',' || phrase.length < 3) return false;
  if (NON_NAME_CAPS.has(first.lower)) return true;
  // does the text hold the word in lower case, as a whole word (no letter on either side)?
  const word = first.lower.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  return new RegExp(`(?<!\\p{L})${word}(?!\\p{L})`, 'u').test(source);
}

/** The role in ", a spokesman for the ministry," after a name that follows its cue ("said Smith, a ..."). */
function roleAfterName(source: string, tokens: readonly Token[], k: number, end: number): string | null {
  if (tokens[k]?.text !== ',' || !tokens[k + 1]?.word || !opensRole(tokens[k + 1])) return null;
  let m = k + 1;
  while (m < end && tokens[m]!.word && m - k < 14) m++;
  const stop = tokens[m];
  if (stop && stop.text !== ',' && stop.text !== '.' && !isMark(stop)) return null;
  return tidyRole(surface(source, tokens.slice(k + 1, m)));
}

/**
 * Is the opening mark right after a colon (spaces aside)? Read from the last characters before the mark: no run of
 * spaces is longer.
 */
const introducedByColon = (source: string, q: QuoteSpan): boolean =>
  /:[ \t]*$/u.test(source.slice(Math.max(q.paraStart, q.open - 40), q.open));

/** Does the quoted text end with a sentence's final punctuation (before any closing marks or brackets)? */
const endsSentence = (source: string, q: QuoteSpan): boolean =>
  /[.!?…]["”’'»)\]]*$/u.test(source.slice(q.start, q.close));
