import { firstIndex, firstStartingAt, upperBound } from '../binary-search.js';
import type { Span } from '../types.js';
import { anonymousSource } from './anonymous-source.js';
import type { AttributionConfig } from './config.js';
import { descriptionTest, roleHolds, whereFrom } from './described-persons.js';
import { DETERMINERS, GENDERED_TITLES, HONORIFICS, NAME_PARTICLES, PRONOUNS, ROLE_WORDS } from './lexicon.js';
import { ASKED_RE, ASKED_ROLE_RE, ASKS_RE } from './marks.js';
import { firstNameGenderIn, type Gender, genderIn, knownFirstName, namePartStart } from './name-knowledge.js';
import { courtesyOnly, looksLikePersonName, type NamePhrase, nameSpan, surface, tidyRole } from './names.js';
import { pronounOf } from './phrases.js';
import { stripPossessive } from './possessives.js';
import { paragraphBefore } from './sieve.js';
import type { QuoteSpan } from './spans.js';
import type { Token } from './tokens.js';

/** A speaker after resolution: the name (or organisation / description) and the role. */
export type Speaker = { name: string; role: string | null; person: boolean; gender: Gender };

/** A person or an organisation the text names: the speaker it is, and how its name is looked up. */
export interface Entity extends Speaker {
  /** The name lower-cased: the index's key for it, and what tells two names for the same entity. */
  key: string;
  /**
   * The words of the key, split when the entity is first mentioned as a person outside quotations
   * (only those mentions read them); null before.
   */
  words: string[] | null;
}

/**
 * The people and organisations an article names, in order, so that a pronoun or a short name
 * ("Geng", "Mr. Trump") can be read as the full name given earlier ("Geng Shuang").
 */
export class EntityIndex {
  /** The entities by their key, the name lower-cased. */
  readonly entities = new Map<string, Entity>();
  /** Person mentions outside quotations, in text order, with their sentence number. */
  private mentions: PersonMention[] = [];
  /**
   * The mentions of people named by two words or more, by the last word of the name and (when it
   * differs) by the first, in the order of `mentions`: `expand` reads the few mentions that can match
   * a word instead of all of them, which made a text with many short mentions cost their square.
   * Filed when first read (a quarter of the texts never ask).
   */
  private readonly byLast = new Map<string, PersonMention[]>();
  private readonly byFirst = new Map<string, PersonMention[]>();
  private filed = false;
  /**
   * Names of organisations and places outside quotations, in text order, with the lone capitalised words
   * that name no person ("Wimpey"): what "it said" can stand for.
   */
  private bodies: BodyMention[] | null = null;

  /** The one-word person mentions that name no one: bodies, with the names of no person. */
  private readonly dropped: ReadonlySet<PersonMention>;

  // (the names, quotations and headline are kept for the bodies, gathered when "it" first asks: few texts do)
  constructor(
    private readonly names: readonly NamePhrase[],
    /** Where each sentence starts, ascending, the first at 0 (the tokenizer's: tokens.ts `tokenize`). */
    readonly sentenceStarts: readonly number[],
    /** The quotations, in text order: a name inside one (its marks included) is no mention. */
    private readonly quotes: readonly QuoteSpan[],
    /** Names before this offset (a title-case headline) are not mentions. */
    private readonly headlineEnd = 0,
    /** Is the name at [start, end) the subject or object of a speech verb ("X said", "said X")? */
    readonly speaksAt: (start: number, end: number) => boolean = () => false,
    /** The first word, lower-cased, of a sentence, by its number (as `sentenceOf` gives it). */
    private readonly openerOf: (sentence: number) => string = () => '',
    /** The gender of the first "he", "his" or "she" after a name in its sentence, before any other name. */
    private readonly pronounAfter: (end: number) => Gender = () => null,
  ) {
    // the last words of the people named so far: a one-word name that is also a place's ("Grimsby", "Hidalgo")
    // is a mention of that person when a speech verb touches it ("Grimsby said …" after "Helena Grimsby") or a
    // question is put to it ("asked Wentworth how many …")
    const [quoted, surnames] = [insideQuotation(quotes), new Set<string>()];
    // an index loop: a for-of over an array calls its iterator for every name
    for (let i = 0; i < names.length; i++) {
      const n = names[i]!;
      if (n.start < headlineEnd) continue;
      const key = n.name.toLowerCase();
      let e = this.entities.get(key);
      if (!e) {
        e = { name: n.name, key, words: null, role: n.role, gender: n.gender, person: n.person };
        this.entities.set(key, e);
      }
      if (n.role && (!e.role || courtesyOnly(e.role))) e.role = n.role;
      if (!e.gender && n.gender) e.gender = n.gender;
      if (!(n.person || (surnames.has(key) && (n.asked || speaksAt(n.start, n.end)))) || quoted(n.start))
        continue;
      e.words ??= key.split(/\s+/u);
      if (e.words.length > 1) surnames.add(e.words[e.words.length - 1]!);
      this.mentions.push(new PersonMention(e, n, this));
    }
    // Short mentions ("Geng") point at the full person named in the text; a lone capitalised
    // word that is no part of any person's name ("Haiti") is not a person mention.
    this.dropped = resolveShortMentions(this.mentions);
    if (this.dropped.size > 0) this.mentions = this.mentions.filter((m) => !this.dropped.has(m));
  }

