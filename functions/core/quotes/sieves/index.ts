import type { Sieve } from '../sieve.js';
import { colonLineSieve } from './colon-line.js';
import { continuationSieve } from './continuation.js';
import { headSieve } from './head.js';
import { neighbourSieve } from './neighbour.js';
import { reportedSieve } from './reported.js';
import { subjectBeforeSieve } from './subject-before.js';
import { tailSieve } from './tail.js';

/**
 * The sieves in the order they run: the most explicit evidence first (a quoted fragment inside a clause that
 * reports someone's words with "that" is that someone's, whatever a cue after it says; then a cue verb touching
 * the quotation), then the layout of the text (a colon line), then the other
 * quotations' speakers, and last the weaker readings of the sentence or paragraph before.
 */
export const SIEVES: readonly Sieve[] = [
  reportedSieve,
  tailSieve,
  headSieve,
  colonLineSieve,
  neighbourSieve,
  continuationSieve,
  subjectBeforeSieve,
];
