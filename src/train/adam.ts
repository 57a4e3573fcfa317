/**
 * The optimiser both trainers use: Adam on dense tensors every step, and lazy (touched-rows-only) updates of an
 * embedding table, by Adam or, when `embSgdLr` is given, by plain SGD. Moments are kept per parameter array.
 */
export interface Adam {
  step: number;
  lr: number;
  state: Map<Float32Array, { m: Float32Array; v: Float32Array }>;
}

/** Embedding gradients of one minibatch: only the rows listed in `touched` (marked in `mark`) are non-zero. */
export interface SparseRowGrads {
  emb: Float32Array;
  touched: Int32Array;
  touchedCount: number;
  mark: Uint8Array;
}

export function makeAdam(lr: number): Adam {
  return { step: 0, lr, state: new Map() };
}

const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-8;

function moments(opt: Adam, p: Float32Array) {
  let s = opt.state.get(p);
  if (!s) {
    s = { m: new Float32Array(p.length), v: new Float32Array(p.length) };
    opt.state.set(p, s);
  }
  return s;
}

/** One Adam step on a dense tensor (call after `opt.step++`); clears `g`. */
export function adamDense(opt: Adam, p: Float32Array, g: Float32Array, scale: number, l2: number): void {
  const { m, v } = moments(opt, p);
  const c1 = 1 - Math.pow(B1, opt.step);
  const c2 = 1 - Math.pow(B2, opt.step);
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] * scale + l2 * p[i];
    m[i] = B1 * m[i] + (1 - B1) * gi;
    v[i] = B2 * v[i] + (1 - B2) * gi * gi;
    p[i] -= (opt.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + EPS);
    g[i] = 0;
  }
}

/**
 * Updates the touched rows of `table` ([rows, dim]) and clears their gradients. Row 0 is padding and stays zero.
 * `embSgdLr`: plain SGD at this rate instead of Adam. Lazy Adam moves a bucket seen once as far as one seen ten
 * thousand times (its step is normalised per parameter), so rare n-grams and hash collisions end up with confident
 * weights; SGD's step grows with how often a bucket is seen.
 */
export function lazyRowsStep(opt: Adam, table: Float32Array, dim: number, g: SparseRowGrads, scale: number, embSgdLr?: number): void {
  const { m, v } = moments(opt, table);
  const c1 = 1 - Math.pow(B1, opt.step);
  const c2 = 1 - Math.pow(B2, opt.step);
  for (let k = 0; k < g.touchedCount; k++) {
    const row = g.touched[k];
    g.mark[row] = 0;
    const base = row * dim;
    if (row === 0) {
      g.emb.fill(0, 0, dim);
      continue;
    }
    if (embSgdLr !== undefined) {
      for (let i = base; i < base + dim; i++) {
        table[i] -= embSgdLr * g.emb[i] * scale;
        g.emb[i] = 0;
      }
      continue;
    }
    for (let i = base; i < base + dim; i++) {
      const gi = g.emb[i] * scale;
      m[i] = B1 * m[i] + (1 - B1) * gi;
      v[i] = B2 * v[i] + (1 - B2) * gi * gi;
      table[i] -= (opt.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + EPS);
      g.emb[i] = 0;
    }
  }
  g.touchedCount = 0;
}
