/**
 * The unnamed source of a story: a person the text describes and keeps unnamed ("who asked not to be named"), whom a
 * later he or she stands for (coref.ts `described`).
 */
import { ABBREVIATIONS } from './lexicon.js';

/**
 * "A grain buyer at an elevator near Swift Current, who asked not to be named because his employer …, said …": the
 * words by which a story keeps a source unnamed (`ANONYMITY_RE`), in a sentence whose subject is a description before
 * "who" or "whose" (`ANONYMOUS_SUBJECT_RE`), of any length, with commas in it, or after a place or time put first
 * ("At the hospital, one emergency nurse, who …"). The description, and where its sentence ends: a person named
 * after that may have spoken since.
 */
export function anonymousSource(text: string): { name: string; end: number } | null {
  // (most texts have none of the words: three scans of the text cost less than the pattern's)
  if (!text.includes(' be named') && !text.includes(' be identified') && !text.includes('anonymity'))
    return null;
  const a = [...text.matchAll(ANONYMITY_RE)].at(-1);
  if (!a) return null;
  // the subject is read from the start of the sentence that keeps the source unnamed
  let start = 0;
  for (const e of text.slice(0, a.index).matchAll(SENTENCE_BREAK_RE)) start = e.index + e[0].length;
  const m = ANONYMOUS_SUBJECT_RE.exec(text.slice(start, a.index));
  if (!m) return null;
  const stop = SENTENCE_END_RE.exec(text.slice(a.index));
  return { name: m[1]!, end: a.index + (stop ? stop.index : text.length - a.index) };
}

/** The words by which a story keeps its source unnamed: "asked not to be named", "not be identified", "anonymity". */
const ANONYMITY_RE = /\bnot (?:to )?be (?:named|identified)\b|\banonymity\b/gu;
/** An abbreviation before its full stop ("St.", "No.": data/abbreviations.txt), which ends no sentence. */
const ABBREVIATION = `\\b(?:${[...ABBREVIATIONS].join('|')})`;
/** Where a sentence starts: after a full stop (no abbreviation's), question or exclamation mark and white space, or a line break. */
const SENTENCE_BREAK_RE = new RegExp(`(?<!${ABBREVIATION})[.!?]["”’]?\\s+|\\n`, 'giu');
const SENTENCE_END_RE = new RegExp(`(?<!${ABBREVIATION})[.!?](?:["”’]?\\s|$)`, 'iu');
/** A description opening the sentence, or after a phrase put first, up to its "who" or "whose" ("One, who …" too). */
const ANONYMOUS_SUBJECT_RE = new RegExp(
  `(?:^|, )((?:an?|one|another|the) (?:${ABBREVIATION}\\.|[^.!?;:"“”])*?|one)(?=,? (?:and )?who(?:se)? )`,
  'iu',
);
