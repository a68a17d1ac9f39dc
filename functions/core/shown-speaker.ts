/**
 * Who a reader is told said a quote. The finder leaves a pronoun as the speaker where it found no one
 * for it to stand for ("…,” it said, with no organisation that spoke within reach): right as a reading of
 * the sentence, and kept in `--json` and `allQuotes` so that tools and the editor's console see it. Away
 * from its sentence, in an email or the terminal view, "— it" names no one, so those show the quote as
 * unattributed, and a story's count of named speakers does not count it.
 */

/** Personal pronouns, subject and object forms, as the finder can leave them (any case). */
const PRONOUNS = new Set(['he', 'him', 'she', 'her', 'it', 'they', 'them', 'we', 'us', 'i', 'me', 'you']);

/** The speaker to show: null when there is none, it is blank, or it is a pronoun alone. */
export function shownSpeaker(speaker: string | null | undefined): string | null {
  const s = speaker?.trim();
  if (!s || PRONOUNS.has(s.toLowerCase())) return null;
  return speaker ?? null;
}
