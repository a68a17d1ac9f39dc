// The quote finder's two learned models are generated files: each must be what its training script writes from
// PolNeAR train and the code as it stands. A change of features or attribution that leaves a model stale (trained
// on features the code no longer computes) fails here until the script is run again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { keepModelSource } from '../../scripts/train-quote-model.js';
import { speakerModelSource } from '../../scripts/train-speaker-ranker.js';
import { itWithKit, kitPath } from '../support/eval-kit.js';

const TRAIN = 'eval/quotes-polnear-train.jsonl';
const committed = (file: string): string =>
  readFileSync(join(import.meta.dirname, '../../functions/core/quotes', file), 'utf8');

itWithKit(
  [TRAIN],
  'keep-model.gen.ts is what scripts/train-quote-model.ts writes',
  () => {
    expect(keepModelSource(kitPath(TRAIN))).toBe(committed('keep-model.gen.ts'));
  },
  180_000,
);

itWithKit(
  [TRAIN],
  'speaker-model.gen.ts is what scripts/train-speaker-ranker.ts writes',
  () => {
    expect(speakerModelSource(kitPath(TRAIN)).source).toBe(committed('speaker-model.gen.ts'));
  },
  180_000,
);
