/**
 * Key points are read without the article around them, so each one must stand on its own. This module
 * decides, sentence by sentence, what the email shows (`shown`) for a verbatim sentence, or that the
 * sentence cannot stand alone and must not be chosen. Rules, in order, each with its example:
 *
 * 1. `connective`: a leading conjunction or discourse marker is dropped and the next word capitalised
 *    ("But the council said …" → "The council said …"; "However, the …" → "The …"). Dropping a linking
 *    word changes no fact, so it is not marked.
 * 2. `aftermath`: "This comes after …", "It comes as …", "This follows …" followed by a whole clause is
 *    shown as that clause, its first letter in brackets ("This comes after a proposal was vetoed." →
 *    "[A] proposal was vetoed."). Without a finite verb in what remains ("This comes after months of
 *    talks.") the sentence cannot stand alone.
 * 3. `person`: a leading "He"/"She"/"His"/"Her" gets the person named last in the sentences before it,
 *    in brackets, the way editors mark an edit ("She has been living …" → "[Jane Doe] has been living …").
 *    Nobody named: the sentence cannot stand alone.
 * 4. `pointing`: any other opening that points outside the sentence ("It", "This", "That", "These",
 *    "Those", "They", "Their", "Its", "Such", "The latter") makes it unable to stand alone, except a
 *    dummy "It is clear that …" and a time phrase ("This week, …", "That night …").
 */

