/**
 * Patterns over letters, read by the cheapest form that gives the same answers for a text. A pattern with a
 * Unicode property (`\p{L}`, `\p{Lu}`) costs the regex engine millions of instructions to compile, once per
 * run of the CLI that uses it, and runs slower. A text whose letters and numbers are all ASCII (`isPlain`) or
 * all in the Latin blocks (`isLatin`) is read the same by a pattern that spells those letters out
 * (latin-classes.gen.ts), which compiles in a small fraction of that. A pattern is compiled when first used,
 * so a batch of news in Latin script never compiles the Unicode forms.
 */
import {
  LATIN_BLOCKS,
  LATIN_LETTER,
  LATIN_LETTER_OR_NUMBER,
  LATIN_LOWER,
  LATIN_NUMBER,
  LATIN_UPPER,
} from './latin-classes.gen.js';

/**
 * Class bodies (no brackets) for `\p{L}`, `[\p{L}\p{N}]`, `\p{Lu}`, `\p{Ll}` and `\p{N}`, each in the form of
 * each script (`SCRIPTS`): spelt out for ASCII, spelt out for the Latin blocks, the Unicode property.
 */
const CLASS_FORMS = {
  letter: ['A-Za-z', LATIN_LETTER, '\\p{L}'],
  letterOrNumber: ['A-Za-z0-9', LATIN_LETTER_OR_NUMBER, '\\p{L}\\p{N}'],
  upper: ['A-Z', LATIN_UPPER, '\\p{Lu}'],
  lower: ['a-z', LATIN_LOWER, '\\p{Ll}'],
  number: ['0-9', LATIN_NUMBER, '\\p{N}'],
};
/** The class bodies of one form of a pattern. */
export type LetterClasses = Record<keyof typeof CLASS_FORMS, string>;

/** The scripts in the order they are tried: `scriptIndex` numbers them. */
export const SCRIPTS = ['plain', 'latin', 'unicode'] as const;
export type Script = (typeof SCRIPTS)[number];

/** The class bodies of each script's form, in the order of `SCRIPTS`. */
const CLASSES = SCRIPTS.map(
  (_, i) =>
    Object.fromEntries(Object.entries(CLASS_FORMS).map(([name, forms]) => [name, forms[i]])) as LetterClasses,
);

/**
 * A character that may be a letter or a number outside ASCII (anything but ASCII text, curly quotes,
 * dashes, the ellipsis and a no-break space). A text without one reads the same with the ASCII patterns.
 */
const NOT_PLAIN_RE = /[^\t\n\r -~‘’“”—–…\u00a0]/;
/** Does a text hold only characters with which the ASCII patterns read as the Unicode ones? */
export const isPlain = (text: string): boolean => !NOT_PLAIN_RE.test(text);

/** A character outside the Latin blocks (or half of a surrogate pair). */
const NOT_LATIN_RE = new RegExp(`[^${LATIN_BLOCKS}]`);
/** Does a text hold only characters of the Latin blocks (latin-classes.gen.ts)? */
export const isLatin = (text: string): boolean => !NOT_LATIN_RE.test(text);

/** Which form of a pattern reads `text`: the first of plain, Latin and Unicode that fits it. */
export const scriptOf = (text: string): Script => SCRIPTS[scriptIndex(text)]!;

/**
 * `scriptOf` as an index into `SCRIPTS`. Both tests run on every text, the Latin one on '' when the text
 * is plain: a loop V8 has optimised (the tokenizer's) keeps its code only when no test in it is new.
 */
export function scriptIndex(text: string): number {
  const plain = isPlain(text);
  const latin = isLatin(plain ? '' : text);
  return plain ? 0 : latin ? 1 : 2;
}

/** One pattern in its three forms; the Unicode one gets the `u` flag. */
export type ByScript = Readonly<Record<Script, RegExp>>;

/**
 * A pattern written over letter classes, in each form. The source must not depend on the `u` flag but
 * for its classes (no `/i`: under `/iu` two characters outside ASCII fold to ASCII letters).
 */
export function byScript(source: (c: LetterClasses) => string, flags = ''): ByScript {
  const [plain, latin, unicode] = CLASSES.map((c, i) => new RegExp(source(c), i === 2 ? `${flags}u` : flags));
  return { plain: plain!, latin: latin!, unicode: unicode! };
}

/** `test` by the form that fits the text. */
export const testByScript = (pattern: ByScript, text: string): boolean => pattern[scriptOf(text)].test(text);