  /** The number of the sentence holding `offset`, from 1. */
  readonly sentenceOf = (offset: number): number => upperBound(this.sentenceStarts, offset);

  /** The bodies in text order: names of no person outside quotations and the one-word mentions dropped. */
  private gatherBodies(): BodyMention[] {
    const { names, quotes, headlineEnd, dropped } = this;
    const quoted = insideQuotation(quotes);
    const out: BodyMention[] = names
      .filter((n) => !(n.person || n.possessive || n.modifier || n.start < headlineEnd || quoted(n.start)))
      .map((n) => ({ start: n.start, end: n.end, entity: this.entities.get(n.name.toLowerCase())! }));
    for (const m of dropped) if (!m.owner) out.push({ start: m.start, end: m.end, entity: m.entity });
    return out.sort((a, b) => a.start - b.start);
  }

  /** Files the mentions of names of two words or more under their last and first word, in text order. */
  private fileLong(): void {
    this.filed = true;
    for (const m of this.mentions) {
      // a mention's entity, or the full one a short mention points at, is a mention's: its words are split
      const words = m.entity.words!;
      if (words.length < 2) continue;
      const last = words[words.length - 1]!;
      file(this.byLast, last, m);
      if (words[0] !== last) file(this.byFirst, words[0]!, m);
    }
  }

  /** The full entity that a one-word name refers to at `pos`: the latest before it, else the first after. */
  expand(word: string, pos: number): Entity | null {
    if (!this.filed) this.fileLong();
    const w = word.toLowerCase();
    // each list is in text order: the latest mention before `pos` whose name ends in the word, else the
    // latest whose name starts with it (searched only then: most matches are the first), else the first
    // at or after `pos` whose name ends in it
    const byLast = this.byLast.get(w);
    const [k, byFirst] = [byLast ? firstStartingAt(byLast, pos) : 0, this.byFirst.get(w)];
    return (byLast?.[k - 1] ?? byFirst?.[firstStartingAt(byFirst, pos) - 1] ?? byLast?.[k])?.entity ?? null;
  }

