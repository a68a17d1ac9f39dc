/**
 * Every window size and reach the attribution uses, in one place, so that a change is visible and
 * a sieve can be tried with other values. Distances are in tokens unless the name says otherwise.
 */
export interface AttributionConfig {
  /** How far after the closing mark a cue may sit (`"…," the ministry's spokesman said`). */
  tailReach: number;
  /** The same after a one-word name and a comma (`"…" Trump, the …, said`): long appositives. */
  tailAppositiveReach: number;
  /** Without a comma after the quotation, how far the cue may sit before the sentence is someone else's. */
  tailNoCommaReach: number;
  /** The longest speaker phrase read before a cue after the quotation. */
  tailPhraseMax: number;
  /** How many tokens before the opening mark the clause may start. */
  headWindow: number;
  /** How far before the opening mark a cue may sit (`X said on Monday: "…"`). */
  headCueReach: number;
  /** The same before a whole utterance introduced by a comma or colon (`X told the Post in a statement, "…"`). */
  headIntroducedReach: number;
  /** The longest appositive between a name and its cue (`Smith, a spokesman for …, said`). */
  appositiveMax: number;
  /** Cue reach for a colon line ending the previous paragraph (`X released the following statement:`). */
  colonLineReach: number;
  /** Cue reach from the end of the sentence right before a quotation (`Lee told Radio 4 on Monday.`). */
  previousSentenceReach: number;
  /** The longest signature line after a quotation paragraph (`— Ada Moss, tweeting after the vote.`), in characters. */
  dashLineMaxChars: number;
  /** The longest name phrase read forwards (`said Geng Shuang`). */
  forwardNameMax: number;
  /** The longest description read forwards (`said a person close to the campaign`). */
  forwardDescriptionMax: number;
  /** The longest speaker phrase read backwards from a cue. */
  backwardPhraseMax: number;
  /** How many sentences back a he/she may look for its person. */
  pronounSentenceReach: number;
  /** How many sentences back "it said" may look for the organisation or place that spoke. */
  bodySentenceReach: number;
  /**
   * How many quotations away, within the paragraph, the neighbour sieve looks for an attributed part
   * (the parts of one interrupted quotation sit next to each other; the bound keeps a paragraph of
   * thousands of quotations from costing their square).
   */
  neighbourReach: number;
  /**
   * How far before the opening mark and after the closing mark, in characters, the ranker takes the
   * people named nearby (within the paragraph before and the quotation's own): a text of one long
   * paragraph naming thousands of people would otherwise give every quotation all of them.
   */
  rankerReachChars: number;
}

export const DEFAULT_ATTRIBUTION: Readonly<AttributionConfig> = Object.freeze({
  tailReach: 24,
  tailAppositiveReach: 40,
  tailNoCommaReach: 10,
  tailPhraseMax: 8,
  headWindow: 40,
  headCueReach: 8,
  headIntroducedReach: 14,
  appositiveMax: 26,
  colonLineReach: 30,
  previousSentenceReach: 6,
  dashLineMaxChars: 120,
  forwardNameMax: 9,
  forwardDescriptionMax: 14,
  backwardPhraseMax: 9,
  pronounSentenceReach: 12,
  bodySentenceReach: 4,
  neighbourReach: 30,
  rankerReachChars: 2000,
});
