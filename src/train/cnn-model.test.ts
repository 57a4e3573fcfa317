/**
 * The CNN's hand-written backward pass against finite differences on a tiny model, for every parameter tensor
 * (embedding rows in use, each conv width, biases, both dense layers), plus what training must guarantee.
 */
import { describe, expect, it } from 'vitest';
import { cnnAccumulate, cnnAdamStep, cnnForward, initCnnModel, makeCnnForward, makeCnnGrads, type CnnModel, type CnnShape } from './cnn-model';
import { makeAdam } from './adam';
import { makeRng } from './rng';

const SLOTS = 3;

function randomIds(n: number, buckets: number, seed: number): Int32Array {
  const rng = makeRng(seed);
  const ids = new Int32Array(n * SLOTS);
  for (let t = 0; t < n; t++) {
    ids[t * SLOTS] = 1 + Math.floor(rng() * (buckets - 1));
    // some positions without subwords, like punctuation tokens
    for (let k = 1; k < SLOTS; k++) ids[t * SLOTS + k] = rng() < 0.7 ? 1 + Math.floor(rng() * (buckets - 1)) : 0;
  }
  return ids;
}

function randomise(m: CnnModel, seed: number): void {
  const rng = makeRng(seed);
  const fill = (a: Float32Array, s: number) => a.forEach((_, i) => (a[i] = (rng() * 2 - 1) * s));
  fill(m.emb, 0.8);
  m.emb.fill(0, 0, m.dim);
  m.conv.forEach((a) => fill(a, 0.5));
  m.convB.forEach((a) => fill(a, 0.3));
  fill(m.w1, 0.5);
  fill(m.b1, 0.3);
  fill(m.w2, 0.8);
  fill(m.b2, 0.2);
}

function loss(m: CnnModel, ids: Int32Array, label: number, weight: number, mask?: Float32Array): number {
  const p = cnnForward(m, ids, makeCnnForward(m, 16), mask).p;
  return -weight * (label * Math.log(p) + (1 - label) * Math.log(1 - p));
}

