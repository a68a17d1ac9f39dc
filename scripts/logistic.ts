// L2-regularised logistic regression fitted by Newton's method, for the quote finder's two learned
// models (scripts/train-quote-model.ts, scripts/train-speaker-ranker.ts). A few dozen features: a
// small linear system per step, converged in about ten steps.
import { score } from '../functions/core/quotes/features.js';

/**
 * Weights minimising the mean log loss of `X` against the labels `y` (0 or 1) plus `lambda`/2 times
 * the squared weights, all but the first (the bias, whose feature is always 1).
 */
export function fitLogistic(
  X: readonly (readonly number[])[],
  y: readonly number[],
  lambda: number,
  steps: number,
): number[] {
  const d = X[0]?.length ?? 0;
  const n = X.length;
  const w = new Array<number>(d).fill(0);
  for (let step = 0; step < steps; step++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < n; i++) {
      const xi = X[i]!;
      const p = score(w, xi);
      const err = p - y[i]!;
      const v = p * (1 - p);
      for (let k = 0; k < d; k++) {
        grad[k]! += (err * xi[k]!) / n;
        if (xi[k] === 0) continue;
        for (let l = 0; l < d; l++) hess[k]![l]! += (v * xi[k]! * xi[l]!) / n;
      }
    }
    for (let k = 1; k < d; k++) {
      grad[k]! += lambda * w[k]!;
      hess[k]![k]! += lambda;
    }
    // A tiny ridge keeps features that never fire from making the system singular.
    for (let k = 0; k < d; k++) hess[k]![k]! += 1e-9;
    const delta = solve(hess, grad);
    for (let k = 0; k < d; k++) w[k]! -= delta[k]!;
  }
  return w;
}

/** Gaussian elimination with partial pivoting: the x with a·x = b. */
function solve(a: number[][], b: number[]): number[] {
  const d = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < d; c++) {
    let pivot = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < d; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= d; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(d).fill(0);
  for (let r = d - 1; r >= 0; r--) {
    let sum = m[r]![d]!;
    for (let k = r + 1; k < d; k++) sum -= m[r]![k]! * x[k]!;
    x[r] = sum / m[r]![r]!;
  }
  return x;
}
