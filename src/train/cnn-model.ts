/**
 * A small 1-D CNN over hashed token ids, in plain TS with hand-written gradients:
 *   ids [n, slots] ─sum of slot embeddings─► x [n, dim] ─Conv1d (one bank per width, zero past the end)─► ReLU
 *   ─max over positions─► pooled [filters] ─dense ReLU (hidden)─► dense ─► sigmoid
 * Max pooling is the point: an injected phrase anywhere in a window lights up the same filter as it would alone,
 * where the bag's mean lets surrounding page text dilute it. The exported ONNX graph (cnn-export.ts) does the same
 * arithmetic, so the parity test can compare the two.
 */
import { adamDense, lazyRowsStep, type Adam } from './adam';
import { sigmoid } from './bag-model';
import { makeRng } from './rng';

export interface CnnShape {
  buckets: number;
  slots: number;
  dim: number;
  /** Kernel widths (tokens), one bank of `filters` per width. */
  widths: number[];
  filters: number;
  /** Hidden units after pooling; 0 goes straight from the pooled vector to the logit. */
  hidden: number;
}

export interface CnnModel extends CnnShape {
  /** [buckets, dim]; row 0 is padding and stays zero. */
  emb: Float32Array;
  /** Per width w: [filters, w, dim] (a filter's taps are contiguous, matching x's layout). */
  conv: Float32Array[];
  /** Per width: [filters]. */
  convB: Float32Array[];
  /** [filters·widths, hidden] */
  w1: Float32Array;
  b1: Float32Array;
  /** [hidden] (or [filters·widths] when hidden is 0) */
  w2: Float32Array;
  b2: Float32Array;
}

export function pooledSize(s: CnnShape): number {
  return s.filters * s.widths.length;
}

export function initCnnModel(shape: CnnShape, seed: number): CnnModel {
  const rng = makeRng(seed);
  const uniform = (n: number, scale: number) => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = (rng() * 2 - 1) * scale;
    return a;
  };
  const { buckets, dim, filters, hidden } = shape;
  const P = pooledSize(shape);
  // Small random embeddings (not zero as in the bag): with max pooling a zero table gives every filter the same
  // input everywhere and no position to prefer. Small, so an unseen bucket stays near "no evidence".
  const emb = uniform(buckets * dim, 0.05);
  emb.fill(0, 0, dim);
  const conv = shape.widths.map((w) => uniform(filters * w * dim, Math.sqrt(6 / (w * dim + filters))));
  // a small negative bias: a filter fires on what it looks for, not on any text at all
  const convB = shape.widths.map(() => new Float32Array(filters).fill(-0.01));
  const out = hidden > 0 ? hidden : P;
  const w1 = hidden > 0 ? uniform(P * hidden, Math.sqrt(6 / (P + hidden))) : new Float32Array(0);
  const b1 = new Float32Array(hidden).fill(0.01);
  const w2 = uniform(out, Math.sqrt(6 / (out + 1)));
  return { ...shape, widths: [...shape.widths], emb, conv, convB, w1, b1, w2, b2: new Float32Array(1) };
}

/** Activations kept for the backward pass; sized for `maxTokens` positions and reused across calls. */
export interface CnnForward {
  n: number;
  x: Float32Array;
  pooled: Float32Array;
  /** Position of each filter's max, -1 when the filter never fired (ReLU zero everywhere). */
  argmax: Int32Array;
  h: Float32Array;
  logit: number;
  p: number;
}

export function makeCnnForward(m: CnnShape, maxTokens: number): CnnForward {
  const P = pooledSize(m);
  return {
    n: 0,
    x: new Float32Array(Math.max(1, maxTokens) * m.dim),
    pooled: new Float32Array(P),
    argmax: new Int32Array(P),
    h: new Float32Array(m.hidden),
    logit: 0,
    p: 0,
  };
}

/**
 * Forward pass over one window's ids ([n·slots], as tokenise() returns them). `poolMask` (training only) multiplies
 * each pooled feature: dropout there keeps the head from leaning on a handful of filters.
 */
