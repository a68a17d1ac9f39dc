import {
  AND_THEN,
  CUE_WORDS,
  DASHES,
  DETERMINERS,
  LINK_WORDS,
  NAME_LINKS,
  NOUN_BEFORE,
  OBJECT_PREPOSITIONS,
  PRONOUNS,
  SPEECH_NOUNS,
  WEAK_CUES,
} from '../lexicon.js';
import { looksLikePersonName, surface, tidyRole } from '../names.js';
import {
  backwardPhrase,
  clauseStart,
  clauseSubject,
  describedName,
  describes,
  dropBrackets,
  forwardPhrase,
  isCue,
  namesSomeone,
  opensRole,
  quotedAsSaying,
  skipAuxBack,
  tokenAt,
} from '../phrases.js';
import { isRoleToken } from '../possessives.js';
import { asFound, clauseFrom, type Found, type Reading, type Sieve } from '../sieve.js';
import type { Token } from '../tokens.js';

export const headSieve: Sieve = {
  id: 'head',
  description:
    'Before the opening mark, in the same clause: `X said: "…"`, `According to X, "…"`, `X, a spokesman for Y, said: "…"`, `Said X: "…"`, `…, saying "…"` (the clause subject).',
  run(context, { span: q, index }) {
    return headAttribution(context, q.open, q.single, clauseFrom(context.spans, index, q.paraStart, q.open));
  },
};

interface HeadScan extends Reading {
  clause: number;
  /** The token of the opening mark. */
  end: number;
  /** A double-marked quotation introduced by a comma or a colon: a whole utterance. */
  introduced: boolean;
  /** True when called with a longer reach than the default (a colon line): a bare clause subject may speak. */
  wide: boolean;
}

const NEXT = Symbol('next token');

/**
 * `X said: "…"`, `X told reporters "…"`, `according to X, "…"`: the attribution before the opening mark
 * at `open` (of a single-mark quotation when `single`), in a clause starting at or after `from`.
 */
export function headAttribution(
  { source, tokens, config }: Reading,
  open: number,
  single: boolean,
  from: number,
  maxAfterCue = config.headCueReach,
): Found | null {
  const end = tokenAt(tokens, open);
  const clause = clauseStart(tokens, Math.max(tokenAt(tokens, from), end - config.headWindow), end);
  if (clause >= end) return null;
  const introduced = !single && (tokens[end - 1]?.text === ',' || tokens[end - 1]?.text === ':');
  // A whole utterance may have its cue further back ("Hale told the Post in a written statement, …").
  const reach = introduced ? Math.max(maxAfterCue, config.headIntroducedReach) : maxAfterCue;
  const wide = maxAfterCue > config.headCueReach;
  const s: HeadScan = { source, tokens, config, clause, end, introduced, wide };
  for (let c = end - 1; c >= clause && end - c <= reach + 1; c--) {
    // inside the clause, away from its ends, only a cue word or "according" can say anything (headAt
    // answers NEXT for every other token): one lookup instead of a call
    const lower = tokens[c]!.lower;
    if (c > clause && c < end - 1 && lower !== 'according' && !CUE_WORDS.has(lower)) continue;
    const found = headAt(s, c);
    if (found !== NEXT) return found;
  }
  return speechNounSubject(s);
}

/** What token `c`, read backwards from the opening mark, says about the speaker; NEXT to read on. */
function headAt(s: HeadScan, c: number): Found | null | typeof NEXT {
  const { tokens, clause, end } = s;
  const t = tokens[c]!;
  if (t.lower === 'according' && tokens[c + 1]?.lower === 'to')
    return asFound(forwardPhrase(s, c + 2, end)) ?? NEXT;
  if (c === end - 1 && t.text === ':') return (c > clause && beforeColon(s, c)) || NEXT;
  if (isCue(t)) {
    const quoted = quotedAsSaying(tokens, c, clause);
    if (quoted) return { phrase: quoted, role: null };
    // "in a text message:", "in a statement": a weak cue after a determiner is a noun.
    const noun = WEAK_CUES.has(t.lower) && c - 1 >= clause && NOUN_BEFORE.has(tokens[c - 1]!.lower);
    return noun ? NEXT : speakerOfCue(s, c);
  }
  // "Said Ellis:" at the start of a clause.
  return (c === clause && t.cap && CUE_WORDS.has(t.lower) && nameAfterCue(s, c)) || NEXT;
}