  /**
   * The person a pronoun at `pos` refers to: the first person named in the latest sentence
   * (before `pos`) that names one whose gender does not contradict the pronoun.
   */
  pronoun(gender: 'm' | 'f', pos: number, config: AttributionConfig, source: string): Speaker | null {
    // a quotation that asks nothing, right before the pronoun (the last to open before it, the `q`th), may answer
    // a question put to someone named
    let answers = !ASKS_RE.test(source.slice(Math.max(0, pos - 6), pos));
    const q = answers ? firstIndex(this.quotes.length, (i) => this.quotes[i]!.open >= pos) - 1 : -1;
    const asker = answers ? this.askerBefore(source, q, config.askerGapChars) : undefined;
    const asked = answers ? this.askedByRole(source, q, gender, config) : null;
    if (asked) return asked;
    // the latest mention before `pos` (the list is in text order)
    let k = firstStartingAt(this.mentions, pos) - 1;
    const [latest, posSentence] = [this.mentions[k]?.sentence, this.sentenceOf(pos)];
    while (k >= 0) {
      const sentence = this.mentions[k]!.sentence;
      if (posSentence - sentence > config.pronounSentenceReach) break;
      let first = k;
      while (first > 0 && this.mentions[first - 1]!.sentence === sentence) first--;
      // "He lambasted the deal negotiated by President Obama, who he noted was …": a sentence that opens
      // with the same pronoun is about the person named before it, not the people it names.
      // In a sentence naming several people, the one who speaks in it comes first ("Asked about Lee,
      // Park said …", she said), then one who owns nothing, and an owner ("Delgado's daughter") only when
      // no one else in the sentence agrees: a pass for each.
      // A quotation that asks nothing, after "Coun. Lee asked Chief Roe whether …", answers: the one asked speaks
      // (whatever pronoun opens that sentence: "She asked Roe …"), and never the `asker` of a quoted question.
      const opener = PRONOUNS.get(this.openerOf(sentence)) === gender;
      if (!opener || answers)
        for (let pass = answers ? -1 : 0; pass < (opener ? 0 : 3); pass++, answers = false)
          for (let i = first; i <= k; i++) {
            const m = this.mentions[i]!;
            // (the gender is read only for a mention the pass takes)
            if (!(pass < 0 ? this.replies(m, pos, source) : pass === 0 ? m.speaks : m.owner === (pass === 2)))
              continue;
            // ("Asked by Pipeline Online whether …, she said": who asks in the pronoun's sentence does not answer)
            if (sentence === posSentence && /\basked by $/iu.test(source.slice(m.start - 9, m.start)))
              continue;
            const who = this.agrees(m, gender) ? m.entity : this.namesake(m, gender);
            // a name with no mark of a person, not speaking, in the latest sentence that names anyone ("Central
            // Frontenac wrote to the board"), gives way to one of the pronoun's gender who spoke in the sentence
            // before ("Creighton said she will …")
            const bare = pass > 0 && sentence === latest && who && !who.gender && !who.role;
            const spoke = (o: PersonMention) =>
              o.sentence >= sentence - 1 && o.speaks && o.entity.gender === gender;
            const speaker = bare ? this.mentions.slice(0, first).findLast(spoke)?.entity : undefined;
            if (who && who !== asker) return toSpeaker(speaker ?? who);
          }
      k = first - 1;
    }
    return null;
  }

  /**
   * Who put the question that the `k`th quotation answers: the first person named, and not asked, right
   * after the quotation before it in the sentence that asks, when that one asks and the answer follows ("“Was it
   * ever listed?” Strunk asked. ⏎ “…,” he said."; not Roe in "“…?” one welder asked. ⏎ Roe said every …"). Not a
   * question one asks oneself ("“… big deal, right?” Trump said.").
   */
  private askerBefore(source: string, k: number, gap: number): Entity | undefined {
    const [ask, answer] = [this.quotes[k - 1], this.quotes[k]];
    if (!ask || !answer || !ASKS_RE.test(source.slice(ask.open, ask.close + 1))) return undefined;
    const between = source.slice(ask.close + 1, answer.open);
    if (between.length > gap || !ASKED_RE.test(between)) return undefined;
    const asks = this.sentenceOf(ask.close);
    return this.mentionsIn(ask.close, answer.open).find((m) => !m.name.asked && m.sentence === asks)?.entity;
  }

  /**
   * The person the text names by the role a question was put to right before the `k`th quotation ("Coun. Lee
   * asked the clerk whether …" ⏎ "“No …,” she said." after "City clerk Ann Roe"), of the pronoun's gender; null
   * when there is none.
   */
  private askedByRole(source: string, k: number, gender: 'm' | 'f', c: AttributionConfig): Speaker | null {
    const [open, ask] = [this.quotes[k]?.open ?? 0, this.quotes[k - 1]];
    // past a quoted question: "Sen. Lee pressed him on the backlog." ⏎ "“Is it going up?”" ⏎ "“Up,” he said."
    const back = ask && ASKS_RE.test(source.slice(ask.open, ask.close + 1)) ? k - 2 : k - 1;
    const from = Math.max(this.quotes[back]?.close ?? 0, open - c.askedRoleGapChars);
    const found = ASKED_ROLE_RE.exec(source.slice(from, open));
    const [role, asked, at] = [found?.[1], found?.[2], from + (found?.index ?? 0)];
    // "Coun. Lee asked him how long …": "him" is read before the one named right before the asking verb
    // (right before the verb, or before a description in apposition: "Erik Larsen, a parent who …, asked him")
    const named = (m: PersonMention) =>
      m.end < at && at - m.end < 200 && APPOSED_RE.test(source.slice(m.end, at));
    // (the pronoun data tags "him" and "her" with their gender)
    const asker = PRONOUNS.get(asked ?? '') === gender ? this.mentions.findLast(named) : undefined;
    if (asker) return this.pronoun(gender, asker.start, c, source);
    const holds = (m: PersonMention) => roleHolds(m.entity.role ?? '', role!) && this.agrees(m, gender);
    return role ? this.personBefore(open, c.askedRoleSentenceReach, holds) : null;
  }

