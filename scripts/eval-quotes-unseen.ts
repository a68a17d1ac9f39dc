// Quote quality on test/fixtures/quotes-unseen/: fictional articles written for this project in Canadian
// and US outlet styles and labelled by hand before the finder ran on them, in batches (articles.jsonl,
// articles-2.jsonl, …; `BATCHES` below). Each batch was measured once, blind, on the code of its day. Some were
// then read to find general changes and are development data since (`read` below); the others stay measures,
// and their errors are not printed. Same CLI run and scoring as scripts/eval-quotes.ts, split by region and
// batch. `run()` returns a markdown section for scripts/eval.ts. Run alone:
//   node scripts/run-tsx.mjs scripts/eval-quotes-unseen.ts      (needs `npm run build`)
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pct, type Row, readRows, runCli, scoreLine } from './eval-quotes.js';
import {
  type GoldQuote,
  isVerifiable,
  matchPredictions,
  type PredictedQuote,
  predictedSpan,
  type Scores,
  scoreSet,
  speakerCorrect,
  wilson,
} from './quote-scorer.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'test/fixtures/quotes-unseen');
/** With this set, the errors of every batch are printed, the measures' too (reading them makes those batches development data). */
const ALL_ERRORS = process.env.QUOTES_UNSEEN_ERRORS === 'all';
type BatchKind = 'mix' | 'hard' | 'political' | 'long' | 'long-political';

/**
 * A batch of the set, in the order they were written; each was labelled and committed before it was first
 * measured. `kind`: a natural mix of attributions, hard cases, hard cases in political news, or long stories
 * quoting many people (750 to 950 words, five named speakers or more), of any kind or of political news. `first`: speaker
 * accuracy (Canadian, US) at that first, blind measurement, where it was recorded (batches 1 to 3 read 95–100%).
 * `read`: its errors were read after that measurement to find general changes, so it is development data since;
 * the batches not read are the measures. A batch read later changes `read` here and says so in its README section.
 */
interface Batch {
  batch: number;
  file: string;
  kind: BatchKind;
  first: readonly [number, number] | null;
  read: boolean;
  /**
   * Read only as part of one listing of every batch's errors at once (docs/quotes.md, "The errors of every batch
   * listed once"), not to find changes: a measure until then. The measures and these together are the fairer
   * figure of how the finder carries; the measures alone, from which the batches whose errors showed were taken,
   * read high since.
   */
  listed?: true;
}