describe.each([
  ['hidden layer, one width', { buckets: 40, slots: SLOTS, dim: 5, widths: [3], filters: 6, hidden: 4 }],
  ['no hidden layer, widths 2 and 4', { buckets: 40, slots: SLOTS, dim: 4, widths: [2, 4], filters: 5, hidden: 0 }],
] as [string, CnnShape][])('CNN gradients (%s)', (_name, shape) => {
  it.each([
    [1, 0, 7, false],
    [0, 1.7, 11, false],
    [1, 0.6, 2, false], // fewer tokens than the widest kernel: taps past the end
    [0, 1, 9, true], // with pooled-feature dropout as training applies it
  ])('match finite differences (label %d, weight %d, %d tokens, pool dropout %s)', (label, weight, n, masked) => {
    const m = initCnnModel(shape, 1);
    randomise(m, 2 + n);
    const ids = randomIds(n, shape.buckets, 3 + n);
    const g = makeCnnGrads(m, 16);
    const f = makeCnnForward(m, 16);
    const w = weight || 1;
    const mask = masked ? Float32Array.from({ length: shape.filters * shape.widths.length }, (_, i) => (i % 3 === 0 ? 0 : 1.5)) : undefined;
    cnnAccumulate(m, g, ids, label, w, f, mask);
    const tensors: [string, Float32Array, Float32Array][] = [
      ['emb', m.emb, g.emb],
      ...m.conv.map((a, i) => [`conv${m.widths[i]}`, a, g.conv[i]] as [string, Float32Array, Float32Array]),
      ...m.convB.map((a, i) => [`convB${m.widths[i]}`, a, g.convB[i]] as [string, Float32Array, Float32Array]),
      ['w1', m.w1, g.w1],
      ['b1', m.b1, g.b1],
      ['w2', m.w2, g.w2],
      ['b2', m.b2, g.b2],
    ];
    const h = 1e-3;
    let checked = 0;
    let nonzero = 0;
    for (const [name, p, dp] of tensors) {
      const idx = name === 'emb' ? [...new Set(ids)].filter((id) => id > 0).flatMap((id) => [id * m.dim, id * m.dim + m.dim - 1]) : [...p.keys()];
      for (const i of idx) {
        const orig = p[i];
        p[i] = orig + h;
        const up = loss(m, ids, label, w, mask);
        p[i] = orig - h;
        const down = loss(m, ids, label, w, mask);
        p[i] = orig;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(numeric - dp[i]), `${name}[${i}] numeric ${numeric} analytic ${dp[i]}`).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
        checked++;
        if (Math.abs(dp[i]) > 1e-4) nonzero++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    // a backward pass that returned zeros everywhere would pass the comparison above only if the loss were flat
    expect(nonzero).toBeGreaterThan(10);
  });
});

describe('CNN training step', () => {
  const shape: CnnShape = { buckets: 64, slots: SLOTS, dim: 8, widths: [3], filters: 8, hidden: 8 };

  it('keeps the padding row at zero and learns a separable toy task', () => {
    const m = initCnnModel(shape, 4);
    const g = makeCnnGrads(m, 16);
    const f = makeCnnForward(m, 16);
    const opt = makeAdam(0.02);
    // positives contain bucket 7 somewhere among noise; negatives never do
    const rng = makeRng(9);
    const data = Array.from({ length: 64 }, (_, i) => {
      const ids = randomIds(6 + (i % 5), shape.buckets, 100 + i);
      for (let k = 0; k < ids.length; k += SLOTS) if (ids[k] === 7) ids[k] = 8;
      const label = i % 2;
      if (label) ids[Math.floor(rng() * (ids.length / SLOTS)) * SLOTS] = 7;
      return { ids, label };
    });
    const meanLoss = () => data.reduce((s, d) => s + loss(m, d.ids, d.label, 1), 0) / data.length;
    const before = meanLoss();
    for (let epoch = 0; epoch < 30; epoch++) {
      for (const d of data) cnnAccumulate(m, g, d.ids, d.label, 1, f);
      cnnAdamStep(opt, m, g, data.length);
    }
    expect(meanLoss()).toBeLessThan(before * 0.5);
    expect(Array.from(m.emb.subarray(0, shape.dim))).toEqual(new Array(shape.dim).fill(0));
    expect(Array.from(g.emb).every((x) => x === 0)).toBe(true); // the step consumed (and cleared) its gradients
  });

  it('with embSgdLr moves an embedding row by rate × its batch-mean gradient, not by an Adam-normalised step', () => {
    const m = initCnnModel(shape, 6);
    randomise(m, 7);
    const g = makeCnnGrads(m, 16);
    const f = makeCnnForward(m, 16);
    const rare = randomIds(5, shape.buckets, 21);
    const common = randomIds(5, shape.buckets, 22);
    const batch = [rare, common, common, common];
    batch.forEach((ids, i) => cnnAccumulate(m, g, ids, i % 2, 1, f));
    const row = common[0];
    const before = Array.from(m.emb.subarray(row * shape.dim, (row + 1) * shape.dim));
    const grad = Array.from(g.emb.subarray(row * shape.dim, (row + 1) * shape.dim));
    expect(grad.some((x) => x !== 0)).toBe(true);
    cnnAdamStep(makeAdam(0.01), m, g, batch.length, 0, 0.5);
    const after = Array.from(m.emb.subarray(row * shape.dim, (row + 1) * shape.dim));
    after.forEach((x, d) => expect(x).toBeCloseTo(before[d] - (0.5 * grad[d]) / batch.length, 6));
  });

  it('is deterministic for a seed', () => {
    const a = initCnnModel(shape, 12);
    const b = initCnnModel(shape, 12);
    const c = initCnnModel(shape, 13);
    expect(Array.from(a.conv[0])).toEqual(Array.from(b.conv[0]));
    expect(Array.from(a.conv[0])).not.toEqual(Array.from(c.conv[0]));
  });
});