  /**
   * Was the person at `m` asked the question that the quotation before `pos` answers: asked right before it
   * (one quotation opens between, or three in an exchange: below) and a person by role, gender or first name (not
   * "… asked Manitoba Transportation …")?
   */
  private replies(m: PersonMention, pos: number, source: string): boolean {
    const { role, gender, words } = m.entity;
    // (a first name of either sex is a person's too: "asked Grace Uchida how many …")
    const person = role !== null || gender !== null || knownFirstName(words![0]!) !== undefined;
    if (!m.name.asked || m.owner || !person) return false;
    // the first quotation after the question, or the third when the second, a paragraph alone between theirs, is the
    // asker's turn ("“…,” she said." ⏎ "“Then how are we supposed to write a limit?”" ⏎ "“You write a conservative one,”
    // she said.")
    const after = this.quotes.filter((q) => q.open > m.end && q.open < pos);
    if (after.length !== 3) return after.length === 1;
    const [answer, turn, again] = after as [QuoteSpan, QuoteSpan, QuoteSpan];
    return source.slice(answer.paraEnd, again.open).trim() === source.slice(turn.open, turn.close + 1);
  }

  /**
   * A surname alone that two people of the text share ("Pettaway", after Evelyn and Reginald Pettaway):
   * the one of the pronoun's gender, when the person it was read as is of the other.
   */
  private namesake(m: PersonMention, gender: 'm' | 'f'): Entity | undefined {
    if (m.name.name.includes(' ') || m.entity.words!.length < 2) return undefined;
    if (!this.filed) this.fileLong();
    return this.byLast.get(m.entity.words!.at(-1)!)?.find((o) => o.entity.gender === gender)?.entity;
  }

  /**
   * Does the mention's gender not contradict the pronoun's? A name of no known gender agrees unless its own
   * sentence goes on with the other pronoun ("Hnatiuk … since his arrest" is no "she").
   */
  private agrees(m: PersonMention, gender: 'm' | 'f'): boolean {
    const known = m.entity.gender;
    return known ? known === gender : this.pronounAfter(m.end) !== (gender === 'm' ? 'f' : 'm');
  }

  /**
   * What "it" stands for at `pos` ("Wimpey said … . “…,” it added."): the organisation or place that is
   * the subject or object of a speech verb in the latest sentence naming one, within `reach` sentences
   * before. A body named without speaking ("… could face a fine") is passed over: "it" may then be the
   * fine, the report or the plan.
   */
  speakingBody(pos: number, reach: number): Speaker | null {
    const posSentence = this.sentenceOf(pos);
    this.bodies ??= this.gatherBodies();
    for (let k = firstStartingAt(this.bodies, pos) - 1; k >= 0; k--) {
      const b = this.bodies[k]!;
      if (posSentence - this.sentenceOf(b.start) > reach) break;
      if (this.speaksAt(b.start, b.end)) return { ...toSpeaker(b.entity), person: false };
    }
    return null;
  }

  /**
   * The latest person named before `pos`, within `reach` sentences, that `takes` accepts; the search
   * stops at a mention `takes` answers null for. Owners ("Delgado's daughter") are passed over.
   */
  personBefore(pos: number, reach: number, takes: (m: PersonMention) => boolean | null): Speaker | null {
    const posSentence = this.sentenceOf(pos);
    for (let k = firstStartingAt(this.mentions, pos) - 1; k >= 0; k--) {
      const m = this.mentions[k]!;
      if (posSentence - m.sentence > reach) break;
      if (m.owner || !m.entity.person) continue;
      const taken = takes(m);
      if (taken !== false) return taken ? toSpeaker(m.entity) : null;
    }
    return null;
  }

  /** Person mentions outside quotations that start in [from, to), in text order. */
  mentionsIn(from: number, to: number): readonly PersonMention[] {
    return this.mentions.slice(firstStartingAt(this.mentions, from), firstStartingAt(this.mentions, to));
  }