/** "Said Smith: …", "asked Smith, …": a name right after the cue at `c` speaks. */
function nameAfterCue(s: HeadScan, c: number): Found | null {
  const f = forwardPhrase(s, c + 1, s.end);
  return f[0]?.cap ? { phrase: f, role: null } : null;
}

/**
 * "Clinton: …": a bare name before a colon speaks; so does the subject of a clause that ends in a
 * colon ("McConnell delivered a blunt message to Trump: …"); and a name after a spaced dash
 * ("HEADLINE IN CAPITALS - Jane Doe: …"). "Rep. Ada Gowe (R-S.C.): …": the party tag is no part of the name.
 */
function beforeColon(s: HeadScan, c: number): Found | null {
  const before = dropBrackets(s.tokens.slice(s.clause, c));
  const named = before.length <= 5 && before.every((x) => x.cap || NAME_LINKS.has(x.lower) || isRoleToken(x));
  if (named && before.length > 0) return { phrase: before, role: null };
  const dashed = nameAfterDash(s.tokens, s.clause, c);
  return dashed || !s.wide || before.some(isCue) ? dashed : asFound(clauseSubject(s.tokens, s.clause, c));
}

function nameAfterDash(tokens: readonly Token[], clause: number, c: number): Found | null {
  let dash = c - 1;
  while (dash > clause && !DASHES.has(tokens[dash]!.text)) dash--;
  if (dash <= clause || c - dash > 8) return null;
  let named = tokens.slice(dash + 1, c);
  // "- More from Jane Doe: …" continues an excerpt by the same author.
  if (named[0]?.lower === 'more' && named[1]?.lower === 'from') named = named.slice(2);
  const names = named.every((x) => (x.cap && x.word) || NAME_LINKS.has(x.lower) || x.lower === 'and');
  if (!names || !named[0]?.cap) return null;
  // "Jane Doe and John Roe": the first author stands for both.
  const and = named.findIndex((x) => x.lower === 'and');
  return { phrase: and > 0 ? named.slice(0, and) : named, role: null };
}

/** The speaker of the cue verb at `c`: before it, through an appositive, or after it ("said X"). */
function speakerOfCue(s: HeadScan, c: number): Found | null {
  const { tokens, clause } = s;
  const k = skipAuxBack(tokens, c - 1, clause);
  // the token before the cue and its auxiliaries (read only when in the clause)
  const before = tokens[k]!;
  const linked = linkedCue(s, k);
  if (tokens[c]!.lower.endsWith('ing') && (k < clause || before.text === ',' || !before.word || linked))
    return participleSpeaker(s, k);
  const m = appositiveStart(s, k, tokens[k]?.text === ',');
  if (m < 0) return phraseBeforeCue(s, c, skipBracketsBack(tokens, k, clause), null);
  // "Smith, a spokesman for Jones, said:", "Trump, in a statement, said:": the name ends before the appositive
  const inner = dropBrackets(tokens.slice(m + 1, before.text === ',' ? k : k + 1));
  const role = opensRole(inner[0]) ? tidyRole(surface(s.source, inner)) : null;
  // "Carson’s business manager, Armstrong Williams, said": the name in apposition speaks
  const named = describedName(s.source, backwardPhrase(s, m - 1, clause), inner);
  return named ?? phraseBeforeCue(s, c, skipBracketsBack(tokens, m - 1, clause), role);
}

/** "went on to say", "by saying": a link word at `k`, right before a cue and its auxiliaries. */
const linkedCue = (s: HeadScan, k: number): boolean =>
  k >= s.clause && LINK_WORDS.has(s.tokens[k]!.lower) && !s.tokens[k]!.cap;

/** "Trump attacked Clinton on Iraq, saying, …": the subject of the clause; "Nefzi said, adding, …": the sayer. */
function participleSpeaker(s: HeadScan, k: number): Found | null {
  // a finite cue right before the comma ("said, adding"; read only when in the clause)
  const cue = s.tokens[k - 1]!;
  if (k - 1 >= s.clause && s.tokens[k]!.text === ',' && isCue(cue) && !cue.lower.endsWith('ing')) {
    const said = backwardPhrase(s, skipAuxBack(s.tokens, k - 2, s.clause), s.clause);
    if (namesSomeone(said)) return { phrase: said, role: null };
  }
  return asFound(clauseSubject(s.tokens, s.clause, k));
}

/**
 * The comma opening an appositive that ends with the comma at `k` (", a spokesman for Jones,"); -1 for none. Not
 * `closed`: one that ends at `k` with its closing comma left out ("Mark Serwotka, the leader of the PCS union said:"),
 * a description after a person's name that opens the clause; not before a quotation that opens in lower case right
 * after the cue's comma, the rest of a clause whose subject the name is ("Clinton, a top aide said, “is very …”").
 */
