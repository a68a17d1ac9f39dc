import { descriptionTest } from '../described-persons.js';
import { ASKING_VERBS, DASHES, INDEFINITES, KIN_NOUNS, OBJECT_PREPOSITIONS } from '../lexicon.js';
import { ASKS_RE } from '../marks.js';
import { PERSON_NOUN } from '../name-knowledge.js';
import { looksLikePersonName } from '../names.js';
import { appositiveName, clauseSubject, endsSentenceAt, pronounOf, saidBy, tokenAt } from '../phrases.js';
import { isPossessive, isPossessivePronoun, isRoleToken } from '../possessives.js';
import { asFound, paragraphBefore, type Sieve } from '../sieve.js';
import { isAllCaps, isSentenceEnd, type Token } from '../tokens.js';

/**
 * A quotation that ends its paragraph, right after a sentence about someone named that holds no quotation
 * (ending the paragraph before, or in the quotation's own): news copy introduces a speaker so, reporting their
 * speech or not ("Nathan Bergen, a University of Manitoba student, says …", "Coun. Lee was blunt.", "Lee read
 * an apology from a sheet of paper.", "Lee agreed.", "She shrugged."), then quotes them. The speaker is that sentence's subject,
 * read as the head sieve reads a clause's subject (past an opening phrase and its comma): "he" or "she", a
 * name of two words or more, or one word the article gives elsewhere as a name's last word (a surname, not
 * "Voices like those …").
 */
export const subjectBeforeSieve: Sieve = {
  id: 'subject-before',
  description:
    'A quotation ending its paragraph right after a sentence, with no quotation, whose subject is a person (`Coun. Lee was blunt.⏎"…"`, `Lee agreed. "…"`).',
  run({ source, tokens, spans, attributions, config }, { span: q, index: i }) {
    // the quotation ends its paragraph: nothing after it holds an attribution of its own ("…" but …, says X)
    if (source.slice(q.close + 1, q.paraEnd).trim() !== '') return null;
    // the next quotation paragraph of a run this sieve began carries it on (as `continuation` reads others)
    const [prev, before] = [spans[i - 1], attributions[i - 1]];
    // (not from a question to its answer: "X pressed Roe on the point. ⏎ “…?” ⏎ “…”" is Roe's, the one asked; a
    // question that ends a quotation of several sentences is no turn: "“… they're gone before I'm home. Who's …?”")
    if (before?.sieve === 'subject-before' && source.slice(prev!.close + 1, q.open).trim() === '') {
      const asked = source.slice(prev!.start, prev!.end);
      return ASKS_RE.test(asked) && asked.length <= config.exchangeTurnMaxChars && !/[.!?]\s+\S/u.test(asked)
        ? askedBefore(source, tokens, prev!.paraStart)
        : before;
    }
    // right after a sentence end, in its paragraph or at the end of the one before
    // (or an abbreviation's full stop at the end of the paragraph before: "Assemblyman Brian Truitt voted no.⏎")
    const end = tokenAt(tokens, q.open) - 1;
    const t = tokens[end]!;
    if (end < 1 || !(isSentenceEnd(t) || (t.end < q.paraStart && t.text.endsWith('.')))) return null;
    // where that sentence starts: after the sentence end before it, on its line, after any quotation
    const line = source.lastIndexOf('\n', tokens[end]!.start) + 1;
    let from = end;
    // (a party tag's full stop, "D-Calif.,", ends no sentence)
    while (from > 0 && tokens[from - 1]!.start >= line && !endsSentenceAt(tokens, from - 1)) from--;
    if (prev && prev.close >= tokens[from]!.start) return null;
    const first = pastDateline(tokens, tokenAt(tokens, line));
    // ("Kurt Roe has welded there for 22 years. His daughter, Amber Roe, started in 2022." ⏎ "“…”": the father
    // speaks, who the paragraph is about, not the one named in apposition when she is not said to speak)
    const kin = isPossessivePronoun(tokens[from]) && KIN_NOUNS.has(tokens[from + 1]?.lower ?? '');
    const about =
      kin && !spokenApposition(source, tokens, from, end) && introducedBefore(tokens, first, from, end);
    const owner = about || kinOwner(tokens, first) || saidBy({ source, tokens, config }, from, end);
    if (owner) return owner;
    const subject = clauseSubject(tokens, from, end);
    const pronoun = pronounOf(subject);
    if (pronoun === 'm' || pronoun === 'f')
      return spokenApposition(source, tokens, from, end) ?? asFound(subject);
    // ("They bought their last two combines …" after "Marjorie Pugh farms … with her husband.": she is quoted)
    if (pronoun !== undefined) return introducedBefore(tokens, first, from, end);
    // "The band's lawyer, Ines Varga, says …": the name in apposition speaks, the description is its role
    const named = appositiveName(source, tokens, subject, end) ?? unnamedDescribed(tokens, from, end);
    if (named || (isNamed(tokens, subject) && subject.at(-1)!.cap)) return named ?? asFound(subject);
    // a paragraph that opens on someone named; else "Reached at home, the 84-year-old was more forgiving.", "… the
    // councilor kept it short.": the one such a description stands for
    const introduced = introducedBefore(tokens, first, from, end) ?? afterWas(tokens, from, end);
    return introduced ?? (descriptionTest(source, subject) ? asFound(subject) : null);
  },
};

