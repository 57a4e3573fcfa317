import { describe, expect, it } from 'vitest';
import { dequantiseRows, quantiseRows, roundTableToInt8 } from './quantise';

const table = (rows: number, dim: number) => Float32Array.from({ length: rows * dim }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)) * 0.01);

describe('per-row int8 tables', () => {
  it('reads back within half a step of each row', () => {
    const dim = 8;
    const t = table(50, dim);
    const qr = quantiseRows(t, dim);
    const back = dequantiseRows(qr, dim);
    for (let i = 0; i < t.length; i++) expect(Math.abs(back[i] - t[i])).toBeLessThanOrEqual(qr.scale[(i / dim) | 0] / 2 + 1e-9);
    // each row's largest value uses the full range
    for (let r = 0; r < 50; r++) expect(Math.max(...Array.from(qr.q.subarray(r * dim, r * dim + dim), Math.abs))).toBe(127);
  });

  it('keeps an all-zero row (padding) exactly zero', () => {
    const t = table(4, 4);
    t.fill(0, 0, 4);
    const qr = quantiseRows(t, 4);
    expect(qr.scale[0]).toBe(0);
    expect(Array.from(dequantiseRows(qr, 4).subarray(0, 4))).toEqual([0, 0, 0, 0]);
  });

  it('is idempotent once rounded, so export reproduces the table the scores were computed with', () => {
    const dim = 16;
    const t = table(200, dim);
    roundTableToInt8(t, dim);
    const once = Float32Array.from(t);
    const qr = quantiseRows(t, dim);
    expect(Array.from(dequantiseRows(qr, dim))).toEqual(Array.from(once));
    roundTableToInt8(t, dim);
    expect(Array.from(t)).toEqual(Array.from(once));
  });
});
