/**
 * The hand-labelled unseen-style quote sets are well formed: every quote's offsets slice to its text,
 * `kind` follows the PolNeAR rule, ids are unique across all batches and regions are known.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Quote {
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  speakerResolved: string | null;
  kind: string;
}

interface Article {
  id: string;
  outlet_style: string;
  region: string;
  batch?: number;
  text: string;
  quotes: Quote[];
}

const DIR = join(import.meta.dirname, '..', 'fixtures', 'quotes-unseen');

function load(file: string): Article[] {
  return readFileSync(join(DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Article);
}

function kindOf(text: string): string {
  const t = text.trim();
  if (t.startsWith('"') || t.startsWith('“')) return 'direct';
  return /["“”]/u.test(t) ? 'mixed' : 'indirect';
}

/** Direct quotes an article may carry at most: the writers' brief asks for 8 to 11 quotations, most of them direct. */
const DIRECT_MAX = 11;
/** The long stories of batches 90 to 113 and 122 to 125: up to 950 words and 14 direct quotes. */
const LONG = { words: 950, direct: 14 };

const BATCHES = [
  { file: 'articles.jsonl', batch: 1, ca: 8, us: 8, directMin: 4 },
  { file: 'articles-2.jsonl', batch: 2, ca: 6, us: 6, directMin: 5 },
  { file: 'articles-3.jsonl', batch: 3, ca: 6, us: 6, directMin: 5 },
  { file: 'articles-4.jsonl', batch: 4, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-5.jsonl', batch: 5, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-6.jsonl', batch: 6, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-7.jsonl', batch: 7, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-8.jsonl', batch: 8, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-9.jsonl', batch: 9, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-10.jsonl', batch: 10, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-11.jsonl', batch: 11, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-12.jsonl', batch: 12, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-13.jsonl', batch: 13, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-14.jsonl', batch: 14, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-15.jsonl', batch: 15, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-16.jsonl', batch: 16, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-17.jsonl', batch: 17, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-18.jsonl', batch: 18, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-19.jsonl', batch: 19, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-20.jsonl', batch: 20, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-21.jsonl', batch: 21, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-22.jsonl', batch: 22, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-23.jsonl', batch: 23, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-24.jsonl', batch: 24, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-25.jsonl', batch: 25, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-26.jsonl', batch: 26, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-27.jsonl', batch: 27, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-28.jsonl', batch: 28, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-29.jsonl', batch: 29, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-30.jsonl', batch: 30, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-31.jsonl', batch: 31, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-32.jsonl', batch: 32, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-33.jsonl', batch: 33, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-34.jsonl', batch: 34, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-35.jsonl', batch: 35, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-36.jsonl', batch: 36, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-37.jsonl', batch: 37, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-38.jsonl', batch: 38, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-39.jsonl', batch: 39, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-40.jsonl', batch: 40, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-41.jsonl', batch: 41, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-42.jsonl', batch: 42, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-43.jsonl', batch: 43, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-44.jsonl', batch: 44, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-45.jsonl', batch: 45, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-46.jsonl', batch: 46, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-47.jsonl', batch: 47, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-48.jsonl', batch: 48, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-49.jsonl', batch: 49, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-50.jsonl', batch: 50, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-51.jsonl', batch: 51, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-52.jsonl', batch: 52, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-53.jsonl', batch: 53, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-54.jsonl', batch: 54, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-55.jsonl', batch: 55, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-56.jsonl', batch: 56, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-57.jsonl', batch: 57, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-58.jsonl', batch: 58, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-59.jsonl', batch: 59, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-60.jsonl', batch: 60, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-61.jsonl', batch: 61, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-62.jsonl', batch: 62, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-63.jsonl', batch: 63, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-64.jsonl', batch: 64, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-65.jsonl', batch: 65, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-66.jsonl', batch: 66, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-67.jsonl', batch: 67, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-68.jsonl', batch: 68, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-69.jsonl', batch: 69, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-70.jsonl', batch: 70, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-71.jsonl', batch: 71, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-72.jsonl', batch: 72, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-73.jsonl', batch: 73, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-74.jsonl', batch: 74, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-75.jsonl', batch: 75, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-76.jsonl', batch: 76, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-77.jsonl', batch: 77, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-78.jsonl', batch: 78, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-79.jsonl', batch: 79, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-80.jsonl', batch: 80, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-81.jsonl', batch: 81, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-82.jsonl', batch: 82, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-83.jsonl', batch: 83, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-84.jsonl', batch: 84, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-85.jsonl', batch: 85, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-86.jsonl', batch: 86, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-87.jsonl', batch: 87, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-88.jsonl', batch: 88, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-89.jsonl', batch: 89, ca: 6, us: 6, directMin: 6 },
  { file: 'articles-90.jsonl', batch: 90, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-91.jsonl', batch: 91, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-92.jsonl', batch: 92, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-93.jsonl', batch: 93, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-94.jsonl', batch: 94, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-95.jsonl', batch: 95, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-96.jsonl', batch: 96, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-97.jsonl', batch: 97, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-98.jsonl', batch: 98, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-99.jsonl', batch: 99, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-100.jsonl', batch: 100, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-101.jsonl', batch: 101, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-102.jsonl', batch: 102, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-103.jsonl', batch: 103, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-104.jsonl', batch: 104, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-105.jsonl', batch: 105, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-106.jsonl', batch: 106, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-107.jsonl', batch: 107, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-108.jsonl', batch: 108, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-109.jsonl', batch: 109, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-110.jsonl', batch: 110, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-111.jsonl', batch: 111, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-112.jsonl', batch: 112, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-113.jsonl', batch: 113, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-114.jsonl', batch: 114, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-115.jsonl', batch: 115, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-116.jsonl', batch: 116, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-117.jsonl', batch: 117, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-118.jsonl', batch: 118, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-119.jsonl', batch: 119, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-120.jsonl', batch: 120, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-121.jsonl', batch: 121, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-122.jsonl', batch: 122, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-123.jsonl', batch: 123, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-124.jsonl', batch: 124, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-125.jsonl', batch: 125, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-126.jsonl', batch: 126, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-127.jsonl', batch: 127, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-128.jsonl', batch: 128, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-129.jsonl', batch: 129, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-130.jsonl', batch: 130, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-131.jsonl', batch: 131, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-132.jsonl', batch: 132, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-133.jsonl', batch: 133, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-134.jsonl', batch: 134, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-135.jsonl', batch: 135, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-136.jsonl', batch: 136, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-137.jsonl', batch: 137, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-138.jsonl', batch: 138, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-139.jsonl', batch: 139, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-140.jsonl', batch: 140, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-141.jsonl', batch: 141, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-142.jsonl', batch: 142, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-143.jsonl', batch: 143, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-144.jsonl', batch: 144, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-145.jsonl', batch: 145, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-146.jsonl', batch: 146, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-147.jsonl', batch: 147, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-148.jsonl', batch: 148, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-149.jsonl', batch: 149, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-150.jsonl', batch: 150, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-151.jsonl', batch: 151, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-152.jsonl', batch: 152, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-153.jsonl', batch: 153, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-154.jsonl', batch: 154, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-155.jsonl', batch: 155, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-156.jsonl', batch: 156, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-157.jsonl', batch: 157, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-158.jsonl', batch: 158, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-159.jsonl', batch: 159, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-160.jsonl', batch: 160, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-161.jsonl', batch: 161, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-162.jsonl', batch: 162, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-163.jsonl', batch: 163, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-164.jsonl', batch: 164, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-165.jsonl', batch: 165, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-166.jsonl', batch: 166, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-167.jsonl', batch: 167, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-168.jsonl', batch: 168, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-169.jsonl', batch: 169, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-170.jsonl', batch: 170, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-171.jsonl', batch: 171, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-172.jsonl', batch: 172, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-173.jsonl', batch: 173, ca: 4, us: 4, directMin: 12, long: true },
  { file: 'articles-174.jsonl', batch: 174, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-175.jsonl', batch: 175, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-176.jsonl', batch: 176, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-177.jsonl', batch: 177, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-178.jsonl', batch: 178, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-179.jsonl', batch: 179, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-180.jsonl', batch: 180, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-181.jsonl', batch: 181, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-182.jsonl', batch: 182, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-183.jsonl', batch: 183, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-184.jsonl', batch: 184, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-185.jsonl', batch: 185, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-186.jsonl', batch: 186, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-187.jsonl', batch: 187, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-188.jsonl', batch: 188, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-189.jsonl', batch: 189, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-190.jsonl', batch: 190, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-191.jsonl', batch: 191, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-192.jsonl', batch: 192, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-193.jsonl', batch: 193, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-194.jsonl', batch: 194, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-195.jsonl', batch: 195, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-196.jsonl', batch: 196, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-197.jsonl', batch: 197, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-198.jsonl', batch: 198, ca: 6, us: 6, directMin: 7 },
  { file: 'articles-199.jsonl', batch: 199, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-200.jsonl', batch: 200, ca: 6, us: 6, directMin: 7 },
  { file: 'articles-201.jsonl', batch: 201, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-202.jsonl', batch: 202, ca: 6, us: 6, directMin: 8 },
  { file: 'articles-203.jsonl', batch: 203, ca: 6, us: 6, directMin: 7 },
  { file: 'articles-204.jsonl', batch: 204, ca: 6, us: 6, directMin: 7 },
  { file: 'articles-205.jsonl', batch: 205, ca: 6, us: 6, directMin: 7 },
];

describe('test/fixtures/quotes-unseen', () => {
  it('has ids unique across all batches', () => {
    const ids = BATCHES.flatMap((b) => load(b.file).map((a) => a.id));
    expect(ids).toHaveLength(2272);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

for (const { file, batch, ca, us, directMin, ...rest } of BATCHES) {
  const [maxWords, directMax] = 'long' in rest ? [LONG.words, LONG.direct] : [700, DIRECT_MAX];
  const articles = load(file);

  describe(`test/fixtures/quotes-unseen/${file}`, () => {
    it(`holds ${ca + us} articles with unique ids, ${ca} Canadian and ${us} US`, () => {
      expect(articles).toHaveLength(ca + us);
      expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
      expect(articles.filter((a) => a.region === 'ca')).toHaveLength(ca);
      expect(articles.filter((a) => a.region === 'us')).toHaveLength(us);
      for (const a of articles) expect(['ca', 'us']).toContain(a.region);
      if (batch > 1) for (const a of articles) expect(a.batch, a.id).toBe(batch);
    });

    it(`gives each article 300 to ${maxWords} words and ${directMin} to ${directMax} direct quotes`, () => {
      for (const a of articles) {
        const words = a.text.split(/\s+/u).filter(Boolean).length;
        expect(words, a.id).toBeGreaterThanOrEqual(300);
        expect(words, a.id).toBeLessThanOrEqual(maxWords);
        const direct = a.quotes.filter((q) => q.kind === 'direct').length;
        expect(direct, a.id).toBeGreaterThanOrEqual(directMin);
        expect(direct, a.id).toBeLessThanOrEqual(directMax);
      }
    });

    it('has offsets that slice to each quote text, in order and without overlap', () => {
      for (const a of articles) {
        let last = 0;
        for (const q of a.quotes) {
          expect(Number.isInteger(q.start) && Number.isInteger(q.end), a.id).toBe(true);
          expect(q.start, `${a.id} ${q.text}`).toBeGreaterThanOrEqual(last);
          expect(q.end).toBeGreaterThan(q.start);
          expect(a.text.slice(q.start, q.end), a.id).toBe(q.text);
          last = q.end;
        }
      }
    });

    it('labels kinds by the PolNeAR rule and gives every direct quote a speaker', () => {
      for (const a of articles) {
        for (const q of a.quotes) {
          expect(q.kind, `${a.id} ${q.text}`).toBe(kindOf(q.text));
          if (q.kind === 'direct') expect(q.speaker, `${a.id} ${q.text}`).toBeTruthy();
        }
      }
    });

    it('leaves no quotation mark outside a labelled span', () => {
      for (const a of articles) {
        const covered = (i: number) => a.quotes.some((q) => i >= q.start && i < q.end);
        const stray: number[] = [];
        for (let i = 0; i < a.text.length; i++) if (/["“”]/u.test(a.text[i]!) && !covered(i)) stray.push(i);
        expect(stray, a.id).toEqual([]);
      }
    });
  });
}
