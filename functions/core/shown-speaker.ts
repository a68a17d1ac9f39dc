/**
 * Who a reader is told said a quote: the email, its web version and the terminal view read it from here.
 * The finder leaves a pronoun as the speaker where it found no one for it to stand for ("…,” it said, with
 * no organisation that spoke within reach): right as a reading of the sentence, and kept in `--json` and
 * `allQuotes` so that tools and the editor's console see it. Away from its sentence, in an email or the
 * terminal view, "— it" names no one, so those show the quote as unattributed, and a story's count of
 * named speakers does not count it.
 */

/** Personal pronouns, subject and object forms, as the finder can leave them (any case). */
const PRONOUNS = new Set(['he', 'him', 'she', 'her', 'it', 'they', 'them', 'we', 'us', 'i', 'me', 'you']);

/** The speaker to show: null when there is none, it is blank, or it is a pronoun alone. */
export function shownSpeaker(speaker: string | null | undefined): string | null {
  const s = speaker?.trim();
  if (!s || PRONOUNS.has(s.toLowerCase())) return null;
  return speaker ?? null;
}

/** A role that ends in a preposition is open for a name after it ("spokesman for", "head of"). */
const OPEN_ROLE_RE = /\s(?:about|against|at|by|for|from|in|of|on|to|with)$/iu;

/**
 * The attribution line under a quote: "Speaker, role", or the speaker alone; null when no speaker is shown.
 * The finder reads "a spokesman for Terminix said" as the speaker "Terminix" with the role "spokesman
 * for" (the name it can resolve and the words before it), which "Terminix, spokesman for" would garble:
 * a role open for a name is shown before the speaker, as written ("Spokesman for Terminix").
 */
export function attributionLine(
  speaker: string | null | undefined,
  role: string | null | undefined,
): string | null {
  const shown = shownSpeaker(speaker);
  if (shown === null) return null;
  if (!role) return shown;
  if (!OPEN_ROLE_RE.test(role)) return `${shown}, ${role}`;
  return `${role.charAt(0).toUpperCase()}${role.slice(1)} ${shown}`;
}