/** Leading linking words, longest first so that "And yet," wins over "And". */
const CONNECTIVE_RE =
  /^(?:And yet|But then|And so|In addition|As a result|On the other hand|At the same time|In fact|Even so|By contrast|In contrast|For its part|For his part|For her part|Meanwhile|However|Moreover|Furthermore|Additionally|Also|Besides|Nevertheless|Nonetheless|Still|Instead|Indeed|Likewise|Similarly|Consequently|Therefore|Thus|Hence|Otherwise|Anyway|Then|But|And|Yet|So|Or|Nor|Plus)\b,?\s+(?=["“‘'[]?[\p{L}\p{N}])/u;
/** "So" and "Then" are connectives only before a comma or a subject, never as "So far" / "Then-president". */
const NOT_CONNECTIVE_RE = /^(?:Or so\b|So (?:far|much|many|long)|Still (?:more|others)|Then-|Also known)\b/u;
const AFTERMATH_RE =
  /^(?:This|That|It|The move|The news|The decision|The announcement)\s+(?:comes|came|follows|followed|comes just|came just)\s+(?:(?:just\s+)?(?:days|weeks|months|hours|a day|a week|a month|a year|years)\s+)?(?:after|as|amid|following)\s+/u;
/** What remains of an "aftermath" sentence must be a clause: a finite verb after its subject. */
const FINITE_VERB_RE =
  /\s(?:was|were|is|are|has|have|had|will|would|could|can|did|does|do|said|says|announced|revealed|emerged|claimed|admitted|died|won|lost|agreed|voted|rejected|vetoed|approved)\b/u;
const PERSON_OPENER_RE = /^(["“‘']?)(He|She|His|Her)\b(?=\s)/u;
const POINTING_OPENER_RE =
  /^["“‘']?(?:It|Its|This|That|These|Those|They|Their|Them|Theirs|Such|The latter|The former|The pair|The two|Both|Him|Hers|Or so|(?:He|She)(?=['’]))\b/u;
/** Openings that look like pointing words but do not point: a dummy subject or a time phrase. */
const SELF_CONTAINED_OPENER_RE =
  /^["“‘']?(?:It(?:'s|’s| is| was| has been| had been| will be| would be| remains| remained| seems| seemed| appears| appeared)\s+(?:not\s+)?(?:\w+ly\s+)?(?:clear|unclear|likely|unlikely|possible|impossible|hoped|thought|believed|understood|expected|feared|estimated|reported|known|alleged|claimed|important|necessary|difficult|hard|easy|rare|common|surprising)\s+(?:that|to|whether|if|how|why|what|when)\b|It (?:seems|appears|emerged|is understood|is thought|is believed) that\b|(?:This|That|These|Those|Last|Next)\s+(?:week|weekend|month|year|morning|afternoon|evening|night|summer|spring|autumn|fall|winter|season|time|day|days|weeks|months|years|decade)\b)/u;

/** A person's name: two or three capitalised words, optionally titled. */
const NAME_RE =
  /\b(?:(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+)?\p{Lu}[\p{L}'’-]*\p{Ll}(?:\s+(?:\p{Lu}\.\s*)?\p{Lu}[\p{L}'’-]*\p{Ll}){1,2}\b/gu;
const TITLE_RE = /^(?:Mr|Mrs|Ms|Dr|Miss)\b/u;

export type ReadingRule = 'connective' | 'aftermath' | 'person';

export interface Reading {
  /** What the email prints; equal to the input when nothing was edited. */
  shown: string;
  /** The rules that changed the text, in order. */
  edits: ReadingRule[];
}

function capitaliseFirst(text: string): string {
  return text.replace(/^(["“‘']?)(\p{Ll})/u, (_m, q: string, c: string) => `${q}${c.toUpperCase()}`);
}

/** Drops one leading conjunction or discourse marker ("But", "However,", "Meanwhile,"); null when there is none. */
export function dropConnective(text: string): string | null {
  if (NOT_CONNECTIVE_RE.test(text)) return null;
  const m = CONNECTIVE_RE.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length);
  // "So-called", "Then" as a time before a verb ("Then came …") is left alone when too little remains
  if (rest.split(/\s+/u).length < 4) return null;
  return capitaliseFirst(rest);
}

/** Leading words of a capitalised run that are not part of a name ("Now Riddick Bowe", "Australian Marc Leishman"). */
const NOT_NAME_WORD_RE =
  /^(?:The|A|An|In|On|At|But|And|Or|So|Now|Then|When|After|Before|While|As|If|He|She|They|It|This|That|Former|Ex|Star|Actor|Actress|Singer|Captain|Coach|Boss|Manager|President|Senator|Officer|Judge|Professor|Prof|Doctor|\p{Lu}\p{Ll}+(?:ian|ean|ese|ish)|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/u;

/** The name in a capitalised run: the words after the last one that cannot be part of a name; null when under two words. */
function personName(run: string): string | null {
  const words = run.split(/\s+/u);
  let from = 0;
  for (let i = 0; i < words.length; i++) if (NOT_NAME_WORD_RE.test(words[i]!)) from = i + 1;
  const name = words.slice(from);
  return name.length >= 2 || (name.length === 1 && TITLE_RE.test(name[0]!)) ? name.join(' ') : null;
}

/**
 * The person a leading "He"/"She" refers to: the last person named in the sentences before (nearest
 * first), where a person is a titled name, a sentence's subject, a name given an age, or a name that
 * speaks. Null when nobody qualifies.
 */
export function antecedentPerson(before: readonly string[]): string | null {
  for (let j = before.length - 1; j >= 0; j--) {
    const sentence = before[j]!;
    let found: string | null = null;
    for (const m of sentence.matchAll(NAME_RE)) {
      const name = personName(m[0]);
      if (name === null) continue;
      const after = sentence.slice(m.index + m[0].length);
      const person =
        TITLE_RE.test(name) ||
        /^\s*["“‘']?\s*$/u.test(sentence.slice(0, m.index + m[0].length - name.length)) ||
        /^,\s*\d{1,3},/u.test(after) ||
        /^,?\s+(?:said|says|told|added|explained|insisted|admitted|who)\b/u.test(after);
      if (person) found = name;
    }
    if (found) return found;
  }
  return null;
}

/** True when the text opens with a word that points outside it and no rule can resolve it. */
export function opensWithPointingWord(text: string): boolean {
  return (
    (POINTING_OPENER_RE.test(text) && !SELF_CONTAINED_OPENER_RE.test(text)) ||
    (PERSON_OPENER_RE.test(text) && !/^["“‘']?Her\s+\p{Lu}/u.test(text))
  );
}

/** True when the text opens with a conjunction or discourse marker. */
export function opensWithConnective(text: string): boolean {
  return dropConnective(text) !== null;
}

/**
 * What the email shows for a key point taken from `text`, given the article's sentences before it
 * (cleaned, nearest last); null when the sentence cannot stand on its own.
 *
 * @example
 * readKeyPoint('But she said the plan would fail.', ['Jane Doe, 45, runs the shop.'])
 * // { shown: '[Jane Doe] said the plan would fail.', edits: ['connective', 'person'] }
 */
export function readKeyPoint(text: string, before: readonly string[]): Reading | null {
  let shown = text;
  const edits: ReadingRule[] = [];
  const dropped = dropConnective(shown);
  if (dropped !== null) {
    shown = dropped;
    edits.push('connective');
  }
  const aftermath = AFTERMATH_RE.exec(shown);
  if (aftermath) {
    const rest = shown.slice(aftermath[0].length);
    if (!FINITE_VERB_RE.test(` ${rest}`) || rest.split(/\s+/u).length < 6) return null;
    shown = rest.replace(/^(\p{L})/u, (c) => `[${c.toUpperCase()}]`);
    edits.push('aftermath');
    return { shown, edits };
  }
  const person = PERSON_OPENER_RE.exec(shown);
  // "Her Majesty", "Her Royal Highness" are titles, not pronouns
  if (person && !/^["“‘']?Her\s+\p{Lu}/u.test(shown)) {
    const name = antecedentPerson(before);
    if (name === null) return null;
    const possessive = person[2] === 'His' || person[2] === 'Her';
    const replacement = possessive ? `[${name}’s]` : `[${name}]`;
    shown = `${person[1]}${replacement}${shown.slice(person[0].length)}`;
    edits.push('person');
    return { shown, edits };
  }
  if (opensWithPointingWord(shown)) return null;
  return { shown, edits };
}