/**
 * "Her daughter, Janelle Roe, read a victim impact statement." ⏎ "“…”": the one named in apposition after a possessive
 * and a noun speaks when the sentence reports speech as that one's own (a speech act before "and" or ";" lets another
 * subject in: "…, uses a wheelchair, and she told the council"); "Her husband, Mike Roe, runs a press." leaves the
 * quotation to the one "her" stands for.
 */
function spokenApposition(source: string, tokens: readonly Token[], from: number, end: number) {
  if (!isPossessivePronoun(tokens[from])) return null;
  const own = tokens.slice(from, end);
  const clause = own.slice(0, own.findIndex((t) => t.lower === 'and' || t.text === ';') >>> 0);
  const speaks = clause.some((t) => SPEECH_ACT_RE.test(t.lower));
  return speaks && own[1]?.word && !own[1].cap ? appositiveName(source, tokens, own.slice(0, 2), end) : null;
}
const SPEECH_ACT_RE = /^(?:said|says|told|tells|testified|spoke|speaks|read|reads|addressed)$/u;

/**
 * "Marcy Roe, a retired paramedic, has lived on Lakeport Road since 1991. Four of the six houses around hers
 * are rentals.": a paragraph that opens on someone named in full, or by a surname the text gives in full
 * ("Bazinet opened the first shop …"), or names them so as the subject of a later sentence before its last ("The
 * institute employs 11 researchers. Tomás Atienza … studies …. His stipend runs out in August."), and goes on about
 * them (he, his, her …, anywhere after the name, its own sentence included: "… was sent for a scan of her spine."; or
 * no other person named after that sentence: `personAt`) introduces the quotation after it as theirs. Otherwise it
 * does not: the next quotation need not be theirs.
 */
function introducedBefore(tokens: readonly Token[], first: number, last: number, end: number) {
  // the paragraph's latest sentence before the last whose subject is someone named, or its first
  let [open, stop, subject] = [first, first, [] as Token[]];
  for (let [k, s] = [first, first]; k < last; k++) {
    if (!endsSentenceAt(tokens, k)) continue;
    const said = clauseSubject(tokens, s, k);
    if ((s === first || isNamed(tokens, said)) && said.every((t) => t.cap))
      [open, stop, subject] = [s, k, said];
    s = k + 1;
  }
  // about them: a he or she after the name, or no one else named after its sentence ("… since 2011. Its two
  // branches are open five days a week.": capitals open sentences only)
  const rest = tokens.slice(stop + 1, end);
  const others = rest.some(
    (t, k) => t.cap && k > 0 && !endsSentenceAt(rest, k - 1) && personAt(tokens, rest, k),
  );
  const about = !others || tokens.slice(open, end).some((t) => THIRD_PERSON_RE.test(t.lower));
  return isNamed(tokens, subject) && subject.every((t) => t.cap) && about ? asFound(subject) : null;
}

/** The one a question is put to by name in the paragraph before `paraStart` ("… pressed Nussbaum on the point."). */
function askedBefore(source: string, tokens: readonly Token[], paraStart: number) {
  const [start, end] = paragraphBefore(source, paraStart);
  for (let k = tokenAt(tokens, end) - 1; k > tokenAt(tokens, start); k--)
    if (ASKING_VERBS.has(tokens[k]!.lower) && tokens[k + 1]?.cap)
      return asFound(clauseSubject(tokens, k + 1, tokenAt(tokens, end)));
  return null;
}

