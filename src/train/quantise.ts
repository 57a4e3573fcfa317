/**
 * Per-row symmetric int8 for an embedding table: row r is stored as int8 q[r, :] and one float scale[r], and reads
 * back as q · scale. The table is nearly all of the model's bytes (32,768 × 32 floats = 4 MB), and a row is only ever
 * read whole, so one scale per row keeps each row's precision (~0.4% of its largest value) for a quarter of the size.
 */
export interface QuantisedRows {
  q: Int8Array;
  scale: Float32Array;
}

export function quantiseRows(table: Float32Array, dim: number): QuantisedRows {
  const rows = table.length / dim;
  const q = new Int8Array(table.length);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let d = 0; d < dim; d++) max = Math.max(max, Math.abs(table[r * dim + d]));
    if (max === 0) continue;
    const s = Math.fround(max / 127);
    scale[r] = s;
    for (let d = 0; d < dim; d++) q[r * dim + d] = Math.max(-127, Math.min(127, Math.round(table[r * dim + d] / s)));
  }
  return { q, scale };
}

/** The float table the int8 one reads back as (Float32 products, as onnxruntime computes them). */
export function dequantiseRows({ q, scale }: QuantisedRows, dim: number): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = q[i] * scale[(i / dim) | 0];
  return out;
}

/**
 * Replaces `table` by what its int8 form reads back as, so every score computed afterwards in TS (threshold,
 * evaluation) is the shipped model's. Idempotent: quantising the result again gives the same q and scales.
 */
export function roundTableToInt8(table: Float32Array, dim: number): void {
  table.set(dequantiseRows(quantiseRows(table, dim), dim));
}
