/**
 * Embedding-bag MLP in plain TS: mean of hashed n-gram embeddings → hidden ReLU → sigmoid.
 * The same arithmetic as the exported ONNX graph (Gather · Mul · ReduceSum · Gemm · Relu · Gemm · Sigmoid),
 * so the parity test can compare the two.
 */
import { makeRng, type Rng } from './rng';

export interface BagModelShape {
  buckets: number;
  dim: number;
  hidden: number;
  /** Pooling = sum/(count + poolShrink), as the featuriser's packBatch weights it. */
  poolShrink: number;
}

export interface BagModel extends BagModelShape {
  /** [buckets, dim]; row 0 is padding and stays zero. */
  emb: Float32Array;
  /** [dim, hidden] */
  w1: Float32Array;
  b1: Float32Array;
  /** [hidden] (one output) */
  w2: Float32Array;
  b2: Float32Array;
}

export function initBagModel(shape: BagModelShape, seed: number): BagModel {
  const rng = makeRng(seed);
  const { buckets, dim, hidden } = shape;
  // Embeddings start at zero: a bucket never seen in training then adds nothing, instead of random noise that
  // decides the score of a short text by itself (first baseline: 2-char CJK UI strings scored 0.99).
  const emb = new Float32Array(buckets * dim);
  const w1 = new Float32Array(dim * hidden);
  const s1 = Math.sqrt(6 / (dim + hidden));
  for (let i = 0; i < w1.length; i++) w1[i] = (rng() * 2 - 1) * s1;
  const w2 = new Float32Array(hidden);
  const s2 = Math.sqrt(6 / (hidden + 1));
  for (let i = 0; i < w2.length; i++) w2[i] = (rng() * 2 - 1) * s2;
  return { ...shape, emb, w1, b1: new Float32Array(hidden).fill(0.01), w2, b2: new Float32Array(1) };
}

/** Activations kept for the backward pass. */
export interface Forward {
  x: Float32Array;
  h: Float32Array;
  logit: number;
  p: number;
}

export function forward(m: BagModel, ids: Int32Array, out?: Forward): Forward {
  const { dim, hidden, emb, w1, b1, w2 } = m;
  const x = out?.x ?? new Float32Array(dim);
  const h = out?.h ?? new Float32Array(hidden);
  x.fill(0);
  const inv = 1 / (ids.length + m.poolShrink);
  for (let k = 0; k < ids.length; k++) {
    const base = ids[k] * dim;
    for (let d = 0; d < dim; d++) x[d] += emb[base + d];
  }
  for (let d = 0; d < dim; d++) x[d] *= inv;
  let logit = m.b2[0];
  for (let j = 0; j < hidden; j++) {
    let s = b1[j];
    for (let d = 0; d < dim; d++) s += x[d] * w1[d * hidden + j];
    const a = s > 0 ? s : 0;
    h[j] = a;
    logit += a * w2[j];
  }
  return { x, h, logit, p: sigmoid(logit) };
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function predict(m: BagModel, ids: Int32Array): number {
  return forward(m, ids).p;
}

/** Gradients for one minibatch; embedding grads only on touched rows. */
export interface Grads {
  emb: Float32Array;
  touched: Int32Array;
  touchedCount: number;
  mark: Uint8Array;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
}

export function makeGrads(m: BagModel): Grads {
  return {
    emb: new Float32Array(m.emb.length),
    touched: new Int32Array(m.buckets),
    touchedCount: 0,
    mark: new Uint8Array(m.buckets),
    w1: new Float32Array(m.w1.length),
    b1: new Float32Array(m.b1.length),
    w2: new Float32Array(m.w2.length),
    b2: new Float32Array(1),
  };
}

/** Accumulate d(weight·BCE)/dθ for one example; returns the loss. */
export function accumulate(m: BagModel, g: Grads, ids: Int32Array, label: number, weight: number, buf: Forward): number {
  const { dim, hidden, w1, w2 } = m;
  const f = forward(m, ids, buf);
  const dLogit = (f.p - label) * weight;
  g.b2[0] += dLogit;
  const dx = new Float32Array(dim);
  for (let j = 0; j < hidden; j++) {
    g.w2[j] += dLogit * f.h[j];
    if (f.h[j] <= 0) continue;
    const dh = dLogit * w2[j];
    g.b1[j] += dh;
    for (let d = 0; d < dim; d++) {
      g.w1[d * hidden + j] += dh * f.x[d];
      dx[d] += dh * w1[d * hidden + j];
    }
  }
  const inv = 1 / (ids.length + m.poolShrink);
  for (let k = 0; k < ids.length; k++) {
    const row = ids[k];
    if (!g.mark[row]) {
      g.mark[row] = 1;
      g.touched[g.touchedCount++] = row;
    }
    const base = row * dim;
    for (let d = 0; d < dim; d++) g.emb[base + d] += dx[d] * inv;
  }
  const eps = 1e-7;
  return -weight * (label * Math.log(f.p + eps) + (1 - label) * Math.log(1 - f.p + eps));
}

/** Adam with lazy (touched-rows-only) updates for the embedding table. */
export interface Adam {
  step: number;
  lr: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

export function makeAdam(lr: number): Adam {
  return { step: 0, lr, m: new Map(), v: new Map() };
}

const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-8;

function adamDense(opt: Adam, key: string, p: Float32Array, g: Float32Array, scale: number, l2: number): void {
  let mm = opt.m.get(key);
  let vv = opt.v.get(key);
  if (!mm || !vv) {
    mm = new Float32Array(p.length);
    vv = new Float32Array(p.length);
    opt.m.set(key, mm);
    opt.v.set(key, vv);
  }
  const c1 = 1 - Math.pow(B1, opt.step);
  const c2 = 1 - Math.pow(B2, opt.step);
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] * scale + l2 * p[i];
    mm[i] = B1 * mm[i] + (1 - B1) * gi;
    vv[i] = B2 * vv[i] + (1 - B2) * gi * gi;
    p[i] -= (opt.lr * (mm[i] / c1)) / (Math.sqrt(vv[i] / c2) + EPS);
    g[i] = 0;
  }
}

