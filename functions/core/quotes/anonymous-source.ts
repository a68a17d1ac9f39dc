/**
 * The unnamed source of a story: a person the text describes and keeps unnamed ("who asked not to be named"), whom a
 * later he or she stands for (coref.ts `described`).
 */
import { ABBREVIATIONS } from './lexicon.js';

/**
 * "A grain buyer at an elevator near Swift Current, who asked not to be named because his employer …, said …": the
 * words by which a story keeps a source unnamed (`ANONYMITY_RE`), in a sentence whose subject is a description before
 * "who" or "whose" (`ANONYMOUS_SUBJECT_RE`), of any length, with commas in it, or after a place or time put first
 * ("At the hospital, one emergency nurse, who …"). The description, and where the next sentence starts: a person
 * named after that may have spoken since. `sentenceAround` gives the sentence holding an offset of the text: where it
 * starts and where the next one does (the tokenizer's sentences, coref.ts `EntityIndex.sentenceAround`).
 */
export function anonymousSource(
  text: string,
  sentenceAround: (offset: number) => readonly [number, number],
): { name: string; end: number } | null {
  // (most texts have none of the words: three scans of the text cost less than the pattern's)
  if (!text.includes(' be named') && !text.includes(' be identified') && !text.includes('anonymity'))
    return null;
  const a = [...text.matchAll(ANONYMITY_RE)].at(-1);
  if (!a) return null;
  // the subject is read from the start of the sentence that keeps the source unnamed
  const [start, end] = sentenceAround(a.index);
  const m = ANONYMOUS_SUBJECT_RE.exec(text.slice(Math.max(0, start), a.index));
  return m ? { name: m[1]!, end: Math.min(end, text.length) } : null;
}

/** The words by which a story keeps its source unnamed: "asked not to be named", "not be identified", "anonymity". */
const ANONYMITY_RE = /\bnot (?:to )?be (?:named|identified)\b|\banonymity\b/gu;
/** An abbreviation before its full stop ("St.", "No.": data/abbreviations.txt), which ends no sentence. */
const ABBREVIATION = `\\b(?:${[...ABBREVIATIONS].join('|')})`;
/** A description opening the sentence, or after a phrase put first, up to its "who" or "whose" ("One, who …" too). */
const ANONYMOUS_SUBJECT_RE = new RegExp(
  `(?:^|, )((?:an?|one|another|the) (?:${ABBREVIATION}\\.|[^.!?;:"“”])*?|one)(?=,? (?:and )?who(?:se)? )`,
  'iu',
);
