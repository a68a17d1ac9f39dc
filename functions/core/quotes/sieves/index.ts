import type { Sieve } from '../sieve.js';
import { colonLineSieve } from './colon-line.js';
import { continuationSieve } from './continuation.js';
import { dashLineSieve } from './dash-line.js';
import { headSieve } from './head.js';
import { neighbourSieve } from './neighbour.js';
import { subjectBeforeSieve } from './subject-before.js';
import { tailSieve } from './tail.js';

/**
 * The sieves in the order they run: the closest, most explicit evidence first (a cue verb touching
 * the quotation), then the layout of the text (a signature line, a colon line), then the other
 * quotations' speakers, and last the weaker readings of the sentence or paragraph before.
 */
export const SIEVES: readonly Sieve[] = [
  tailSieve,
  headSieve,
  dashLineSieve,
  colonLineSieve,
  neighbourSieve,
  continuationSieve,
  subjectBeforeSieve,
];
