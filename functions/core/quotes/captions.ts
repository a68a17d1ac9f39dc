import type { Quote } from '../types.js';

/** Words in brackets that mark a picture: `(left)`, `(file)`. */
const BRACKET_WORDS = 'left|right|centre|center|above|below|inset|file';
/** Agencies in a bracketed photo line: `(AP Photo/…)`. */
const PHOTO_AGENCIES = 'AP|AFP|Getty Images|Reuters|EPA';
/** Agencies after the slash of a credit: `Jane Doe/AP`. */
const CREDIT_AGENCIES = 'AP|AFP|Getty(?: Images)?|Reuters|EPA|PA|Shutterstock|Alamy';
/** What follows `pictured` in a caption: `pictured with`, `pictured left`. */
const AFTER_PICTURED =
  'with|at|in|on|during|here|left|right|above|below|outside|inside|after|before|alongside';

const CAPTION_BRACKET_RE = new RegExp(`\\((?:${BRACKET_WORDS})\\)|\\((?:${PHOTO_AGENCIES}) Photo`, 'u');
const CAPTION_PHOTO_RE = /\b(?:photo|image|picture)(?: credit)?\s*:/u;
const CAPTION_PICTURED_RE = new RegExp(
  `(?<!\\b(?:I|we|you|they|he|she|had|have|has|never|always) )\\b(?:pictured|photographed)\\b(?= (?:${AFTER_PICTURED}|\\p{Ll}+ing)\\b)`,
  'u',
);
const CAPTION_CREDIT_RE = new RegExp(`\\b\\p{Lu}[\\p{L}.-]*\\/(?:${CREDIT_AGENCIES})\\b`, 'u');

/**
 * A photo caption or credit that a page glued inside a quotation ("… on Thursday morning. Jane
 * pictured volunteering in Leeds The 21-year-old …"): a sentence that describes a picture, not speech.
 * One pattern per kind, tried only where its words are: a sentence is a caption when any of them
 * matches (what one pattern of the four alternatives found), and the long unicode patterns, costly
 * to compile, are compiled only in a batch that has such a sentence.
 */
const isCaptionSentence = (sentence: string): boolean =>
  CAPTION_BRACKET_RE.test(sentence) ||
  (sentence.includes(':') && CAPTION_PHOTO_RE.test(sentence)) ||
  (/pictured|photographed/u.test(sentence) && CAPTION_PICTURED_RE.test(sentence)) ||
  (sentence.includes('/') && CAPTION_CREDIT_RE.test(sentence));

/** Sentence starts inside a quotation: after final punctuation and space, or at its very start. */
const SENTENCE_START_RE = /(?:^|[.!?…]["”’']?\s+)(?=\S)/gu;
const WORD_RE = /[\p{L}\p{N}]+/gu;
/** `Jane Doe/AP`: the agency after the slash of a credit. */
const AGENCY_AFTER_SLASH_RE = new RegExp(`\\/(?:${CREDIT_AGENCIES})`);
/** `(left)`, `(file)`, `(AP Photo`: what the bracketed caption patterns above begin with. */
const BRACKET_CAPTION_RE = new RegExp(`\\((?:${BRACKET_WORDS}|${PHOTO_AGENCIES})`);

/**
 * What every caption pattern above needs: `pictured` or `photographed`, the slash before an agency,
 * `photo`, `image` or `picture` and a colon, or a bracket opening a caption word. A quotation with
 * none of them (nearly all) is kept whole without reading it sentence by sentence.
 */
const mayHoldCaption = (text: string): boolean =>
  text.includes('pictured') ||
  text.includes('photographed') ||
  (text.includes('/') && AGENCY_AFTER_SLASH_RE.test(text)) ||
  (text.includes(':') && (text.includes('photo') || text.includes('image') || text.includes('picture'))) ||
  (text.includes('(') && BRACKET_CAPTION_RE.test(text));

/** Fewer words than this left before the caption: the quotation is dropped, not cut. */
const MIN_WORDS_LEFT = 4;

/**
 * The quotation without a caption glued inside it: cut before the first caption sentence (still
 * verbatim, `start` unchanged, so it still indexes the source), or null when too little is left.
 */
export function withoutCaption(q: Quote): Quote | null {
  if (!mayHoldCaption(q.text)) return q;
  SENTENCE_START_RE.lastIndex = 0;
  for (let m = SENTENCE_START_RE.exec(q.text); m; m = SENTENCE_START_RE.exec(q.text)) {
    const from = m.index + m[0].length;
    const next = q.text.slice(from).search(/[.!?…](?:\s|$)/u);
    if (isCaptionSentence(q.text.slice(from, next < 0 ? undefined : from + next + 1))) {
      const kept = q.text.slice(0, from).trimEnd();
      if ((kept.match(WORD_RE) ?? []).length < MIN_WORDS_LEFT) return null;
      return { ...q, text: kept, end: q.start + kept.length };
    }
    // past the empty match at the start by a whole code point: in a /u pattern a lastIndex inside a
    // surrogate pair ("😀 …") steps back to the pair's start, and the same empty match would repeat forever
    if (m[0].length === 0)
      SENTENCE_START_RE.lastIndex = from + ((q.text.codePointAt(from) ?? 0) > 0xffff ? 2 : 1);
  }
  return q;
}