export function cnnForward(m: CnnModel, ids: Int32Array, f: CnnForward, poolMask?: Float32Array): CnnForward {
  const { dim, slots, emb, filters, hidden } = m;
  const n = ids.length / slots;
  if (f.x.length < n * dim) f.x = new Float32Array(n * dim);
  const x = f.x;
  x.fill(0, 0, n * dim);
  for (let t = 0; t < n; t++) {
    const xo = t * dim;
    for (let k = 0; k < slots; k++) {
      const id = ids[t * slots + k];
      if (id === 0) continue;
      const eo = id * dim;
      for (let d = 0; d < dim; d++) x[xo + d] += emb[eo + d];
    }
  }
  f.n = n;
  const { pooled, argmax } = f;
  let po = 0;
  for (let wi = 0; wi < m.widths.length; wi++) {
    const span = m.widths[wi] * dim;
    const W = m.conv[wi];
    const B = m.convB[wi];
    for (let j = 0; j < filters; j++, po++) {
      const wo = j * span;
      let best = 0;
      let at = -1;
      for (let t = 0; t < n; t++) {
        // taps past the end read zeros (the graph pads the same way), so they are simply skipped
        const len = Math.min(span, (n - t) * dim);
        const xo = t * dim;
        let s = B[j];
        for (let q = 0; q < len; q++) s += W[wo + q] * x[xo + q];
        if (s > best) {
          best = s;
          at = t;
        }
      }
      pooled[po] = poolMask ? best * poolMask[po] : best;
      argmax[po] = at;
    }
  }
  let logit = m.b2[0];
  if (hidden > 0) {
    const { w1, b1, w2 } = m;
    for (let k = 0; k < hidden; k++) f.h[k] = b1[k];
    for (let i = 0; i < po; i++) {
      const v = pooled[i];
      if (v === 0) continue;
      const ro = i * hidden;
      for (let k = 0; k < hidden; k++) f.h[k] += v * w1[ro + k];
    }
    for (let k = 0; k < hidden; k++) {
      const a = f.h[k] > 0 ? f.h[k] : 0;
      f.h[k] = a;
      logit += a * w2[k];
    }
  } else {
    for (let i = 0; i < po; i++) logit += pooled[i] * m.w2[i];
  }
  f.logit = logit;
  f.p = sigmoid(logit);
  return f;
}

/** Gradients for one minibatch; embedding grads only on touched rows. */
export interface CnnGrads {
  emb: Float32Array;
  touched: Int32Array;
  touchedCount: number;
  mark: Uint8Array;
  conv: Float32Array[];
  convB: Float32Array[];
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
  /** Scratch: d loss / d x for one window, and which positions got any. */
  dx: Float32Array;
  dxMark: Uint8Array;
  dPooled: Float32Array;
  dh: Float32Array;
}

export function makeCnnGrads(m: CnnModel, maxTokens: number): CnnGrads {
  return {
    emb: new Float32Array(m.emb.length),
    touched: new Int32Array(m.buckets),
    touchedCount: 0,
    mark: new Uint8Array(m.buckets),
    conv: m.conv.map((a) => new Float32Array(a.length)),
    convB: m.convB.map((a) => new Float32Array(a.length)),
    w1: new Float32Array(m.w1.length),
    b1: new Float32Array(m.b1.length),
    w2: new Float32Array(m.w2.length),
    b2: new Float32Array(1),
    dx: new Float32Array(Math.max(1, maxTokens) * m.dim),
    dxMark: new Uint8Array(Math.max(1, maxTokens)),
    dPooled: new Float32Array(pooledSize(m)),
    dh: new Float32Array(m.hidden),
  };
}

