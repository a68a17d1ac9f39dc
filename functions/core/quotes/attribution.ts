import {
  AUX_WORDS,
  CUE_WORDS,
  DETERMINERS,
  NON_NAME_CAPS,
  NP_STOP_WORDS,
  PRONOUNS,
  WEAK_CUES,
  WEEKDAYS,
} from './lexicon.js';
import { isDoubleMark, isSingleMark } from './marks.js';
import { isPossessive, isRoleToken, surface, tidyRole } from './names.js';
import type { QuoteSpan } from './spans.js';
import { isSentenceEnd, type Token } from './tokens.js';

/** Where a speaker phrase was found for a quotation, before pronouns and short names are resolved. */
export interface Attribution {
  /** The speaker phrase ("Geng", "he", "White House press secretary Josh Earnest", "the ministry"). */
  phrase: Token[];
  /** A role given in an appositive next to the phrase (", a spokesman for the ministry,"). */
  role: string | null;
  /** How it was found, for debugging and for the evaluation's breakdown. */
  via: 'tail' | 'head' | 'colon' | 'neighbour' | 'continuation';
}

const CLAUSE_BREAK = new Set([
  'that',
  'because',
  'when',
  'if',
  'while',
  'and',
  'but',
  'who',
  'which',
  'whom',
  'as',
  'after',
  'before',
  'although',
  'though',
  'since',
  'where',
  'so',
]);
const FORWARD_STOP = new Set([
  ...NP_STOP_WORDS,
  'adding',
  'noting',
  'saying',
  'who',
  'whose',
  'speaking',
  'referring',
  'told',
  'tells',
]);
/** "went on to say", "by saying", "upon saying": the cue hangs on the clause subject. */
const LINK_WORDS = new Set(['to', 'by', 'upon']);
/** "… and said", "… but added, …": the cue continues the clause subject ("but" only before a whole utterance). */
const AND_THEN = new Set(['and', 'then', 'but']);
/** Words that make the next weak cue a noun ("a text", "his post"). */
const NOUN_BEFORE = new Set(['a', 'an', 'the', 'his', 'her', 'their', 'its', 'text']);
/** How far a cue may sit after a one-word name and its appositive ("Trump, the …, said"). */
const TAIL_APPOSITIVE_REACH = 40;
/** Nouns that carry speech ("issued a statement, …"). */
const SPEECH_NOUNS = new Set([
  'statement',
  'statements',
  'message',
  'remarks',
  'letter',
  'speech',
  'interview',
  'op-ed',
  'tweet',
]);
const LONG_REACH = 14;
const DASHES = new Set(['—', '–', '-', '―', '‒', '−']);
const LEADING_SKIP = new Set([',', '—', '–', '-', '―', '‒', '(', ')', "'"]);
const NAME_LINKS = new Set(['de', 'da', 'del', 'van', 'von', 'bin', 'al', 'la', 'le', 'di', 'du']);
const ING_CUE_RE = /ing$/u;
const RELATIVE_OR_CLAUSE = new Set([
  'who',
  'which',
  'that',
  'whose',
  'whom',
  'and',
  'but',
  'when',
  'while',
  'because',
  'after',
  'before',
  'said',
  'says',
]);
const TIME_WORDS = new Set([
  ...WEEKDAYS,
  'today',
  'yesterday',
  'tonight',
  'later',
  'earlier',
  'recently',
  'again',
]);

export function isCue(t: Token | undefined): boolean {
  if (!t?.word) return false;
  return !t.cap && CUE_WORDS.has(t.lower);
}

function isMark(t: Token): boolean {
  return !t.word && (isDoubleMark(t.text) || isSingleMark(t.text));
}