  /** How often the article names this entity (by its lower-cased name, its key) outside quotations. */
  mentionCount(key: string): number {
    if (!this.counts) {
      this.counts = new Map();
      for (const m of this.mentions) this.counts.set(m.entity.key, (this.counts.get(m.entity.key) ?? 0) + 1);
    }
    return this.counts.get(key) ?? 0;
  }

  private counts: Map<string, number> | null = null;
}

/** What lies between an asker's name and the asking verb: a space, or a description in apposition and a space. */
const APPOSED_RE = /^(?:,[^,;.]*,|,)? $/u;

/**
 * Is an offset inside a quotation? Asked of the names in text order: the quotation opened last before the
 * offset is found by moving a cursor along the quotations (back as well, should an offset come before the
 * previous one), not by a search per name. `q` is the number of quotations opened at or before it.
 */
function insideQuotation(quotes: readonly Pick<QuoteSpan, 'open' | 'close'>[]): (at: number) => boolean {
  let q = 0;
  return (at) => {
    while (q < quotes.length && quotes[q]!.open <= at) q++;
    while (q > 0 && quotes[q - 1]!.open > at) q--;
    return q > 0 && at <= quotes[q - 1]!.close;
  };
}

/** An organisation or place named outside quotations. */
type BodyMention = Span & { readonly entity: Entity };

/**
 * A person named outside quotations: where, in which sentence, and whether a speech verb touches the
 * name. The sentence and the speech verb are looked up when first read: only the mentions near a
 * quotation or a pronoun are ever asked (about a third of them). The name's other facts are read from
 * its phrase when asked rather than copied into each of the thousands of mentions.
 */
export class PersonMention {
  // Declared, not class fields: a class field is defined on each new object before the constructor
  // runs (one define per field, costly for the thousands of mentions); the constructor sets them all.
  declare entity: Entity;
  declare readonly start: number;
  declare readonly end: number;
  /** The name as the name finder read it. */
  declare readonly name: NamePhrase;
  /** Where the sentence and the speech verb are looked up when first asked. */
  declare private readonly lookups: Pick<EntityIndex, 'sentenceOf' | 'speaksAt'>;
  declare private sentenceNumber: number | undefined;
  declare private spoken: boolean | undefined;

  constructor(entity: Entity, name: NamePhrase, lookups: Pick<EntityIndex, 'sentenceOf' | 'speaksAt'>) {
    this.entity = entity;
    this.start = name.start;
    this.end = name.end;
    this.name = name;
    this.lookups = lookups;
    this.sentenceNumber = undefined;
    this.spoken = undefined;
  }

  /**
   * The name owns a noun ("Delgado's daughter") or modifies the role of the name after it ("Transit
   * director Paul Kostyniuk"): it is not the one the sentence is about.
   */
  get owner(): boolean {
    return this.name.possessive || this.name.modifier;
  }

  get sentence(): number {
    this.sentenceNumber ??= this.lookups.sentenceOf(this.start);
    return this.sentenceNumber;
  }

  get speaks(): boolean {
    this.spoken ??= this.lookups.speaksAt(this.start, this.name.end);
    return this.spoken;
  }
}

/**
 * Points each one-word person mention at the person `expand` would give it, had the mentions been
 * read from the last, each filed once resolved: the latest name of two words or more before it that
 * ends in its word, else the latest that starts with it (a mention resolved earlier in that reading
 * comes after it: no resolved one counts here), else the first name after it that ends in its word
 * (a resolved mention first after it was resolved to that name too). One pass forwards, so no list is
 * searched: a mention with no name before it waits for the next name ending in its word. Returns the
 * mentions that are no person's: unresolved, and not introduced by a description.
 */
