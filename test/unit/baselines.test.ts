// The baselines the key points are measured against (functions/core/baselines.ts), scored on cnndm-dev
// with our ROUGE, against the reference points of ../shared/eval/README.md (Lead-3 40.2 / 17.9 / 35.9,
// TextRank-3 31.9 / 13.9 / 28.4): a baseline that drifts makes every comparison in docs/eval.md wrong.
import { describe, expect, it } from 'vitest';
import { lead3, splitPlain, textRank } from '../../functions/core/baselines.js';
import { scoreSummary } from '../../functions/core/rouge.js';
import { describeWithKit, readKit } from '../support/eval-kit.js';

const EVAL = 'eval/cnndm-dev.jsonl';

function meanScores(summarise: (article: string) => string[]): number[] {
  const rows = readKit(EVAL)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { article: string; reference: string[] });
  const sum = [0, 0, 0];
  for (const r of rows) {
    const s = scoreSummary(r.reference, summarise(r.article));
    sum[0]! += s.rouge1;
    sum[1]! += s.rouge2;
    sum[2]! += s.rougeLsum;
  }
  return sum.map((v) => (100 * v) / rows.length);
}

describe('textRank', () => {
  it('returns every sentence when there are no more than k', () => {
    expect(textRank(['One sentence.', 'Two sentences.'], 3)).toEqual(['One sentence.', 'Two sentences.']);
  });

  it('prefers the sentence that shares content words with the others over an unrelated one', () => {
    const sentences = [
      'The river flooded the town centre on Monday.',
      'Bakers sold bread.',
      'Flood water from the river reached the town hall.',
      'The town council said the river flood cost millions.',
    ];
    expect(textRank(sentences, 1)).not.toContain('Bakers sold bread.');
  });
});

describeWithKit([EVAL], 'baselines on cnndm-dev against the reference points', () => {
  it('Lead-3 scores within 0.1 of 40.16 / 17.85 / 35.93', () => {
    const [r1, r2, rl] = meanScores(lead3);
    expect(Math.abs(r1! - 40.16)).toBeLessThan(0.1);
    expect(Math.abs(r2! - 17.85)).toBeLessThan(0.1);
    expect(Math.abs(rl! - 35.93)).toBeLessThan(0.1);
  });

  it('TextRank-3 scores within 0.3 of 31.89 / 13.93 / 28.40', () => {
    const [r1, r2, rl] = meanScores((a) => textRank(splitPlain(a), 3));
    expect(Math.abs(r1! - 31.89)).toBeLessThan(0.3);
    expect(Math.abs(r2! - 13.93)).toBeLessThan(0.3);
    expect(Math.abs(rl! - 28.4)).toBeLessThan(0.3);
  });
});
