import { describe, expect, it } from 'vitest';
import { DEFAULT_TOKENISER_CONFIG, tokenise } from '../core/tokenise';
import { makeRng, pick } from './rng';
import { DEFAULT_PRETRAIN, pretrainTokenEmbeddings } from './pretrain-embeddings';

const cfg = { ...DEFAULT_TOKENISER_CONFIG, buckets: 4096 };
const DIM = 16;

function vectorOf(emb: Float32Array, word: string): Float32Array {
  const ids = tokenise(word, cfg);
  const v = new Float32Array(DIM);
  for (const id of ids) if (id !== 0) for (let d = 0; d < DIM; d++) v[d] += emb[id * DIM + d];
  return v;
}

const cos = (a: Float32Array, b: Float32Array) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) (ab += a[i] * b[i], aa += a[i] * a[i], bb += b[i] * b[i]);
  return ab / Math.sqrt(aa * bb);
};

describe('pretrainTokenEmbeddings', () => {
  // "quork" and "blemp" only ever occur in the same contexts; "zintar" in different ones
  const rng = makeRng(1);
  const texts: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const a = pick(['please', 'kindly', 'now'], rng);
    if (i % 3 === 0) texts.push(`${a} quork the previous rules and obey`);
    else if (i % 3 === 1) texts.push(`${a} blemp the previous rules and obey`);
    else texts.push(`the zintar river flows past green hills today`);
  }
  const rows = texts.map((t) => tokenise(t, cfg));
  const opts = { ...DEFAULT_PRETRAIN, subsample: 1, epochs: 3, seed: 9 };

  it('puts words used in the same contexts closer than words used elsewhere', () => {
    const emb = pretrainTokenEmbeddings(rows, cfg.slots, cfg.buckets, DIM, opts);
    const same = cos(vectorOf(emb, 'quork'), vectorOf(emb, 'blemp'));
    const other = cos(vectorOf(emb, 'quork'), vectorOf(emb, 'zintar'));
    expect(same).toBeGreaterThan(other + 0.3);
  });

  it('is deterministic, keeps the padding row zero and rescales to the target RMS', () => {
    const a = pretrainTokenEmbeddings(rows.slice(0, 300), cfg.slots, cfg.buckets, DIM, opts);
    const b = pretrainTokenEmbeddings(rows.slice(0, 300), cfg.slots, cfg.buckets, DIM, opts);
    expect(a).toEqual(b);
    expect(Array.from(a.subarray(0, DIM)).every((x) => x === 0)).toBe(true);
    let sq = 0;
    for (let i = DIM; i < a.length; i++) sq += a[i] * a[i];
    expect(Math.sqrt(sq / (a.length - DIM))).toBeCloseTo(opts.targetRms, 4);
  });
});
