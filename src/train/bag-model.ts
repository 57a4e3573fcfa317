/**
 * Embedding-bag MLP in plain TS: mean of hashed n-gram embeddings → hidden ReLU → sigmoid.
 * The same arithmetic as the exported ONNX graph (Gather · Mul · ReduceSum · Gemm · Relu · Gemm · Sigmoid),
 * so the parity test can compare the two.
 */
import { adamDense, lazyRowsStep, type Adam } from './adam';
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

/** One optimiser step for the whole bag model (see adam.ts for the embedding table's `embSgdLr`). */
export function adamStep(opt: Adam, model: BagModel, g: Grads, batchSize: number, l2 = 1e-6, embSgdLr?: number): void {
  opt.step++;
  const scale = 1 / batchSize;
  adamDense(opt, model.w1, g.w1, scale, l2);
  adamDense(opt, model.b1, g.b1, scale, 0);
  adamDense(opt, model.w2, g.w2, scale, l2);
  adamDense(opt, model.b2, g.b2, scale, 0);
  lazyRowsStep(opt, model.emb, model.dim, g, scale, embSgdLr);
}

export type { Rng };