/** Index of the first token whose start is at or after `offset`. */
export function tokenAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A speaker phrase read forwards from `i` ("said [the ministry's spokesman], adding ..."). */
function forwardPhrase(tokens: readonly Token[], i: number, limit: number): Token[] {
  const out: Token[] = [];
  const first = tokens[i];
  // "said a person close to the Clintons": a description runs on through its modifiers.
  const description = first?.word && !first.cap && DETERMINERS.has(first.lower);
  const cap = description ? 14 : 9;
  for (let k = i; k < limit && out.length < cap; k++) {
    const t = tokens[k]!;
    if (!t.word) break;
    const connector = t.lower === 'of' || t.lower === 'for';
    if (description && out.length > 0) {
      if (RELATIVE_OR_CLAUSE.has(t.lower) || CUE_WORDS.has(t.lower) || ING_CUE_RE.test(t.lower)) break;
      out.push(t);
      continue;
    }
    if (connector && out.length > 0 && out[out.length - 1]!.cap) break;
    if (out.length > 0 && FORWARD_STOP.has(t.lower) && !connector) break;
    if (out.length === 0 && FORWARD_STOP.has(t.lower) && !PRONOUNS.has(t.lower)) break;
    out.push(t);
  }
  while (out.length > 1 && TIME_WORDS.has(out[out.length - 1]!.lower)) out.pop();
  return out;
}

/** A speaker phrase read backwards from `i` (inclusive), stopping at a determiner or a clause word. */
function backwardPhrase(tokens: readonly Token[], i: number, floor: number): Token[] {
  const out: Token[] = [];
  let k = i;
  while (
    k >= floor &&
    tokens[k]!.word &&
    ((AUX_WORDS.has(tokens[k]!.lower) && !tokens[k]!.cap) || TIME_WORDS.has(tokens[k]!.lower))
  ) {
    k--;
  }
  for (; k >= floor && out.length < 9; k--) {
    const t = tokens[k]!;
    if (!t.word) break;
    // "The email said", "the statement read": a cue word after a determiner is a noun.
    const noun =
      out.length === 0 && CUE_WORDS.has(t.lower) && k > floor && DETERMINERS.has(tokens[k - 1]!.lower);
    if (!t.cap && !noun && (NP_STOP_WORDS.has(t.lower) || CUE_WORDS.has(t.lower)) && !PRONOUNS.has(t.lower))
      break;
    if (!t.cap && out.length > 0 && PRONOUNS.has(t.lower)) break;
    // "But Sen. Dunn": a capitalised conjunction or adverb opens the sentence, not the name.
    if (t.cap && out.length > 0 && NON_NAME_CAPS.has(t.lower) && !DETERMINERS.has(t.lower)) break;
    out.unshift(t);
    if (DETERMINERS.has(t.lower) || PRONOUNS.has(t.lower)) break;
  }
  // A phrase never starts on "of"/"for".
  while (out.length > 0 && (out[0]!.lower === 'of' || out[0]!.lower === 'for')) out.shift();
  return out;
}

/** Split "Smith, a spokesman for Jones," into the name and its appositive role. */
function splitAppositive(source: string, phrase: Token[]): { phrase: Token[]; role: string | null } {
  const comma = phrase.findIndex((t) => t.text === ',');
  if (comma < 0) return { phrase, role: null };
  const head = phrase.slice(0, comma);
  const rest = phrase.slice(comma + 1).filter((t) => t.text !== ',');
  // "her senior policy adviser, Jake Sullivan,": the name is the speaker, the description its role.
  if (describes(head) && rest.length > 0 && rest.length <= 4 && rest.every((t) => t.cap)) {
    return { phrase: rest, role: tidyRole(surface(source, head)) };
  }
  const first = rest[0];
  const roleLike = first && (DETERMINERS.has(first.lower) || isRoleToken(first) || isPossessive(first));
  return { phrase: head, role: roleLike ? tidyRole(surface(source, rest)) : null };
}

/**
 * A description that can stand before a name in apposition: no capitals ("her senior policy
 * adviser"), or a role word at its end ("Carson’s business manager", "the GOP nominee").
 */
function describes(head: readonly Token[]): boolean {
  if (head.length === 0) return false;
  if (!head.some((t) => t.cap)) return true;
  const last = head[head.length - 1]!;
  return !last.cap && isRoleToken(last);
}

/** A full stop in a party tag ("R-Wis.,", "(D-Ill.)"): an abbreviation, not the end of the sentence. */
function abbreviationStop(tokens: readonly Token[], k: number): boolean {
  const next = tokens[k + 1]?.text;
  const prev = tokens[k - 1];
  return (
    tokens[k]!.text === '.' &&
    (next === ',' || next === ')') &&
    prev !== undefined &&
    prev.end === tokens[k]!.start &&
    /^\p{Lu}-\p{Lu}/u.test(prev.text)
  );
}

