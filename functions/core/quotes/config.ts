/**
 * Every window size and reach the attribution uses, in one place, so that a change is visible and
 * a sieve can be tried with other values. Distances are in tokens unless the name says otherwise.
 */
const DEFAULTS = {
  /** How far after the closing mark a cue may sit (`"…," the ministry's spokesman said`). */
  tailReach: 24,
  /** The same after a one-word name and a comma (`"…" Trump, the …, said`): long appositives. */
  tailAppositiveReach: 40,
  /** Without a comma after the quotation, how far the cue may sit before the sentence is someone else's. */
  tailNoCommaReach: 10,
  /** The longest speaker phrase read before a cue after the quotation. */
  tailPhraseMax: 8,
  /** How many tokens before the opening mark the clause may start. */
  headWindow: 40,
  /** How far before the opening mark a cue may sit (`X said on Monday: "…"`). */
  headCueReach: 8,
  /** The same before a whole utterance introduced by a comma or colon (`X told the Post in a statement, "…"`). */
  headIntroducedReach: 14,
  /** The longest appositive between a name and its cue (`Smith, a spokesman for …, said`). */
  appositiveMax: 26,
  /** Cue reach for a colon line ending the previous paragraph (`X released the following statement:`). */
  colonLineReach: 30,
  /** The longest signature line after a quotation paragraph (`— Ada Moss, tweeting after the vote.`), in characters. */
  dashLineMaxChars: 120,
  /**
   * The longest quotation, in characters, that takes a turn in a question-and-answer exchange (sieves/continuation.ts);
   * a longer one carries on the answer before it.
   */
  exchangeTurnMaxChars: 160,
  /** The longest name phrase read forwards (`said Geng Shuang`). */
  forwardNameMax: 9,
  /** The longest description read forwards (`said a person close to the campaign`). */
  forwardDescriptionMax: 14,
  /** The longest speaker phrase read backwards from a cue. */
  backwardPhraseMax: 9,
  /** How many sentences back a he/she may look for its person. */
  pronounSentenceReach: 12,
  /** The longest attribution, in characters, between a question and its answer (`asked Sen. Cal Hedstrom, R-Ontario.`). */
  askerGapChars: 120,
  /** How far before an answer, in characters, a question put to a role is read (`Coun. Lee asked the clerk whether …`). */
  askedRoleGapChars: 360,
  /** How many sentences back the person holding the role a question was put to may be named (a role names one person in a story). */
  askedRoleSentenceReach: 60,
  /**
   * How far before a he or she, in characters, a person described and not named is read ("One juror, a retired
   * teacher who asked not to be named, said …"): the paragraph before the pronoun's and its own, within this reach,
   * so that a paragraph of thousands of quotations does not cost their square.
   */
  unnamedSourceReachChars: 1500,
  /** How far after a name, in characters, its sentence's he, his or she is read for its gender. */
  pronounAfterReachChars: 200,
  /** How many sentences back "it said" may look for the organisation or place that spoke. */
  bodySentenceReach: 4,
  /**
   * How many quotations away, within the paragraph, the neighbour sieve looks for an attributed part
   * (the parts of one interrupted quotation sit next to each other; the bound keeps a paragraph of
   * thousands of quotations from costing their square).
   */
  neighbourReach: 30,
  /**
   * How far before the opening mark and after the closing mark, in characters, the ranker takes the
   * people named nearby (within the paragraph before and the quotation's own): a text of one long
   * paragraph naming thousands of people would otherwise give every quotation all of them.
   */
  rankerReachChars: 2000,
};

/** The attribution's window sizes and reaches, one number each, described at their defaults above. */
export type AttributionConfig = { [K in keyof typeof DEFAULTS]: number };

export const DEFAULT_ATTRIBUTION: Readonly<AttributionConfig> = Object.freeze(DEFAULTS);