function resolveShortMentions(mentions: readonly PersonMention[]): Set<PersonMention> {
  const dropped = new Set<PersonMention>();
  const [byLast, byFirst] = [new Map<string, Entity>(), new Map<string, Entity>()];
  // the latest name of each gender by its last word ("wireman m"), for a surname after a courtesy title
  const byLastGender = new Map<string, Entity>();
  const waiting = new Map<string, PersonMention[]>();
  for (const m of mentions) {
    const e = m.entity;
    // (split when the mention was filed)
    const words = e.words!;
    // "Le Pen" after "Marine Le Pen", "Wasserman Schultz" after "Debbie Wasserman Schultz": a short mention
    const longer = isTwoWordSurname(words) ? byLast.get(words[1]!) : undefined;
    if (longer?.person && longer !== e && endsWithWords(longer, words)) settle(m, longer, dropped);
    else if (words.length > 1) {
      const last = words[words.length - 1]!;
      byLast.set(last, e);
      if (e.gender) byLastGender.set(`${last} ${e.gender}`, e);
      if (words[0] !== last) byFirst.set(words[0]!, e);
      const waited = waiting.size > 0 ? waiting.get(last) : undefined;
      if (waited) {
        for (let k = 0; k < waited.length; k++) settle(waited[k]!, e, dropped);
        waiting.delete(last);
      }
    } else {
      // "Mr. Wireman" after "Gary Wireman", then "Linda Wireman": the latest of the title's gender
      const titled = courtesyOnly(e.role) ? byLastGender.get(`${words[0]} ${e.gender}`) : undefined;
      const full = titled ?? byLast.get(words[0]!) ?? byFirst.get(words[0]!);
      if (full) settle(m, full, dropped);
      else file(waiting, words[0]!, m);
    }
  }
  // no name after them either
  for (const waited of waiting.values()) for (const m of waited) settle(m, undefined, dropped);
  return dropped;
}

/**
 * The role the phrase gives, or the one the text gave the person where that ends with it: the phrase is
 * read back only to a determiner or "and", the name's mention to the start of its title ("Canadian Coast
 * Guard" → "Minister of Fisheries, Oceans and the Canadian Coast Guard").
 */
const fullerRole = (phraseRole: string | null, known: string | null): string | null =>
  phraseRole === null || courtesyOnly(phraseRole) || known?.endsWith(` ${phraseRole}`) ? known : phraseRole;

/** Does the role end in an honorific or a title ("Mr.", "Sen.", "President", "Lord")? */
function endsInHonorific(role: string | null): boolean {
  const last = role?.slice(role.lastIndexOf(' ') + 1).toLowerCase() ?? '';
  return HONORIFICS.has(last) || HONORIFICS.has(`${last}.`);
}

/**
 * Two words that can be a surname alone, as a name's key splits: a particle and a surname ("le pen", "de
 * blasio", "al gore"), or two words of which the first is no known first name ("wasserman schultz",
 * "rempel garner"). Either is a short mention of a longer person's name that ends in them.
 */
const isTwoWordSurname = (words: readonly string[]): boolean =>
  words.length === 2 && (NAME_PARTICLES.has(words[0]!) || knownFirstName(words[0]!) === undefined);

/** Is the entity's name longer and ending in these words ("marine le pen" and "le pen")? */
const endsWithWords = (e: Entity, words: readonly string[]): boolean =>
  e.words?.join(' ').endsWith(` ${words.join(' ')}`) === true;

/**
 * A one-word mention is the person `full` names, or none when that is no person's name, unless a
 * description in apposition introduced it or a title ends the role written before it ("Mr. Obama",
 * "Sen. Warren", "BP chief executive Lord Browne"): a person the text names by surname alone.
 */
function settle(m: PersonMention, full: Entity | undefined, dropped: Set<PersonMention>): void {
  if (full?.person) {
    const short = m.entity;
    m.entity = full;
    // "Mr. Hollinrake" after "Garnet Hollinrake": a courtesy title tells the gender surer than a first name's data
    if (short.gender && short.role !== null && courtesyOnly(short.role)) full.gender = short.gender;
  } else if (!m.name.introduced && !endsInHonorific(m.name.role)) dropped.add(m);
}

/**
 * Appends `m` to `word`'s list. Mentions are filed in text order, so a list is sorted by offset:
 * `expand`'s look-ups are binary searches (a text naming one person thousands of times would
 * otherwise cost the square of that).
 */
function file(map: Map<string, PersonMention[]>, word: string, m: PersonMention): void {
  const list = map.get(word);
  if (list) list.push(m);
  else map.set(word, [m]);
}

const toSpeaker = ({ name, role, person, gender }: Entity): Speaker => ({ name, role, person, gender });

/**
 * Turn a speaker phrase into a speaker: a pronoun into the person it stands for, a short name
 * into the full one, "Sen. Ted Cruz" into name and role. Null when it cannot be known.
 */