/** Accumulate d(weight·BCE)/dθ for one window; returns the weighted loss. */
export function cnnAccumulate(
  m: CnnModel,
  g: CnnGrads,
  ids: Int32Array,
  label: number,
  weight: number,
  f: CnnForward,
  poolMask?: Float32Array,
): number {
  cnnForward(m, ids, f, poolMask);
  const { dim, slots, hidden, filters } = m;
  const n = f.n;
  const dLogit = (f.p - label) * weight;
  g.b2[0] += dLogit;
  const P = pooledSize(m);
  const dP = g.dPooled;
  if (hidden > 0) {
    const { w1, w2 } = m;
    for (let k = 0; k < hidden; k++) {
      g.w2[k] += dLogit * f.h[k];
      g.dh[k] = f.h[k] > 0 ? dLogit * w2[k] : 0;
      g.b1[k] += g.dh[k];
    }
    for (let i = 0; i < P; i++) {
      const v = f.pooled[i];
      const ro = i * hidden;
      let s = 0;
      for (let k = 0; k < hidden; k++) {
        s += g.dh[k] * w1[ro + k];
        if (v !== 0) g.w1[ro + k] += v * g.dh[k];
      }
      dP[i] = poolMask ? s * poolMask[i] : s;
    }
  } else {
    for (let i = 0; i < P; i++) {
      g.w2[i] += dLogit * f.pooled[i];
      dP[i] = poolMask ? dLogit * m.w2[i] * poolMask[i] : dLogit * m.w2[i];
    }
  }
  if (g.dx.length < n * dim) {
    g.dx = new Float32Array(n * dim);
    g.dxMark = new Uint8Array(n);
  }
  const { dx, dxMark } = g;
  // max pooling routes each filter's gradient to its one winning position
  let po = 0;
  for (let wi = 0; wi < m.widths.length; wi++) {
    const span = m.widths[wi] * dim;
    const W = m.conv[wi];
    const gW = g.conv[wi];
    const gB = g.convB[wi];
    for (let j = 0; j < filters; j++, po++) {
      const t = f.argmax[po];
      if (t < 0) continue;
      const d = dP[po];
      if (d === 0) continue;
      gB[j] += d;
      const wo = j * span;
      const xo = t * dim;
      const len = Math.min(span, (n - t) * dim);
      for (let q = 0; q < len; q++) {
        gW[wo + q] += d * f.x[xo + q];
        dx[xo + q] += d * W[wo + q];
      }
      const last = Math.min(n, t + m.widths[wi]);
      for (let u = t; u < last; u++) dxMark[u] = 1;
    }
  }
  for (let t = 0; t < n; t++) {
    if (!dxMark[t]) continue;
    dxMark[t] = 0;
    const xo = t * dim;
    for (let k = 0; k < slots; k++) {
      const row = ids[t * slots + k];
      if (row === 0) continue;
      if (!g.mark[row]) {
        g.mark[row] = 1;
        g.touched[g.touchedCount++] = row;
      }
      const eo = row * dim;
      for (let d = 0; d < dim; d++) g.emb[eo + d] += dx[xo + d];
    }
    dx.fill(0, xo, xo + dim);
  }
  const eps = 1e-7;
  return -weight * (label * Math.log(f.p + eps) + (1 - label) * Math.log(1 - f.p + eps));
}

/** One optimiser step for the whole CNN (see adam.ts for the embedding table's `embSgdLr`). */
export function cnnAdamStep(opt: Adam, model: CnnModel, g: CnnGrads, batchSize: number, l2 = 1e-6, embSgdLr?: number): void {
  opt.step++;
  const scale = 1 / batchSize;
  model.conv.forEach((p, i) => adamDense(opt, p, g.conv[i], scale, l2));
  model.convB.forEach((p, i) => adamDense(opt, p, g.convB[i], scale, 0));
  adamDense(opt, model.w1, g.w1, scale, l2);
  adamDense(opt, model.b1, g.b1, scale, 0);
  adamDense(opt, model.w2, g.w2, scale, l2);
  adamDense(opt, model.b2, g.b2, scale, 0);
  lazyRowsStep(opt, model.emb, model.dim, g, scale, embSgdLr);
}
