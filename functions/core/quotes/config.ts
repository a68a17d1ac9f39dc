/**
 * Every window size and reach the attribution uses, in one place, so that a change is visible and a sieve can be
 * tried with other values. The numbers are data, `data/attribution.json`, as the summarizer keeps its tuned values
 * (summarizer-config.json). Distances are in tokens unless the name says otherwise. What each one is:
 * - `tailReach`: How far after the closing mark a cue may sit (`"…," the ministry's spokesman said`).
 * - `tailAppositiveReach`: The same after a one-word name and a comma (`"…" Trump, the …, said`): long
 *   appositives.
 * - `tailNoCommaReach`: Without a comma after the quotation, how far the cue may sit before the sentence is
 *   someone else's.
 * - `tailPhraseMax`: The longest speaker phrase read before a cue after the quotation.
 * - `tailAfterStopReach`: After a quotation ending in a full stop, within how many tokens after its cue a tail
 *   must end its sentence (`"… ." Ms Roe, who chairs the board, said on Monday.`); a sentence running on
 *   past it reports something new (`"… ." He said the plan would …`).
 * - `headWindow`: How many tokens before the opening mark the clause may start.
 * - `headCueReach`: How far before the opening mark a cue may sit (`X said on Monday: "…"`).
 * - `headIntroducedReach`: The same before a whole utterance introduced by a comma or colon (`X told the Post in
 *   a statement, "…"`).
 * - `appositiveMax`: The longest appositive between a name and its cue (`Smith, a spokesman for …, said`).
 * - `colonLineReach`: Cue reach for a colon line ending the previous paragraph (`X released the following
 *   statement:`).
 * - `exchangeTurnMaxChars`: The longest quotation, in characters, that takes a turn in a question-and-answer
 *   exchange (sieves/continuation.ts); a longer one carries on the answer before it.
 * - `forwardNameMax`: The longest name phrase read forwards (`said Geng Shuang`).
 * - `forwardDescriptionMax`: The longest description read forwards (`said a person close to the campaign`).
 * - `backwardPhraseMax`: The longest speaker phrase read backwards from a cue.
 * - `pronounSentenceReach`: How many sentences back a he/she may look for its person.
 * - `askerGapChars`: The longest attribution, in characters, between a question and its answer (`asked Sen. Cal
 *   Hedstrom, R-Ontario.`).
 * - `askedRoleGapChars`: How far before an answer, in characters, a question put to a role is read (`Coun. Lee
 *   asked the clerk whether …`).
 * - `askedRoleSentenceReach`: How many sentences back the person holding the role a question was put to may be
 *   named (a role names one person in a story).
 * - `unnamedSourceReachChars`: How far before a he or she, in characters, a person described and not named is
 *   read ("One juror, a retired teacher who asked not to be named, said …"): the paragraph before the pronoun's
 *   and its own, within this reach, so that a paragraph of thousands of quotations does not cost their square.
 * - `pronounAfterReachChars`: How far after a name, in characters, its sentence's he, his or she is read for its
 *   gender.
 * - `bodySentenceReach`: How many sentences back "it said" may look for the organisation or place that spoke.
 * - `neighbourReach`: How many quotations away, within the paragraph, the neighbour sieve looks for an attributed
 *   part (the parts of one interrupted quotation sit next to each other; the bound keeps a paragraph of thousands
 *   of quotations from costing their square).
 * - `rankerReachChars`: How far before the opening mark and after the closing mark, in characters, the ranker
 *   takes the people named nearby (within the paragraph before and the quotation's own): a text of one long
 *   paragraph naming thousands of people would otherwise give every quotation all of them.
 */
import DEFAULTS from './data/attribution.json' with { type: 'json' };

/** The attribution's window sizes and reaches, one number each, described above. */
export type AttributionConfig = { [K in keyof typeof DEFAULTS]: number };

export const DEFAULT_ATTRIBUTION: Readonly<AttributionConfig> = Object.freeze(DEFAULTS);