function appositiveStart(s: HeadScan, k: number, closed = true): number {
  // (the clause holds no sentence end: clauseStart began it after the last one)
  let m = closed ? k - 1 : k;
  while (m >= s.clause && s.tokens[m]!.text !== ',' && k - m < s.config.appositiveMax) m--;
  if (m < s.clause || s.tokens[m]!.text !== ',' || closed)
    return m >= s.clause && s.tokens[m]!.text === ',' ? m : -1;
  if ((s.introduced && !s.tokens[s.end + 1]?.cap) || !opensRole(s.tokens[m + 1])) return -1;
  return describes(s.tokens.slice(m + 1, k + 1)) && looksLikePersonName(s.tokens, s.clause, m, true) ? m : -1;
}

function skipBracketsBack(tokens: readonly Token[], k: number, clause: number): number {
  while (k >= clause && tokens[k]!.text === ')') {
    let m = k - 1;
    while (m >= clause && tokens[m]!.text !== '(' && k - m < 10) m--;
    if (m < clause || tokens[m]!.text !== '(') break;
    k = m - 1;
  }
  return k;
}

/** The speaker phrase that ends at `k`, before the cue at `c`, with the role an appositive gave it. */
function phraseBeforeCue(s: HeadScan, c: number, k: number, role: string | null): Found | null {
  const { tokens, clause } = s;
  const p = backwardPhrase(s, k, clause);
  if (p.length === 0) {
    // "Hale went on to say, …", "De Blasio said the move was a mistake and said, …": the clause subject.
    const andThen =
      k >= clause && AND_THEN.has(tokens[k]!.lower) && (tokens[k]!.lower !== 'but' || s.introduced);
    const linked = linkedCue(s, skipAuxBack(tokens, c - 1, clause));
    return (linked || andThen ? asFound(clauseSubject(tokens, clause, k), role) : null) ?? nameAfterCue(s, c);
  }
  // "The sign read: …" names no speaker; a weak cue needs a name or a pronoun.
  if (WEAK_CUES.has(tokens[c]!.lower) && !namesSomeone(p)) return null;
  // "Trump posted a message on Twitter reading …", "an email to supporters stating …", "a source speaking to
  // Fox News said …": the object of a preposition is no speaker; the clause's subject is, when it has one
  const at = tokenAt(tokens, p[0]!.start);
  const objectOf = at > clause && !tokens[at - 1]!.cap && OBJECT_PREPOSITIONS.has(tokens[at - 1]!.lower);
  const subject = objectOf ? asFound(clauseSubject(tokens, clause, at - 2), role) : null;
  if (subject) return subject;
  // "… made the following comment:" names no one; the clause's subject does.
  if (!p.some((x) => x.cap) && p[0]!.lower === 'the' && p[1]?.lower === 'following')
    return asFound(clauseSubject(tokens, clause, k), role);
  return outerSpeaker(s, at - 1) ?? { phrase: p, role };
}

/**
 * "Trump issued a statement, …", "Clinton posted a message on Facebook: …": no cue verb, but a
 * speech noun in the clause before a whole utterance; the clause subject (a name) speaks.
 */
function speechNounSubject(s: HeadScan): Found | null {
  const { tokens, clause, end, introduced } = s;
  if (!introduced || !tokens.slice(clause, end).some((t) => !t.cap && SPEECH_NOUNS.has(t.lower))) return null;
  const subject = clauseSubject(tokens, clause, end - 1);
  return subject.some((t) => t.cap) && !DETERMINERS.has(subject[0]!.lower) ? asFound(subject) : null;
}

/**
 * "Doyle said the department would respond “in due course”": when the cue's subject (after token `k`) opens
 * a clause reported by an earlier cue in the same clause, the quoted words belong to that earlier speaker.
 */
function outerSpeaker(s: HeadScan, k: number): Found | null {
  if (k >= s.clause && s.tokens[k]!.lower === 'that') k--;
  if (k < s.clause || !isCue(s.tokens[k]) || WEAK_CUES.has(s.tokens[k]!.lower)) return null;
  const outer = speakerOfCue(s, k);
  // "issued a statement saying …": a phrase with no name, pronoun or role word is no speaker.
  return outer?.phrase.some((x) => x.cap || PRONOUNS.has(x.lower) || isRoleToken(x)) ? outer : null;
}