/** Drop bracketed asides ("(D-Md.)", "(R-Utah)") from a phrase. */
export function dropBrackets(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(' || t.text === '[') depth++;
    else if ((t.text === ')' || t.text === ']') && depth > 0) depth--;
    else if (depth === 0) out.push(t);
  }
  return out;
}

/** A finite verb inside a would-be speaker phrase means it is a clause ("His terminology was off"). */
const VERB_INSIDE = new Set([
  'was',
  'is',
  'were',
  'are',
  'has',
  'had',
  'have',
  'will',
  'would',
  'did',
  'does',
]);

function validPhrase(phrase: Token[]): boolean {
  if (phrase.length === 0 || phrase.length > 24) return false;
  for (const t of phrase) {
    if (!t.word && t.text !== ',') return false;
    if (!t.cap && CLAUSE_BREAK.has(t.lower)) return false;
  }
  return phrase.some((t) => t.word);
}

/** `"…," X said`, `"…," said X`, `"…" according to X`: the attribution after the closing mark. */
export function tailAttribution(
  source: string,
  tokens: readonly Token[],
  q: QuoteSpan,
  limit: number,
): Attribution | null {
  if (q.close >= q.paraEnd) return null;
  let i = tokenAt(tokens, q.close + 1);
  // "…," Name, a long appositive of many words, said: a name and a comma allow a longer reach.
  const start = tokens[i]?.text === ',' ? i + 1 : i;
  const appositive = tokens[start]?.cap === true && tokens[start + 1]?.text === ',';
  const reach = appositive ? TAIL_APPOSITIVE_REACH : 24;
  const end = Math.min(tokenAt(tokens, limit), i + reach);
  while (i < end && LEADING_SKIP.has(tokens[i]!.text)) i++;
  if (i >= end) return null;
  const first = tokens[i]!;
  if (first.lower === 'according' && tokens[i + 1]?.lower === 'to') {
    const p = forwardPhrase(tokens, i + 2, end);
    return p.length ? { phrase: p, role: null, via: 'tail' } : null;
  }
  if (isCue(first)) {
    const p = forwardPhrase(tokens, i + 1, end);
    if (p.length === 0) return null;
    const withRole = appositiveAfterPhrase(source, tokens, i + 1 + p.length, end);
    return { phrase: p, role: withRole, via: 'tail' };
  }
  // "…” ― Pamela Padilla": a dash and a name closing the paragraph or sentence.
  if (i > 0 && DASHES.has(tokens[i - 1]!.text) && tokens[i - 1]!.start > q.close) {
    let m = i;
    while (m < end && tokens[m]!.word && (tokens[m]!.cap || NAME_LINKS.has(tokens[m]!.lower)) && m - i < 6)
      m++;
    const stop = tokens[m];
    if (m > i && (!stop || stop.text === '.' || stop.text === ',' || m >= end)) {
      return { phrase: tokens.slice(i, m), role: null, via: 'tail' };
    }
  }
  let depth = 0;
  let commas = 0;
  for (let m = i + 1; m < end && m - i <= reach; m++) {
    const t = tokens[m]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth = Math.max(0, depth - 1);
    if (depth > 0 || t.text === ')') continue;
    // "R-Ky.," is an abbreviation, not the end of the sentence.
    if ((isSentenceEnd(t) && tokens[m + 1]?.text !== ',') || isMark(t)) return null;
    if (t.text === ',') commas++;
    if (commas === 0 && m - i > 10) return null;
    if (isCue(t) && WEAK_CUES.has(t.lower)) {
      // "the congressional report said", "a welcome message on the website reads".
      let later = -1;
      for (let n = m + 1; n < end && n - m <= 6; n++) {
        const u = tokens[n]!;
        if (!u.word) break;
        if (isCue(u) && !WEAK_CUES.has(u.lower)) {
          later = n;
          break;
        }
      }
      if (later > 0) continue;
    }
    if (isCue(t)) {
      let to = m;
      while (
        to > i &&
        tokens[to - 1]!.word &&
        !tokens[to - 1]!.cap &&
        AUX_WORDS.has(tokens[to - 1]!.lower) &&
        !PRONOUNS.has(tokens[to - 1]!.lower)
      )
        to--;
      let phrase = dropBrackets(tokens.slice(i, to));
      while (phrase.length > 0 && phrase[phrase.length - 1]!.text === ',') phrase = phrase.slice(0, -1);
      // "…" Perhaps, he said, …: the pronoun right before the cue speaks, not the words before it.
      const lastWord = phrase[phrase.length - 1];
      if (
        phrase.length > 2 &&
        lastWord &&
        !lastWord.cap &&
        PRONOUNS.has(lastWord.lower) &&
        phrase[phrase.length - 2]!.text === ','
      ) {
        return { phrase: [lastWord], role: null, via: 'tail' };
      }
      const split = splitAppositive(source, phrase);
      if (!validPhrase(split.phrase) || split.phrase.length > 8) return null;
      if (split.phrase.some((x) => !x.cap && VERB_INSIDE.has(x.lower))) return null;
      return split.phrase.length ? { phrase: split.phrase, role: split.role, via: 'tail' } : null;
    }
  }
  return null;
}

/** ", a spokesman for the ministry," after a name that follows its cue ("said Smith, a ..."). */
function appositiveAfterPhrase(
  source: string,
  tokens: readonly Token[],
  k: number,
  end: number,
): string | null {
  if (tokens[k]?.text !== ',') return null;
  const first = tokens[k + 1];
  if (!first?.word || !(DETERMINERS.has(first.lower) || isRoleToken(first) || isPossessive(first)))
    return null;
  let m = k + 1;
  while (m < end && tokens[m]!.word && m - k < 14) m++;
  const stop = tokens[m];
  if (stop && stop.text !== ',' && stop.text !== '.' && !isMark(stop)) return null;
  return tidyRole(surface(source, tokens.slice(k + 1, m)));
}

/** `X said: "…"`, `X told reporters "…"`, `according to X, "…"`: the attribution before the opening mark. */
export function headAttribution(
  source: string,
  tokens: readonly Token[],
  q: QuoteSpan,
  from: number,
  maxAfterCue = 8,
): Attribution | null {
  const end = tokenAt(tokens, q.open);
  let start = tokenAt(tokens, from);
  start = Math.max(start, end - 40);
  // The clause: tokens after the last sentence end.
  let clause = start;
  for (let k = end - 1; k >= start; k--) {
    if ((isSentenceEnd(tokens[k]!) && !abbreviationStop(tokens, k)) || isDoubleMark(tokens[k]!.text)) {
      clause = k + 1;
      break;
    }
  }
  if (clause >= end) return null;
  // A double-marked quotation introduced by a comma or a colon is a whole utterance: its cue may
  // sit further back ("Hale told the Post in a written statement, …").
  const introduced = !q.single && (tokens[end - 1]?.text === ',' || tokens[end - 1]?.text === ':');
  const reach = introduced ? Math.max(maxAfterCue, LONG_REACH) : maxAfterCue;
  for (let c = end - 1; c >= clause && end - c <= reach + 1; c--) {
    const t = tokens[c]!;
    if (t.lower === 'according' && tokens[c + 1]?.lower === 'to') {
      const p = forwardPhrase(tokens, c + 2, end);
      if (p.length) return { phrase: p, role: null, via: 'head' };
      continue;
    }
    if (c === end - 1 && t.text === ':' && c > clause) {
      // "Clinton: …" — a bare name before a colon speaks; so does the subject of a clause
      // that ends in a colon ("McConnell delivered a blunt message to Trump: …").
      // "Rep. Ada Gowe (R-S.C.): …": the bracketed party tag is no part of the name.
      const before = dropBrackets(tokens.slice(clause, c));
      if (
        before.length > 0 &&
        before.length <= 5 &&
        before.every((x) => x.cap || NAME_LINKS.has(x.lower) || isRoleToken(x))
      ) {
        return { phrase: before, role: null, via: 'head' };
      }
      // "HEADLINE IN CAPITALS - Jane Doe: …": the name after a spaced dash.
      let dash = c - 1;
      while (dash > clause && !DASHES.has(tokens[dash]!.text)) dash--;
      if (dash > clause && c - dash <= 8) {
        let named = tokens.slice(dash + 1, c);
        // "- More from Jane Doe: …" continues an excerpt by the same author.
        if (named[0]?.lower === 'more' && named[1]?.lower === 'from') named = named.slice(2);
        if (
          named.length > 0 &&
          named[0]!.cap &&
          named.every((x) => (x.cap && x.word) || NAME_LINKS.has(x.lower) || x.lower === 'and')
        ) {
          // "Jane Doe and John Roe": the first author stands for both.
          const and = named.findIndex((x) => x.lower === 'and');
          return { phrase: and > 0 ? named.slice(0, and) : named, role: null, via: 'head' };
        }
      }
      const hasCue = before.some((x) => isCue(x));
      if (!hasCue && maxAfterCue > 8) {
        const subject = clauseSubject(tokens, clause, c);
        if (subject.length) return { phrase: subject, role: null, via: 'head' };
      }
    }
    // "in a text message:", "in a statement": a weak cue after a determiner is a noun.
    if (isCue(t) && WEAK_CUES.has(t.lower) && c - 1 >= clause && NOUN_BEFORE.has(tokens[c - 1]!.lower))
      continue;
    if (!isCue(t)) {
      // "Said Ellis:" at the start of a clause.
      if (c === clause && t.cap && CUE_WORDS.has(t.lower)) {
        const f = forwardPhrase(tokens, c + 1, end);
        if (f.length && f[0]!.cap) return { phrase: f, role: null, via: 'head' };
      }
      continue;
    }
    let k = c - 1;
    while (k >= clause && tokens[k]!.word && AUX_WORDS.has(tokens[k]!.lower) && !tokens[k]!.cap) k--;
    let role: string | null = null;
    const linked = k >= clause && LINK_WORDS.has(tokens[k]!.lower) && !tokens[k]!.cap;
    if (ING_CUE_RE.test(t.lower) && (k < clause || tokens[k]!.text === ',' || !tokens[k]!.word || linked)) {
      // "Nefzi said, adding, …": the speaker of the cue before the comma.
      if (
        k - 1 >= clause &&
        tokens[k]!.text === ',' &&
        isCue(tokens[k - 1]) &&
        !ING_CUE_RE.test(tokens[k - 1]!.lower)
      ) {
        let b = k - 2;
        while (b >= clause && tokens[b]!.word && AUX_WORDS.has(tokens[b]!.lower) && !tokens[b]!.cap) b--;
        const said = backwardPhrase(tokens, b, clause);
        if (said.length && said.some((x) => x.cap || PRONOUNS.has(x.lower)))
          return { phrase: said, role: null, via: 'head' };
      }
      // "Trump attacked Clinton on Iraq, saying, ...": the subject of the clause speaks.
      const subject = clauseSubject(tokens, clause, k);
      if (subject.length) return { phrase: subject, role: null, via: 'head' };
      return null;
    }
    if (k >= clause && tokens[k]!.text === ',') {
      // "Smith, a spokesman for Jones, said:" or "Trump, in a statement, said:".
      let m = k - 1;
      while (
        m >= clause &&
        tokens[m]!.text !== ',' &&
        !(isSentenceEnd(tokens[m]!) && !abbreviationStop(tokens, m)) &&
        k - m < 26
      )
        m--;
      if (m >= clause && tokens[m]!.text === ',') {
        const inner = dropBrackets(tokens.slice(m + 1, k));
        const first = inner[0];
        if (first && (DETERMINERS.has(first.lower) || isRoleToken(first) || isPossessive(first))) {
          role = tidyRole(surface(source, inner));
        }
        k = m - 1;
        if (inner.length > 0 && inner.length <= 4 && inner.every((x) => x.cap)) {
          const described = backwardPhrase(tokens, k, clause);
          if (describes(described)) {
            return { phrase: inner, role: tidyRole(surface(source, described)), via: 'head' };
          }
        }
      }
    }
    while (k >= clause && tokens[k]!.text === ')') {
      let m = k - 1;
      while (m >= clause && tokens[m]!.text !== '(' && k - m < 10) m--;
      if (m < clause || tokens[m]!.text !== '(') break;
      k = m - 1;
    }
    const p = backwardPhrase(tokens, k, clause);
    // "Hale went on to say, …", "Hale continued by saying, …": the clause subject again.
    if (
      p.length === 0 &&
      (linked ||
        (k >= clause && AND_THEN.has(tokens[k]!.lower) && (tokens[k]!.lower !== 'but' || introduced)))
    ) {
      // "De Blasio said the move was a mistake and said, …": the clause subject again.
      const subject = clauseSubject(tokens, clause, k);
      if (subject.length) return { phrase: subject, role, via: 'head' };
    }
    // "The sign read: …" names no speaker; a weak cue needs a name or a pronoun.
    if (p.length && WEAK_CUES.has(t.lower) && !p.some((x) => x.cap || PRONOUNS.has(x.lower))) return null;
    if (p.length) {
      // "… made the following comment:" names no one; the clause's subject does.
      if (!p.some((x) => x.cap) && p[0]!.lower === 'the' && p[1]?.lower === 'following') {
        const subject = clauseSubject(tokens, clause, k);
        return subject.length ? { phrase: subject, role, via: 'head' } : null;
      }
      return { phrase: p, role, via: 'head' };
    }
    // "Said Smith: ..." and "asked Smith, ...": the speaker follows the cue.
    const f = forwardPhrase(tokens, c + 1, end);
    if (f.length && f[0]!.cap) return { phrase: f, role: null, via: 'head' };
    return null;
  }
  // "Trump issued a statement, …", "Clinton posted a message on Facebook: …": no cue verb, but a
  // speech noun in the clause before a whole utterance; the clause subject (a name) speaks.
  if (introduced && tokens.slice(clause, end).some((t) => !t.cap && SPEECH_NOUNS.has(t.lower))) {
    const subject = clauseSubject(tokens, clause, end - 1);
    if (subject.length && subject.some((t) => t.cap) && !DETERMINERS.has(subject[0]!.lower))
      return { phrase: subject, role: null, via: 'head' };
  }
  return null;
}

/** The first noun phrase of a clause, when it is a name or a pronoun: its subject in plain news prose. */
function clauseSubject(tokens: readonly Token[], clause: number, before: number): Token[] {
  // Try the clause start, then after each early comma ("On July 6, 2015, Sanders ...").
  const starts = [clause];
  for (let m = clause; m < before && m - clause < 14; m++) if (tokens[m]!.text === ',') starts.push(m + 1);
  for (const k of starts) {
    const first = tokens[k];
    if (!first?.word) continue;
    if (PRONOUNS.has(first.lower)) return [first];
    if ((first.lower === 'the' || first.lower === 'a') && tokens[k + 1]) {
      // "The former Republican presidential candidate continued, saying …"
      const np: Token[] = [first];
      for (let m = k + 1; m < before && np.length < 8; m++) {
        const t = tokens[m]!;
        if (!t.word || !(t.cap || isRoleToken(t) || isPossessive(t))) break;
        np.push(t);
      }
      if (np.length > 1 && isRoleToken(np[np.length - 1]!)) return np;
      // "The New York Times reported, …": a capitalised organisation after "The".
      if (first.cap && np.length > 2 && np.slice(1).every((t) => t.cap && !isPossessive(t)))
        return np.slice(1);
    }
    if (!first.cap || NON_NAME_CAPS.has(first.lower)) continue;
    // "Immediately after the fire, …": a capitalised adverb before a lower-case word is no name.
    const second = tokens[k + 1];
    if (
      /ly$/u.test(first.lower) &&
      second?.word &&
      !second.cap &&
      !isCue(second) &&
      !AUX_WORDS.has(second.lower)
    )
      continue;
    const out: Token[] = [];
    for (let m = k; m < before && out.length < 8; m++) {
      const t = tokens[m]!;
      if (!t.word || !(t.cap || isRoleToken(t) || isPossessive(t))) break;
      out.push(t);
    }
    if (out.length) return out;
  }
  return [];
}
