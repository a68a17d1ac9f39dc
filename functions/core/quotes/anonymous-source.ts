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
 * named after that may have spoken since. The text starts at `at` of the article, whose sentences are the
 * tokenizer's (coref.ts `EntityIndex.sentenceStarts`).
 */
export function anonymousSource(
  text: string,
  at: number,
  sentences: { sentenceOf(offset: number): number; readonly sentenceStarts: readonly number[] },
): { name: string; end: number } | null {
  // (most texts have none of the words: three scans of the text cost less than the pattern's)
  if (!text.includes(' be named') && !text.includes(' be identified') && !text.includes('anonymity'))
    return null;
  const a = [...text.matchAll(ANONYMITY_RE)].at(-1);
  if (!a) return null;
  // the subject is read from the start of the sentence that keeps the source unnamed
  const [n, starts] = [sentences.sentenceOf(at + a.index), sentences.sentenceStarts];
  const m = ANONYMOUS_SUBJECT_RE.exec(text.slice(Math.max(0, starts[n - 1]! - at), a.index));
  return m ? { name: m[1]!, end: Math.min(text.length, (starts[n] ?? Infinity) - at) } : null;
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
