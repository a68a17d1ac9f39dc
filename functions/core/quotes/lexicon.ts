/**
 * Word lists for attribution: cue verbs, roles, honorifics, pronouns, words that end a noun phrase or
 * a speaker phrase, link a cue or mark a noun. The lists are data (`data/*.txt`, compiled into
 * `word-lists.gen.ts` by `scripts/compile-quote-word-lists.ts`, with the two maps that tag a pronoun or
 * a title with its gender), all exported from here; this module adds the dash characters the sieves read.
 */
export * from './word-lists.gen.js';

// Punctuation, not vocabulary, so in no data file: the dashes, and what the tail sieve skips before a speaker phrase.
export const DASHES: ReadonlySet<string> = new Set(['—', '–', '-', '―', '‒', '−']);
export const LEADING_SKIP: ReadonlySet<string> = new Set([',', '—', '–', '-', '―', '‒', '(', ')', "'"]);