export function resolvePhrase(
  source: string,
  phrase: readonly Token[],
  appositiveRole: string | null,
  pos: number,
  index: EntityIndex,
  previous: Speaker | null,
  c: AttributionConfig,
): Speaker | null {
  if (phrase.length === 0) return null;
  const it = phrase.length === 1 && phrase[0]!.lower === 'it';
  const body = it ? index.speakingBody(pos, c.bodySentenceReach) : null;
  if (body) return body;
  const g = pronounOf(phrase);
  if (g !== undefined) {
    if (g === 'm' || g === 'f')
      return (
        described(source, pos, g, index, c) ??
        describedPerson(previous, g) ??
        saidBy(source, pos, g, index, c)
      );
    return g === 'p' && previous?.person === false ? previous : null;
  }
  // a name and the role written before it ("White House press secretary Josh Earnest"), not its honorifics ("Sen.")
  const span = nameSpan(phrase, 0, phrase.length);
  const w = span ? whereFrom(phrase, span.start) : 0; // ("one woman from Carrick": she speaks, not the place)
  if (w > 0) return resolvePhrase(source, phrase.slice(0, w), appositiveRole, pos, index, previous, c);
  if (span) {
    const { start, end } = span;
    const nameTokens = phrase.slice(namePartStart(phrase, start, end), end);
    const gender =
      genderIn(phrase, start, end) ??
      genderIn(phrase, 0, start) ??
      firstNameGenderIn(nameTokens, 0, nameTokens.length, false);
    const name = stripPossessive(surface(source, nameTokens));
    const roleText = (start > 0 ? tidyRole(surface(source, phrase.slice(0, start))) : null) ?? appositiveRole;
    const words = nameTokens.map((t) => t.lower);
    if (words.length === 1 || isTwoWordSurname(words)) {
      const full = index.expand(nameTokens[nameTokens.length - 1]!.text, pos);
      if (full && (words.length === 1 || endsWithWords(full, words)))
        return { ...toSpeaker(full), role: fullerRole(roleText, full.role), gender: full.gender ?? gender };
    }
    const known = index.entities.get(name.toLowerCase());
    const person = looksLikePersonName(nameTokens, 0, nameTokens.length, false);
    return { name, role: fullerRole(roleText, known?.role ?? null), person, gender: known?.gender ?? gender };
  }
  // A phrase with no name of its own can stand for a person named before: "May said" after "Brian May" (a capitalised
  // word no name starts with, as a surname), or a definite description ("the mayor said": described-persons.ts).
  const first = phrase[0]!;
  const full = phrase.length === 1 && first.cap ? index.expand(first.text, pos) : null;
  if (full?.person && endsWithWords(full, [first.lower])) return toSpeaker(full);
  const takes = descriptionTest(source, phrase);
  const named = takes ? index.personBefore(pos, c.pronounSentenceReach, takes) : null;
  if (named) return named;
  const last = phrase[phrase.length - 1]!; // else a description ("the ministry", "a senior official")
  // (a phrase ending in one letter is a fragment; one ending in one digit may be a body's: "Akron Lodge 7")
  if (!last.word || (!last.nameWord && last.lower.length < 2 && last.lower > '9')) return null;
  const gender = genderIn(phrase, 0, phrase.length);
  return { name: surface(source, phrase), role: appositiveRole, person: false, gender };
}

/**
 * "One day care operator, who asked not to be named …, said parents want to know more." ⏎ "“…,” she said.": a person
 * described, not named, as the subject of a sentence in the paragraph before the pronoun's or in its own, with a
 * "who" after the description, is whom the pronoun stands for, unless the person `index.pronoun` names for it is
 * mentioned after the description; else that person.
 */
function described(source: string, pos: number, g: 'm' | 'f', index: EntityIndex, c: AttributionConfig) {
  const named = index.pronoun(g, pos, c, source);
  // from the start of the paragraph before the pronoun's (past the blank lines between them), within reach: every
  // search stays inside the reach, so that a paragraph of thousands of quotations does not cost their square
  const near = source.slice(Math.max(0, pos - c.unnamedSourceReachChars), pos);
  const [from] = paragraphBefore(near, near.lastIndexOf('\n') + 1);
  if (!near.includes(' who ', from)) return named;
  const text = near.slice(from).replace(QUOTED_RE, (q) => ' '.repeat(q.length));
  const found = anonymousSource(text, pos - near.length + from, index) ?? describedBeforeWho(text);
  const head = found?.name.split(' ').at(-1)?.toLowerCase() ?? '';
  // (nor the one who put a question to the pronoun's person: "One parent, who …, asked him whether …")
  const asks = found && PRONOUNS.get(ASKED_ROLE_RE.exec(text.slice(found.end))?.[2] ?? '') === g;
  if (!found || asks || (GENDERED_TITLES.get(head) ?? g) !== g) return named;
  // someone named after it (a body or a place named inside it, "A worker at Rio Tinto's smelter", is not)
  const later = named && near.lastIndexOf(named.name.split(' ').at(-1)!) > from + found.end;
  return later ? named : { name: found.name, role: null, person: false, gender: g };
}