/**
 * "Among them was Maureen Gingerich, who …", "Watching from the gallery was Lorna Rioux, 71, …": a sentence whose
 * subject, a name, comes right after its first "was" or "were".
 */
function afterWas(tokens: readonly Token[], from: number, end: number) {
  let k = from + 1;
  while (k < end && tokens[k]!.lower !== 'was' && tokens[k]!.lower !== 'were') k++;
  // (right after it, past the two role words in lower case `clauseSubject` reads: "was longtime resident Ines
  // Dorval"; not after a comma further on)
  const subject = k < end ? clauseSubject(tokens, k + 1, end) : [];
  const near = subject.length > 1 && subject[0]!.start <= (tokens[k + 3] ?? subject[0]!).start;
  return near && subject.at(-1)!.cap ? asFound(subject) : null;
}

/**
 * "Marnie Roe's son is in Grade 3. He was diagnosed …" ⏎ "“He's doing well …”": a paragraph that opens on a named
 * person's close family (kin-nouns.txt) is about that family, and the quotation after it is the named one's; the
 * "he" of the sentence before is the son, who is not quoted.
 */
function kinOwner(tokens: readonly Token[], first: number) {
  let k = first;
  while (tokens[k]?.cap && !isPossessive(tokens[k]!)) k++;
  // (past two words in lower case at most: "Rosa Escobar's two sons", "Roe's teenage daughter")
  let n = k + 1;
  while (n < k + 3 && tokens[n]?.word && !tokens[n]!.cap && !KIN_NOUNS.has(tokens[n]!.lower)) n++;
  const kin = tokens[k]?.cap && isPossessive(tokens[k]!) && KIN_NOUNS.has(tokens[n]?.lower ?? '');
  return kin ? asFound(tokens.slice(first, k + 1)) : null;
}

/** Past a dateline in capitals and its dash ("CENTRAL HURON — Kevin Roe has welded …"): where the paragraph's words start. */
function pastDateline(tokens: readonly Token[], k: number): number {
  let m = k;
  while (tokens[m]?.cap && tokens[m]!.text.length > 2 && isAllCaps(tokens[m]!.text)) m++;
  return m > k && DASHES.has(tokens[m]?.text ?? '') ? m + 1 : k;
}

/**
 * "One GOP senator, who asked not to be named, said …", "A nurse in the emergency department, who …": someone
 * described and not named, the description ending at a comma (an aside, not a name, follows), its head (the word before a
 * preposition or the comma) a person's noun or role, or any noun before ", who". The description speaks, as the
 * head sieve reads "One orchardist said: “…”".
 */
function unnamedDescribed(tokens: readonly Token[], from: number, end: number) {
  let [k, head] = [from + 1, from + 1];
  while (k < end && k < from + 9 && tokens[k]!.word) k++;
  while (head + 1 < k && !OBJECT_PREPOSITIONS.has(tokens[head + 1]!.lower)) head++;
  const [h, next] = [tokens[head]!, tokens[k + 1]];
  // (not before a name in apposition: "A retired Army colonel, Bernard Hebb, …")
  const aside = k > from + 1 && tokens[k]?.text === ',' && !next?.cap;
  const person = PERSON_NOUN.has(h.lower) || isRoleToken(h) || next?.lower === 'who';
  return INDEFINITES.has(tokens[from]!.lower) && aside && person ? asFound(tokens.slice(from, k)) : null;
}

/**
 * A capitalised word at `k` of `rest` that opens a person's name: two words or more that could be one, or one word the
 * text gives after another capital ("Crediton", "the Ministry of Education" and "May" name no one).
 */
function personAt(tokens: readonly Token[], rest: readonly Token[], k: number): boolean {
  let j = k;
  while (j < rest.length && rest[j]!.cap) j++;
  return looksLikePersonName(rest, k, j, true) && (j - k > 1 || isNamed(tokens, [rest[k]!]));
}

const THIRD_PERSON_RE = /^(?:he|him|his|she|her|hers)$/u;

/**
 * A name of two words or more, or one word the text gives after another capitalised word ("Valastro" after
 * "Buddy Valastro").
 */
function isNamed(tokens: readonly Token[], phrase: readonly Token[]): boolean {
  const word = phrase.length === 1 ? phrase[0]!.lower : null;
  const after = (t: Token, k: number) => k > 0 && tokens[k - 1]!.cap && tokens[k - 1]!.end + 1 === t.start;
  return phrase.length > 1 || tokens.some((t, k) => t.lower === word && after(t, k));
}
