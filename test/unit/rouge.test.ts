// Our ROUGE against the golden values from google-research's rouge-score tests (manual ROUGE-1.5.5 runs)
// and against the per-document ROUGE-1.5.5 scores stored with FRANK's CNN/DM outputs. The data is read
// from ../shared/eval at run time and never copied into the repo.
import { describe, expect, it } from 'vitest';
import { porterStem } from '../../functions/core/porter-stemmer.js';
import { type RougeType, rouge, scoreSummary, tokenize } from '../../functions/core/rouge.js';
import { describeWithKit, readKit } from '../support/eval-kit.js';

interface GoldenCase {
  name: string;
  target: string;
  prediction: string;
  use_stemmer: boolean;
  rouge1?: Triple;
  rouge2?: Triple;
  rougeL?: Triple;
  rougeLsum?: Triple;
}
interface Triple {
  recall: number;
  precision: number;
  f: number;
}

const TYPES: RougeType[] = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'];

describeWithKit(['eval/rouge-golden.json'], 'rouge-golden.json', () => {
  const golden = JSON.parse(readKit('eval/rouge-golden.json')) as { cases: GoldenCase[] };
  const goldenRows = golden.cases.flatMap((c) =>
    TYPES.filter((t) => c[t] !== undefined).map((t) => ({ name: `${c.name} ${t}`, c, type: t, want: c[t]! })),
  );
  it('has cases', () => {
    expect(goldenRows.length).toBeGreaterThanOrEqual(8);
  });
  it.each(goldenRows)('$name', ({ c, type, want }) => {
    const got = rouge(c.target, c.prediction, type, { stem: c.use_stemmer });
    expect(Math.abs(got.recall - want.recall)).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(got.precision - want.precision)).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(got.f - want.f)).toBeLessThanOrEqual(1e-5);
  });
});

describeWithKit(
  ['eval/cnndm-dev-rouge155.jsonl'],
  'ROUGE-1.5.5 scores stored with cnndm-dev system outputs',
  () => {
    interface Row {
      systems: Record<
        string,
        { summary: string; reference_used: string; rouge155_stemmed: Record<string, number> }
      >;
    }
    const rows = readKit('eval/cnndm-dev-rouge155.jsonl')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Row);
    const pairs = rows.flatMap((r) => Object.values(r.systems));

    it('R1 and R2 F agree within 1e-3 for at least 90% of the pairs', () => {
      expect(pairs.length).toBe(500);
      let ok1 = 0;
      let ok2 = 0;
      for (const p of pairs) {
        const r1 = rouge(p.reference_used, p.summary, 'rouge1').f;
        const r2 = rouge(p.reference_used, p.summary, 'rouge2').f;
        if (Math.abs(r1 - p.rouge155_stemmed.rouge_1_f_score!) <= 1e-3) ok1++;
        if (Math.abs(r2 - p.rouge155_stemmed.rouge_2_f_score!) <= 1e-3) ok2++;
      }
      expect(ok1 / pairs.length).toBeGreaterThanOrEqual(0.9);
      expect(ok2 / pairs.length).toBeGreaterThanOrEqual(0.9);
    });
  },
);

describe('porterStem (NLTK extensions)', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['ties', 'tie'],
    ['dies', 'die'],
    ['flies', 'fli'],
    ['cats', 'cat'],
    ['agreed', 'agre'],
    ['feed', 'feed'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['hopping', 'hop'],
    ['falling', 'fall'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['enjoy', 'enjoy'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['generalization', 'gener'],
    ['electrical', 'electr'],
    ['adjustment', 'adjust'],
    ['controlling', 'control'],
    ['dying', 'die'],
    ['news', 'news'],
    ['innings', 'inning'],
    ['proceed', 'proceed'],
    ['geology', 'geolog'],
    ['running', 'run'],
    ['is', 'is'],
  ])('%s -> %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });
});

describe('tokenize and scoreSummary', () => {
  it('lower-cases, drops punctuation, stems only tokens longer than three characters', () => {
    expect(tokenize("The Cats' toys -LRB- 2015 -RRB-!")).toEqual(['the', 'cat', 'toy', 'lrb', '2015', 'rrb']);
    expect(tokenize('runs ran', { stem: false })).toEqual(['runs', 'ran']);
  });
  it('scores an empty prediction 0 and an identical one 1', () => {
    expect(scoreSummary(['A mayor resigned.'], [])).toEqual({ rouge1: 0, rouge2: 0, rougeLsum: 0 });
    const same = scoreSummary(
      ['A mayor resigned.', 'The council met.'],
      ['A mayor resigned.', 'The council met.'],
    );
    expect(same.rouge1).toBeCloseTo(1, 10);
    expect(same.rouge2).toBeCloseTo(1, 10);
    expect(same.rougeLsum).toBeCloseTo(1, 10);
  });
});