/**
 * "A spokeswoman for the ministry said the plan was under review." ⏎ "“…,” she said.": with no person named to take
 * the pronoun and no quotation before it by a person described, the latest description that opens a sentence as the
 * subject of a cue in reach (`DESCRIBED_SAYS_RE`), its last word a role or a person's noun of the pronoun's gender or
 * of none. A definite one ("The mayor said the roads were shut.") only when the text names no person before it: it
 * would stand for a person named before (resolvePhrase), who may be out of the pronoun's reach ("The council member"
 * for the Rosa Saldivar named paragraphs before); with none, it refers to someone never named ("The young woman").
 */
function saidBy(source: string, pos: number, g: 'm' | 'f', index: EntityIndex, c: AttributionConfig) {
  const near = source.slice(Math.max(0, pos - c.unnamedSourceReachChars), pos);
  const m = [...near.matchAll(DESCRIBED_SAYS_RE)].at(-1);
  const head = m?.[2]?.toLowerCase() ?? '';
  const gender = GENDERED_TITLES.get(head);
  if (!m || !(gender || ROLE_WORDS.has(head)) || (gender ?? g) !== g) return null;
  if (m[1]!.startsWith('The ') && index.personBefore(pos, Number.POSITIVE_INFINITY, () => true)) return null;
  return { name: m[1]!, role: null, person: false, gender: g };
}

/** A description opening a sentence ("A spokeswoman for the ministry"), its last word before "for", "of" …, and a cue. */
const DESCRIBED_SAYS_RE =
  /(?<=^|\n|[.!?]["”’]? )((?:An?|One|Another|The) (?:[a-z’'-]+ ){0,3}?([a-z’'-]+)(?: (?:for|of|at|with|from) (?:the )?(?:[A-Za-z’'-]+ ){0,3}?[A-Za-z’'-]+)?),? (?:said|says|told|added)\b/gu;

/** The latest indefinite description before "who" (`UNNAMED_WHO_RE`) in the text, and where it ends. */
function describedBeforeWho(text: string): { name: string; end: number } | null {
  const m = [...text.matchAll(UNNAMED_WHO_RE)].at(-1);
  return m ? { name: m[0], end: m.index + m[0].length } : null;
}

/**
 * "A nurse who …", "One line operator, who …", "One juror, a retired teacher who …": an indefinite description
 * opening a sentence, before "who" (or before another description in apposition, then "who"); no clause ("One of
 * them was Marvin Southall, who …").
 */
const UNNAMED_WHO_RE =
  /(?<=^|\n|[.!?]["”’]? )(?:An?|One|Another) (?:(?!(?:is|was|are|were|has|had|said) )[^\s,.;:!?"“”]+ ){0,7}?[^\s,.;:!?"“”]+(?=,? (?:and )?who |, an? [^,.;:!?"“”]*? who )/gu;
const QUOTED_RE = /["“][^"“”]*["”]/gu;

/**
 * "A witness, who asked not to be named, said: “…” … “…,” she said.": with no person named to take
 * the pronoun, the previous quotation's speaker when it is a person described, not named (a
 * determiner, then a role or person noun last), and its gender does not contradict the pronoun.
 */
function describedPerson(previous: Speaker | null, gender: 'm' | 'f'): Speaker | null {
  if (!previous || previous.person || (previous.gender && previous.gender !== gender)) return null;
  const words = previous.name.toLowerCase().split(/\s+/u);
  const last = words[words.length - 1]!;
  // (its last word in lower case: not a body's name, "The Ontario Ministry of Health")
  const role =
    (ROLE_WORDS.has(last) || GENDERED_TITLES.has(last)) && previous.name.at(-last.length) === last[0];
  return DETERMINERS.has(words[0]!) && role ? previous : null;
}