/**
 * `embSgdLr`: update the embedding table by plain SGD at this rate instead of Adam. Lazy Adam moves a bucket seen
 * once as far as one seen ten thousand times (its step is normalised per parameter), so rare n-grams and hash
 * collisions end up with confident weights; SGD's step grows with how often a bucket is seen.
 */
export function adamStep(opt: Adam, model: BagModel, g: Grads, batchSize: number, l2 = 1e-6, embSgdLr?: number): void {
  opt.step++;
  const scale = 1 / batchSize;
  adamDense(opt, 'w1', model.w1, g.w1, scale, l2);
  adamDense(opt, 'b1', model.b1, g.b1, scale, 0);
  adamDense(opt, 'w2', model.w2, g.w2, scale, l2);
  adamDense(opt, 'b2', model.b2, g.b2, scale, 0);
  let mm = opt.m.get('emb');
  let vv = opt.v.get('emb');
  if (!mm || !vv) {
    mm = new Float32Array(model.emb.length);
    vv = new Float32Array(model.emb.length);
    opt.m.set('emb', mm);
    opt.v.set('emb', vv);
  }
  const c1 = 1 - Math.pow(B1, opt.step);
  const c2 = 1 - Math.pow(B2, opt.step);
  const { dim, emb } = model;
  for (let t = 0; t < g.touchedCount; t++) {
    const row = g.touched[t];
    g.mark[row] = 0;
    if (row === 0) {
      g.emb.fill(0, 0, dim);
      continue; // padding row stays zero
    }
    const base = row * dim;
    if (embSgdLr !== undefined) {
      for (let d = 0; d < dim; d++) {
        emb[base + d] -= embSgdLr * g.emb[base + d] * scale;
        g.emb[base + d] = 0;
      }
      continue;
    }
    for (let d = 0; d < dim; d++) {
      const i = base + d;
      const gi = g.emb[i] * scale;
      mm[i] = B1 * mm[i] + (1 - B1) * gi;
      vv[i] = B2 * vv[i] + (1 - B2) * gi * gi;
      emb[i] -= (opt.lr * (mm[i] / c1)) / (Math.sqrt(vv[i] / c2) + EPS);
      g.emb[i] = 0;
    }
  }
  g.touchedCount = 0;
}

export type { Rng };