const BATCHES: readonly Batch[] = [
  { batch: 1, file: 'articles.jsonl', kind: 'mix', first: null, read: false },
  { batch: 2, file: 'articles-2.jsonl', kind: 'mix', first: null, read: false },
  { batch: 3, file: 'articles-3.jsonl', kind: 'mix', first: null, read: false },
  { batch: 4, file: 'articles-4.jsonl', kind: 'hard', first: [79.6, 78.0], read: true },
  { batch: 5, file: 'articles-5.jsonl', kind: 'hard', first: [88.5, 91.8], read: false },
  { batch: 6, file: 'articles-6.jsonl', kind: 'mix', first: [92.9, 93.3], read: true },
  { batch: 7, file: 'articles-7.jsonl', kind: 'mix', first: [100, 100], read: false },
  { batch: 8, file: 'articles-8.jsonl', kind: 'hard', first: [92.2, 89.6], read: true },
  { batch: 9, file: 'articles-9.jsonl', kind: 'hard', first: [91.8, 86.8], read: true },
  { batch: 10, file: 'articles-10.jsonl', kind: 'hard', first: [80.0, 95.9], read: true },
  { batch: 11, file: 'articles-11.jsonl', kind: 'hard', first: [72.9, 83.0], read: true },
  { batch: 12, file: 'articles-12.jsonl', kind: 'mix', first: [93.6, 100], read: true },
  { batch: 13, file: 'articles-13.jsonl', kind: 'hard', first: [82.6, 82.0], read: true },
  { batch: 14, file: 'articles-14.jsonl', kind: 'mix', first: [100, 100], read: false },
  { batch: 15, file: 'articles-15.jsonl', kind: 'hard', first: [93.5, 82.6], read: true },
  { batch: 16, file: 'articles-16.jsonl', kind: 'hard', first: [88.2, 93.9], read: true },
  { batch: 17, file: 'articles-17.jsonl', kind: 'political', first: [92.2, 92.3], read: true },
  { batch: 18, file: 'articles-18.jsonl', kind: 'hard', first: [83.0, 88.7], read: true },
  { batch: 19, file: 'articles-19.jsonl', kind: 'mix', first: [97.8, 100], read: true, listed: true },
  { batch: 20, file: 'articles-20.jsonl', kind: 'hard', first: [93.9, 93.9], read: false },
  { batch: 21, file: 'articles-21.jsonl', kind: 'political', first: [92.0, 88.5], read: false },
  { batch: 22, file: 'articles-22.jsonl', kind: 'hard', first: [89.4, 91.7], read: true },
  { batch: 23, file: 'articles-23.jsonl', kind: 'mix', first: [100, 100], read: false },
  { batch: 24, file: 'articles-24.jsonl', kind: 'hard', first: [96.0, 94.1], read: true },
  { batch: 25, file: 'articles-25.jsonl', kind: 'political', first: [92.3, 98.2], read: true },
  { batch: 26, file: 'articles-26.jsonl', kind: 'hard', first: [90.6, 100], read: true },
  { batch: 27, file: 'articles-27.jsonl', kind: 'political', first: [96.0, 98.0], read: true },
  { batch: 28, file: 'articles-28.jsonl', kind: 'hard', first: [98.0, 95.9], read: true },
  { batch: 29, file: 'articles-29.jsonl', kind: 'political', first: [84.0, 93.9], read: true },
  { batch: 30, file: 'articles-30.jsonl', kind: 'hard', first: [95.8, 97.9], read: true },
  { batch: 31, file: 'articles-31.jsonl', kind: 'political', first: [96.1, 98.0], read: false },
  { batch: 32, file: 'articles-32.jsonl', kind: 'hard', first: [87.2, 97.8], read: true },
  { batch: 33, file: 'articles-33.jsonl', kind: 'hard', first: [90.0, 91.3], read: true, listed: true },
  { batch: 34, file: 'articles-34.jsonl', kind: 'hard', first: [90.4, 91.5], read: true },
  { batch: 35, file: 'articles-35.jsonl', kind: 'hard', first: [94.0, 96.0], read: true, listed: true },
  { batch: 36, file: 'articles-36.jsonl', kind: 'hard', first: [100.0, 91.7], read: true },
  { batch: 37, file: 'articles-37.jsonl', kind: 'hard', first: [100.0, 96.1], read: true, listed: true },
  { batch: 38, file: 'articles-38.jsonl', kind: 'hard', first: [93.9, 95.8], read: true },
  { batch: 39, file: 'articles-39.jsonl', kind: 'hard', first: [95.5, 95.7], read: false },
  { batch: 40, file: 'articles-40.jsonl', kind: 'hard', first: [93.8, 95.7], read: true },
  { batch: 41, file: 'articles-41.jsonl', kind: 'hard', first: [94.3, 98.0], read: true, listed: true },
  { batch: 42, file: 'articles-42.jsonl', kind: 'hard', first: [96.2, 94.0], read: true },
  { batch: 43, file: 'articles-43.jsonl', kind: 'hard', first: [96.1, 100.0], read: true },
  { batch: 44, file: 'articles-44.jsonl', kind: 'hard', first: [100.0, 100.0], read: false },
  { batch: 45, file: 'articles-45.jsonl', kind: 'hard', first: [100.0, 98.1], read: false },
  { batch: 46, file: 'articles-46.jsonl', kind: 'hard', first: [96.4, 92.9], read: true },
  { batch: 47, file: 'articles-47.jsonl', kind: 'hard', first: [97.9, 98.0], read: true, listed: true },
  { batch: 48, file: 'articles-48.jsonl', kind: 'hard', first: [100.0, 94.2], read: false },
  { batch: 49, file: 'articles-49.jsonl', kind: 'hard', first: [92.3, 100.0], read: true },
  { batch: 50, file: 'articles-50.jsonl', kind: 'hard', first: [93.1, 92.6], read: true },
  { batch: 51, file: 'articles-51.jsonl', kind: 'hard', first: [96.1, 100.0], read: false },
  { batch: 52, file: 'articles-52.jsonl', kind: 'hard', first: [94.0, 100.0], read: true },
  { batch: 53, file: 'articles-53.jsonl', kind: 'hard', first: [94.0, 100.0], read: false },
  { batch: 54, file: 'articles-54.jsonl', kind: 'hard', first: [100.0, 100.0], read: false },
  { batch: 55, file: 'articles-55.jsonl', kind: 'hard', first: [96.1, 100.0], read: true, listed: true },
  { batch: 56, file: 'articles-56.jsonl', kind: 'hard', first: [100.0, 93.9], read: true, listed: true },
  { batch: 57, file: 'articles-57.jsonl', kind: 'hard', first: [100.0, 100.0], read: false },
  { batch: 58, file: 'articles-58.jsonl', kind: 'hard', first: [100.0, 96.1], read: true, listed: true },
  { batch: 59, file: 'articles-59.jsonl', kind: 'hard', first: [98.0, 98.1], read: true, listed: true },
  { batch: 60, file: 'articles-60.jsonl', kind: 'hard', first: [94.1, 93.6], read: true },
  { batch: 61, file: 'articles-61.jsonl', kind: 'hard', first: [92.2, 93.8], read: true },
  { batch: 62, file: 'articles-62.jsonl', kind: 'hard', first: [94.0, 100.0], read: true },
  { batch: 63, file: 'articles-63.jsonl', kind: 'hard', first: [95.9, 96.2], read: true, listed: true },
  { batch: 64, file: 'articles-64.jsonl', kind: 'hard', first: [96.1, 94.1], read: true, listed: true },
  { batch: 65, file: 'articles-65.jsonl', kind: 'hard', first: [93.8, 100.0], read: true },
  { batch: 66, file: 'articles-66.jsonl', kind: 'hard', first: [100.0, 97.8], read: true, listed: true },
  { batch: 67, file: 'articles-67.jsonl', kind: 'hard', first: [100.0, 93.6], read: true, listed: true },
  { batch: 68, file: 'articles-68.jsonl', kind: 'hard', first: [97.9, 93.2], read: true },
  { batch: 69, file: 'articles-69.jsonl', kind: 'hard', first: [92.3, 96.0], read: true },
  { batch: 70, file: 'articles-70.jsonl', kind: 'hard', first: [96.1, 100.0], read: false },
  { batch: 71, file: 'articles-71.jsonl', kind: 'hard', first: [100.0, 97.9], read: false },
  { batch: 72, file: 'articles-72.jsonl', kind: 'hard', first: [92.2, 95.8], read: false },
  { batch: 73, file: 'articles-73.jsonl', kind: 'hard', first: [87.8, 100.0], read: true },
  { batch: 74, file: 'articles-74.jsonl', kind: 'hard', first: [100.0, 100.0], read: false },
  { batch: 75, file: 'articles-75.jsonl', kind: 'hard', first: [100.0, 98.0], read: false },
  { batch: 76, file: 'articles-76.jsonl', kind: 'hard', first: [91.7, 100.0], read: true },
  { batch: 77, file: 'articles-77.jsonl', kind: 'hard', first: [100.0, 100.0], read: false },
  { batch: 78, file: 'articles-78.jsonl', kind: 'hard', first: [100.0, 95.8], read: false },
  { batch: 79, file: 'articles-79.jsonl', kind: 'hard', first: [100.0, 95.7], read: false },
  { batch: 80, file: 'articles-80.jsonl', kind: 'hard', first: [100.0, 100.0], read: false },
  { batch: 81, file: 'articles-81.jsonl', kind: 'hard', first: [95.8, 95.8], read: true },
  { batch: 82, file: 'articles-82.jsonl', kind: 'hard', first: [94.1, 91.8], read: true },
  { batch: 83, file: 'articles-83.jsonl', kind: 'hard', first: [100.0, 100.0], read: false },
  { batch: 84, file: 'articles-84.jsonl', kind: 'hard', first: [100.0, 100.0], read: false },
  { batch: 85, file: 'articles-85.jsonl', kind: 'hard', first: [93.5, 97.9], read: false },
  { batch: 86, file: 'articles-86.jsonl', kind: 'hard', first: [100.0, 98.0], read: false },
  { batch: 87, file: 'articles-87.jsonl', kind: 'hard', first: [100.0, 98.0], read: false },
  { batch: 88, file: 'articles-88.jsonl', kind: 'hard', first: [98.0, 98.0], read: false },
  { batch: 89, file: 'articles-89.jsonl', kind: 'hard', first: [100.0, 100.0], read: false },
  { batch: 90, file: 'articles-90.jsonl', kind: 'long', first: [96.2, 98.0], read: true, listed: true },
  { batch: 91, file: 'articles-91.jsonl', kind: 'long', first: [98.1, 94.2], read: true },
  { batch: 92, file: 'articles-92.jsonl', kind: 'long', first: [96.1, 100.0], read: false },
  { batch: 93, file: 'articles-93.jsonl', kind: 'long', first: [98.1, 94.2], read: false },
  { batch: 94, file: 'articles-94.jsonl', kind: 'long', first: [98.1, 98.0], read: false },
  { batch: 95, file: 'articles-95.jsonl', kind: 'long', first: [100.0, 100.0], read: false },
  { batch: 96, file: 'articles-96.jsonl', kind: 'long', first: [96.0, 100.0], read: true },
  { batch: 97, file: 'articles-97.jsonl', kind: 'long', first: [98.1, 98.1], read: false },
  { batch: 98, file: 'articles-98.jsonl', kind: 'long-political', first: [100.0, 95.8], read: false },
  { batch: 99, file: 'articles-99.jsonl', kind: 'long-political', first: [100.0, 100.0], read: false },
  { batch: 100, file: 'articles-100.jsonl', kind: 'long-political', first: [98.0, 100.0], read: false },
  { batch: 101, file: 'articles-101.jsonl', kind: 'long-political', first: [94.2, 96.0], read: true },
  { batch: 102, file: 'articles-102.jsonl', kind: 'long', first: [92.2, 94.2], read: true },
  { batch: 103, file: 'articles-103.jsonl', kind: 'long', first: [98.1, 94.0], read: true, listed: true },
  { batch: 104, file: 'articles-104.jsonl', kind: 'long', first: [100.0, 100.0], read: false },
  { batch: 105, file: 'articles-105.jsonl', kind: 'long', first: [96.1, 98.1], read: true, listed: true },
  {
    batch: 106,
    file: 'articles-106.jsonl',
    kind: 'long-political',
    first: [100.0, 98.0],
    read: true,
    listed: true,
  },
  { batch: 107, file: 'articles-107.jsonl', kind: 'long-political', first: [100.0, 100.0], read: true },
  { batch: 108, file: 'articles-108.jsonl', kind: 'long-political', first: [100.0, 95.9], read: true },
  { batch: 109, file: 'articles-109.jsonl', kind: 'long-political', first: [98.0, 100.0], read: false },
  { batch: 110, file: 'articles-110.jsonl', kind: 'long', first: [96.1, 96.2], read: true, listed: true },
  { batch: 111, file: 'articles-111.jsonl', kind: 'long', first: [100.0, 100.0], read: false },
  { batch: 112, file: 'articles-112.jsonl', kind: 'long', first: [98.0, 100.0], read: true, listed: true },
  { batch: 113, file: 'articles-113.jsonl', kind: 'long', first: [94.2, 98.0], read: true },
  { batch: 114, file: 'articles-114.jsonl', kind: 'mix', first: [98.0, 91.8], read: true },
  { batch: 115, file: 'articles-115.jsonl', kind: 'mix', first: [98.0, 100.0], read: true, listed: true },
  { batch: 116, file: 'articles-116.jsonl', kind: 'mix', first: [95.9, 98.0], read: true, listed: true },
  { batch: 117, file: 'articles-117.jsonl', kind: 'mix', first: [96.0, 95.9], read: true, listed: true },
  { batch: 118, file: 'articles-118.jsonl', kind: 'mix', first: [95.9, 98.0], read: true, listed: true },
  { batch: 119, file: 'articles-119.jsonl', kind: 'mix', first: [96.1, 95.8], read: true },
  { batch: 120, file: 'articles-120.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
  { batch: 121, file: 'articles-121.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
  { batch: 122, file: 'articles-122.jsonl', kind: 'long', first: [98.0, 96.0], read: true, listed: true },
  { batch: 123, file: 'articles-123.jsonl', kind: 'long', first: [100.0, 88.0], read: true },
  { batch: 124, file: 'articles-124.jsonl', kind: 'long', first: [92.2, 100.0], read: false },
  { batch: 125, file: 'articles-125.jsonl', kind: 'long', first: [100.0, 100.0], read: false },
  { batch: 126, file: 'articles-126.jsonl', kind: 'mix', first: [90.0, 95.7], read: true },
  { batch: 127, file: 'articles-127.jsonl', kind: 'mix', first: [95.7, 100.0], read: false },
  { batch: 128, file: 'articles-128.jsonl', kind: 'mix', first: [100.0, 95.3], read: true, listed: true },
  { batch: 129, file: 'articles-129.jsonl', kind: 'mix', first: [94.0, 95.9], read: true, listed: true },
  { batch: 130, file: 'articles-130.jsonl', kind: 'mix', first: [98.0, 97.9], read: true },
  { batch: 131, file: 'articles-131.jsonl', kind: 'mix', first: [98.0, 100.0], read: true },
  { batch: 132, file: 'articles-132.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
  { batch: 133, file: 'articles-133.jsonl', kind: 'mix', first: [100.0, 91.5], read: true },
  { batch: 134, file: 'articles-134.jsonl', kind: 'long', first: [100.0, 100.0], read: false },
  { batch: 135, file: 'articles-135.jsonl', kind: 'long', first: [100.0, 98.0], read: true, listed: true },
  { batch: 136, file: 'articles-136.jsonl', kind: 'long', first: [100.0, 97.9], read: false },
  { batch: 137, file: 'articles-137.jsonl', kind: 'long', first: [100.0, 100.0], read: false },
  { batch: 138, file: 'articles-138.jsonl', kind: 'mix', first: [98.0, 98.0], read: true, listed: true },
  { batch: 139, file: 'articles-139.jsonl', kind: 'mix', first: [97.8, 97.7], read: true, listed: true },
  { batch: 140, file: 'articles-140.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
  { batch: 141, file: 'articles-141.jsonl', kind: 'mix', first: [97.9, 100.0], read: true, listed: true },
  { batch: 142, file: 'articles-142.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
  { batch: 143, file: 'articles-143.jsonl', kind: 'mix', first: [97.7, 100.0], read: true, listed: true },
  { batch: 144, file: 'articles-144.jsonl', kind: 'mix', first: [97.9, 100.0], read: false },
  { batch: 145, file: 'articles-145.jsonl', kind: 'mix', first: [93.8, 100.0], read: true },
  { batch: 146, file: 'articles-146.jsonl', kind: 'long', first: [95.9, 100.0], read: true, listed: true },
  { batch: 147, file: 'articles-147.jsonl', kind: 'long', first: [97.9, 100.0], read: true, listed: true },
  { batch: 148, file: 'articles-148.jsonl', kind: 'long', first: [95.8, 95.7], read: true },
  { batch: 149, file: 'articles-149.jsonl', kind: 'long', first: [100.0, 100.0], read: false },
  { batch: 150, file: 'articles-150.jsonl', kind: 'mix', first: [100.0, 97.9], read: true, listed: true },
  { batch: 151, file: 'articles-151.jsonl', kind: 'mix', first: [97.9, 97.8], read: true, listed: true },
  { batch: 152, file: 'articles-152.jsonl', kind: 'mix', first: [97.9, 97.7], read: true, listed: true },
  { batch: 153, file: 'articles-153.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
  { batch: 154, file: 'articles-154.jsonl', kind: 'long', first: [97.9, 95.7], read: true },
  { batch: 155, file: 'articles-155.jsonl', kind: 'long', first: [100.0, 95.8], read: true },
  { batch: 156, file: 'articles-156.jsonl', kind: 'long', first: [97.9, 97.8], read: false },
  { batch: 157, file: 'articles-157.jsonl', kind: 'long', first: [100.0, 100.0], read: false },
  { batch: 158, file: 'articles-158.jsonl', kind: 'mix', first: [97.9, 100.0], read: true },
  { batch: 159, file: 'articles-159.jsonl', kind: 'mix', first: [95.7, 100.0], read: true },
  { batch: 160, file: 'articles-160.jsonl', kind: 'mix', first: [95.7, 100.0], read: true },
  { batch: 161, file: 'articles-161.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
  { batch: 162, file: 'articles-162.jsonl', kind: 'long', first: [100.0, 98.0], read: false },
  { batch: 163, file: 'articles-163.jsonl', kind: 'long', first: [100.0, 100.0], read: false },
  { batch: 164, file: 'articles-164.jsonl', kind: 'long', first: [100.0, 100.0], read: false },
  { batch: 165, file: 'articles-165.jsonl', kind: 'long', first: [98.0, 97.9], read: true },
  { batch: 166, file: 'articles-166.jsonl', kind: 'mix', first: [95.8, 100.0], read: true },
  { batch: 167, file: 'articles-167.jsonl', kind: 'mix', first: [97.8, 100.0], read: false },
  { batch: 168, file: 'articles-168.jsonl', kind: 'mix', first: [100.0, 98.0], read: false },
  { batch: 169, file: 'articles-169.jsonl', kind: 'mix', first: [100.0, 97.9], read: false },
  { batch: 170, file: 'articles-170.jsonl', kind: 'long', first: [100.0, 96.0], read: true },
  { batch: 171, file: 'articles-171.jsonl', kind: 'long', first: [98.0, 100.0], read: false },
  { batch: 172, file: 'articles-172.jsonl', kind: 'long', first: [100.0, 100.0], read: false },
  { batch: 173, file: 'articles-173.jsonl', kind: 'long', first: [100.0, 100.0], read: false },
  { batch: 174, file: 'articles-174.jsonl', kind: 'mix', first: [95.8, 97.8], read: false },
  { batch: 175, file: 'articles-175.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
  { batch: 176, file: 'articles-176.jsonl', kind: 'mix', first: [100.0, 96.2], read: false },
  { batch: 177, file: 'articles-177.jsonl', kind: 'mix', first: [100.0, 98.1], read: false },
  { batch: 178, file: 'articles-178.jsonl', kind: 'mix', first: [100.0, 96.0], read: false },
  { batch: 179, file: 'articles-179.jsonl', kind: 'mix', first: [97.8, 100.0], read: false },
  { batch: 180, file: 'articles-180.jsonl', kind: 'mix', first: [98.1, 95.8], read: false },
  { batch: 181, file: 'articles-181.jsonl', kind: 'mix', first: [95.8, 97.8], read: false },
  { batch: 182, file: 'articles-182.jsonl', kind: 'mix', first: [100.0, 97.8], read: false },
  { batch: 183, file: 'articles-183.jsonl', kind: 'mix', first: [100.0, 98.0], read: true },
  { batch: 184, file: 'articles-184.jsonl', kind: 'mix', first: [95.7, 100.0], read: false },
  { batch: 185, file: 'articles-185.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
  { batch: 186, file: 'articles-186.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
  { batch: 187, file: 'articles-187.jsonl', kind: 'mix', first: [97.7, 97.8], read: true },
  { batch: 188, file: 'articles-188.jsonl', kind: 'mix', first: [98.0, 100.0], read: false },
  { batch: 189, file: 'articles-189.jsonl', kind: 'mix', first: [97.9, 100.0], read: false },
  { batch: 190, file: 'articles-190.jsonl', kind: 'mix', first: [87.2, 100.0], read: true },
  { batch: 191, file: 'articles-191.jsonl', kind: 'mix', first: [97.8, 95.7], read: true },
  { batch: 192, file: 'articles-192.jsonl', kind: 'mix', first: [97.9, 97.9], read: true },
  { batch: 193, file: 'articles-193.jsonl', kind: 'mix', first: [95.3, 100.0], read: true },
  { batch: 194, file: 'articles-194.jsonl', kind: 'mix', first: [96.0, 100.0], read: false },
  { batch: 195, file: 'articles-195.jsonl', kind: 'mix', first: [93.3, 100.0], read: false },
  { batch: 196, file: 'articles-196.jsonl', kind: 'mix', first: [93.5, 100.0], read: false },
  { batch: 197, file: 'articles-197.jsonl', kind: 'mix', first: [97.8, 100.0], read: false },
  { batch: 198, file: 'articles-198.jsonl', kind: 'mix', first: [100.0, 95.7], read: false },
  { batch: 199, file: 'articles-199.jsonl', kind: 'mix', first: [100.0, 91.7], read: false },
  { batch: 200, file: 'articles-200.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
  { batch: 201, file: 'articles-201.jsonl', kind: 'mix', first: [100.0, 97.8], read: false },
  { batch: 202, file: 'articles-202.jsonl', kind: 'mix', first: [95.7, 100.0], read: false },
  { batch: 203, file: 'articles-203.jsonl', kind: 'mix', first: [95.5, 100.0], read: false },
  { batch: 204, file: 'articles-204.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
  { batch: 205, file: 'articles-205.jsonl', kind: 'mix', first: [100.0, 100.0], read: false },
];

/** The batches that are still measures: their errors are counted, never listed (scripts/quote-changes.ts hides them too). */
export const MEASURE_BATCHES: ReadonlySet<number> = new Set(
  BATCHES.filter((b) => !b.read).map((b) => b.batch),
);

interface UnseenRow extends Row {
  region: 'ca' | 'us';
  outlet_style: string;
}

interface Item {
  id: string;
  region: 'ca' | 'us';
  batch: number;
  source: string;
  gold: GoldQuote[];
  predicted: PredictedQuote[];
}

interface GroupScores {
  label: string;
  articles: number;
  /** Matched direct quotes whose gold speaker can be checked, at overlap 0.3. */
  speakers: number;
  at03: Scores;
  at08: Scores;
}

export interface UnseenEval {
  groups: GroupScores[];
  /** The errors of the development batches (of all with `QUOTES_UNSEEN_ERRORS=all`). */
  errors: string[];
  /** How many errors of the measure batches were counted and not printed. */
  unprinted: number;
  /** Per region, over the measure batches alone (never read). */
  measures: GroupScores[];
  /** Per region, over the measures and the batches read only in the one listing (`listed`): how the finder carries. */
  measuresAndListed: GroupScores[];
  batchMs: number;
  /** Quotations of sources left unnamed (gold: he, she or they, no name): what the finder names them. */
  unnamed: UnnamedSources;
  /** Speakers of the quoted fragments inside paraphrases (gold kind mixed), development and measure batches apart. */
  mixed: { read: MixedSpeakers; measure: MixedSpeakers };
  /** The batches found (later batches are absent from older checkouts). */
  batches: readonly Batch[];
}

interface UnnamedSources {
  quotations: number;
  /** Given to a person by name: a misattribution the speaker accuracy cannot see (the gold names no one). */
  named: number;
  /** Given to a description ("One day care operator"). */
  described: number;
  none: number;
}

/** A speaker that is a description, not a name: it opens with an article or a count ("A nurse", "One trustee"). */
const DESCRIPTION_RE = /^(?:an?|one|another|the|some|two|three|several)\b/iu;

/**
 * The direct quotations whose gold speaker is a pronoun with no name behind it (an anonymous source: "One
 * trustee, who asked not to be named, said …" ⏎ "“…,” she said."), and what the finder gave each. The speaker
 * accuracy leaves them out (nothing to check them against), so a finder that hands them to the last person named
 * loses nothing there: this count shows it.
 */
function unnamedSources(items: readonly Item[]): UnnamedSources {
  const out: UnnamedSources = { quotations: 0, named: 0, described: 0, none: 0 };
  for (const it of items)
    for (const [p, g] of matchPredictions(it.source, it.gold, it.predicted, 0.3)) {
      if (g.kind !== 'direct' || g.speakerResolved || !/^(?:he|she|they)$/iu.test(g.speaker ?? '')) continue;
      const speaker = it.predicted[p]!.speaker;
      out.quotations++;
      if (!speaker) out.none++;
      else if (DESCRIPTION_RE.test(speaker)) out.described++;
      else out.named++;
    }
  return out;
}

interface MixedSpeakers {
  /** Mixed gold quotations; the ones the finder returns (overlap 0.3) with a checkable speaker; of those, right. */
  gold: number;
  checkable: number;
  right: number;
}

/**
 * The speakers of the quoted fragments inside paraphrases (`She said the plan was "a promise with no money"`), which
 * the direct scores leave out: each mixed gold quotation matched to what the finder returns as if it were direct.
 */
function mixedSpeakers(items: readonly Item[]): MixedSpeakers {
  const fragments = items.map((it) => ({
    ...it,
    gold: it.gold.filter((g) => g.kind === 'mixed').map((g) => ({ ...g, kind: 'direct' })),
  }));
  const { counts } = scoreSet(fragments, 0.3);
  return { gold: counts.tp + counts.fn, checkable: counts.verifiable, right: counts.speakerCorrect };
}

/** A measure, or a batch read only in the one listing of every batch's errors (`listed`). */
function measuredOrListed(batch: number): boolean {
  const b = BATCHES.find((x) => x.batch === batch);
  return b !== undefined && (!b.read || b.listed === true);
}

function group(label: string, items: readonly Item[]): GroupScores {
  const at03 = scoreSet(items, 0.3);
  return {
    label,
    articles: items.length,
    speakers: at03.counts.verifiable,
    at03,
    at08: scoreSet(items, 0.8),
  };
}

const KIND_NAMES: Record<BatchKind, string> = {
  mix: 'natural mix',
  hard: 'hard cases',
  political: 'hard cases, political news',
  long: 'long stories, many speakers',
  'long-political': 'long stories, political news, many speakers',
};

const REGIONS = [
  { region: 'ca', label: 'Canadian styles' },
  { region: 'us', label: 'US political styles' },
] as const;

/** Per region and batch, per region over all batches, and everything. */
function groupsOf(items: readonly Item[], batches: readonly number[]): GroupScores[] {
  const out: GroupScores[] = [];
  if (batches.length > 1)
    for (const b of batches)
      for (const { region, label } of REGIONS)
        out.push(
          group(
            `${label}, batch ${b}`,
            items.filter((i) => i.region === region && i.batch === b),
          ),
        );
  for (const { region, label } of REGIONS)
    out.push(
      group(
        batches.length > 1 ? `${label}, all batches` : label,
        items.filter((i) => i.region === region),
      ),
    );
  out.push(group('all', items));
  return out;
}

const head = (t: string) => (t.length > 60 ? `${t.slice(0, 57)}…` : t).replace(/\s+/gu, ' ');
const goldName = (g: GoldQuote) => g.speakerResolved ?? g.speaker ?? '—';

/** One line per wrong or missing speaker, missed quote and false positive, at overlap 0.3. */
function errorsOf(it: Item): string[] {
  const matched = matchPredictions(it.source, it.gold, it.predicted, 0.3);
  const out: string[] = [];
  for (const [p, g] of matched) {
    const q = it.predicted[p]!;
    if (isVerifiable(g) && !speakerCorrect(q.speaker, g))
      out.push(
        `| ${it.id} | speaker | ${head(g.text)} | ${goldName(g)} (“${g.speaker}”) | ${q.speaker ?? 'none'} |`,
      );
  }
  const taken = new Set(matched.values());
  for (const g of it.gold)
    if (g.kind === 'direct' && !taken.has(g))
      out.push(`| ${it.id} | missed | ${head(g.text)} | ${goldName(g)} | |`);
  it.predicted.forEach((q, p) => {
    if (matched.has(p)) return;
    const s = predictedSpan(it.source, q);
    const inMixed = s && it.gold.some((g) => g.kind === 'mixed' && insideHalf(s, g));
    out.push(
      `| ${it.id} | ${inMixed ? 'neutral (in a mixed quote)' : 'false positive'} | ${head(q.text)} | | ${q.speaker ?? 'none'} |`,
    );
  });
  return out;
}

function insideHalf(s: { start: number; end: number }, g: GoldQuote): boolean {
  return 2 * Math.max(0, Math.min(s.end, g.end) - Math.max(s.start, g.start)) >= s.end - s.start;
}

export function evaluate(): UnseenEval {
  const batches = BATCHES.filter((b) => existsSync(join(FIXTURES, b.file)));
  const items: Item[] = [];
  let batchMs = 0;
  for (const { batch, file } of batches) {
    const rows = readRows(join(FIXTURES, file)) as UnseenRow[];
    const { outputs, ms } = runCli(rows);
    batchMs += ms;
    for (const r of rows)
      items.push({
        id: r.id,
        region: r.region,
        batch,
        source: r.text,
        gold: r.quotes,
        predicted: outputs.get(r.id)?.allQuotes ?? [],
      });
  }
  return {
    groups: groupsOf(
      items,
      batches.map((b) => b.batch),
    ),
    errors: items.filter((it) => ALL_ERRORS || !MEASURE_BATCHES.has(it.batch)).flatMap(errorsOf),
    unprinted: ALL_ERRORS ? 0 : items.filter((it) => MEASURE_BATCHES.has(it.batch)).flatMap(errorsOf).length,
    measures: REGIONS.map(({ region, label }) =>
      group(
        `${label}, measure batches`,
        items.filter((i) => i.region === region && MEASURE_BATCHES.has(i.batch)),
      ),
    ),
    measuresAndListed: REGIONS.map(({ region, label }) =>
      group(
        `${label}, measure and listed batches`,
        items.filter((i) => i.region === region && measuredOrListed(i.batch)),
      ),
    ),
    batchMs,
    unnamed: unnamedSources(items),
    mixed: {
      read: mixedSpeakers(items.filter((i) => !MEASURE_BATCHES.has(i.batch))),
      measure: mixedSpeakers(items.filter((i) => MEASURE_BATCHES.has(i.batch))),
    },
    batches,
  };
}

export function toMarkdown(e: UnseenEval): string {
  const rows = [...e.groups, ...e.measures, ...e.measuresAndListed].flatMap((g) => [
    scoreLine(`${g.label} (${g.articles}), 0.3`, g.at03),
    scoreLine(`${g.label} (${g.articles}), 0.8`, g.at08),
  ]);
  const whole = e.groups.slice(-3);
  const [ca, us, all] = [whole[0]!, whole[1]!, whole[2]!];
  const step = (g: GroupScores) => (100 / Math.max(1, g.speakers)).toFixed(2);
  const interval = (g: GroupScores) => {
    const [lo, hi] = wilson(g.at03.counts.speakerCorrect, g.speakers);
    return `${g.at03.counts.speakerCorrect} of ${g.speakers}; 95% Wilson interval ${lo.toFixed(1)}–${hi.toFixed(1)}`;
  };
  return [
    '## Quotes on our own unseen-style articles',
    '',
    `${all.articles} fictional articles written for this project in the styles of Canadian and US outlets (\`test/fixtures/quotes-unseen/\`, see its README), in ${e.batches.length} batches, each labelled by hand and committed before the finder first ran on it, and measured once, blind, on the code of its day: from batch 3 on by writers who saw none of the finder's code, documentation or outputs. Batches whose errors were read after that measurement, to find general changes, are development data since; the others are the measures, and their errors are not listed here. Through \`digest summarize --jsonl\` (the built CLI), scored on \`allQuotes\`, direct quotes, with the rules of \`scripts/quote-scorer.ts\` as for PolNeAR dev.`,
    '',
    '| batch | kind | first, blind measurement: speaker accuracy, Canadian / US | errors read (development data) |',
    '|---|---|---|---|',
    ...e.batches.map(
      (b) =>
        `| ${b.batch} | ${KIND_NAMES[b.kind]} | ${b.first ? `${b.first[0].toFixed(1)} / ${b.first[1].toFixed(1)}` : '95–100 (not recorded per region)'} | ${b.read ? 'yes' : 'no: a measure'} |`,
    ),
    '',
    '| set, overlap | P | R | F1 | speaker acc. | end-to-end F1 | TP / FP / FN / neutral |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Targets: speaker accuracy ≥ 90 on US political news (measured ${pct(us.at03.speakerAccuracy)} at 0.3 over all batches, ${interval(us)}) and ≥ 86.5 on Canadian news (measured ${pct(ca.at03.speakerAccuracy)}, ${interval(ca)}); F1 ≥ 97 at 0.3 and ≥ 95 at 0.8. With ${ca.speakers} and ${us.speakers} checkable speakers, one quote moves a regional figure by ${step(ca)} and ${step(us)} points. Batch wall time ${(e.batchMs / 1000).toFixed(2)} s.`,
    '',
    `Over the measure batches alone (${e.measures[0]!.articles + e.measures[1]!.articles} articles whose errors were never read): Canadian ${pct(e.measures[0]!.at03.speakerAccuracy)} (${interval(e.measures[0]!)}), US ${pct(e.measures[1]!.at03.speakerAccuracy)} (${interval(e.measures[1]!)}). These read high: the ${BATCHES.filter((b) => b.listed).length} batches whose errors showed when every batch's errors were listed once were taken out of them, and those are the batches with more errors. The fairer figure of how the finder carries to news it was not tuned on is over the measures and those listed batches together (${e.measuresAndListed[0]!.articles + e.measuresAndListed[1]!.articles} articles): Canadian ${pct(e.measuresAndListed[0]!.at03.speakerAccuracy)} (${interval(e.measuresAndListed[0]!)}), US ${pct(e.measuresAndListed[1]!.at03.speakerAccuracy)} (${interval(e.measuresAndListed[1]!)}).`,
    '',
    `Quoted fragments inside paraphrases (gold kind \`mixed\`, which the scores above leave out), matched as if direct at overlap 0.3: in the development batches ${mixedLine(e.mixed.read)}; in the measure batches ${mixedLine(e.mixed.measure)}.`,
    '',
    `Sources left unnamed: of the ${e.unnamed.quotations} direct quotations whose gold speaker is "he", "she" or "they" with no name behind it (an anonymous source), the finder gives ${e.unnamed.named} to a person by name (a misattribution the speaker accuracy cannot count), ${e.unnamed.described} to a description of the source ("One day care operator") and ${e.unnamed.none} to no one.`,
    '',
    ALL_ERRORS ? '### Errors at overlap 0.3, every batch' : '### Errors at overlap 0.3, development batches',
    '',
    ...(e.unprinted > 0
      ? [
          `${e.unprinted} errors of the measure batches are counted above and not listed, so that the batches stay measures (\`QUOTES_UNSEEN_ERRORS=all\` lists them; whoever reads them marks those batches \`read\` in scripts/eval-quotes-unseen.ts).`,
          '',
        ]
      : []),
    '| article | error | quote | gold speaker (surface) | predicted speaker |',
    '|---|---|---|---|---|',
    ...(e.errors.length ? e.errors : ['| – | none | | | |']),
  ].join('\n');
}

const mixedLine = (m: MixedSpeakers): string => {
  const [lo, hi] = wilson(m.right, m.checkable);
  return `${m.gold} fragments, ${m.checkable} found with a checkable speaker, speaker accuracy ${pct(m.right / m.checkable)} (${m.right} of ${m.checkable}; 95% Wilson interval ${lo.toFixed(1)}–${hi.toFixed(1)})`;
};

export async function run(): Promise<string> {
  return toMarkdown(evaluate());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${toMarkdown(evaluate())}\n`);
}
