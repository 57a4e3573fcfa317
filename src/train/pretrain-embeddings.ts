/**
 * Self-supervised start for the CNN's token table: skip-gram with negative sampling (word2vec), fastText-style —
 * a position's vector is the sum of its word and trigram rows, trained to predict the words around it — over the
 * training split's own texts (labels unused; nothing held out is read).
 *
 * Why: the supervised signal only reaches words that occur in labelled attacks or their look-alikes. Words that mean
 * the same thing in the corpus ("disregard" / "ignore", "instructions" / "directives", a language's own words for
 * them) end up near each other here, so a paraphrase or an unseen wording starts near what the classifier learnt.
 * Deterministic given the seed.
 */
import { makeRng } from './rng';

export interface PretrainOptions {
  /** Context words each side of the centre. */
  window: number;
  /** Negative samples per (centre, context) pair. */
  negatives: number;
  epochs: number;
  /** Starting SGD rate (decays linearly to 1e-4 of it). */
  lr: number;
  /** Frequent-word subsampling threshold (word2vec's t). */
  subsample: number;
  /** The table is rescaled so its non-padding rows have this RMS per element: the classifier's starting scale. */
  targetRms: number;
  seed: number;
}

export const DEFAULT_PRETRAIN: Omit<PretrainOptions, 'seed'> = { window: 3, negatives: 5, epochs: 1, lr: 0.05, subsample: 1e-4, targetRms: 0.05 };

const sigmoid = (x: number) => (x > 8 ? 1 : x < -8 ? 0 : 1 / (1 + Math.exp(-x)));

/**
 * Returns a [buckets, dim] table (row 0 zero) learnt from `rows` (each [tokens × slots] ids, slot 0 the word id).
 */
export function pretrainTokenEmbeddings(rows: readonly Int32Array[], slots: number, buckets: number, dim: number, opts: PretrainOptions): Float32Array {
  const rng = makeRng(opts.seed);
  const emb = new Float32Array(buckets * dim);
  for (let i = dim; i < emb.length; i++) emb[i] = ((rng() * 2 - 1) * 0.5) / dim;
  const out = new Float32Array(buckets * dim);

  // word frequencies: subsampling of frequent words, and the unigram^0.75 table negatives are drawn from
  const counts = new Float64Array(buckets);
  let total = 0;
  for (const r of rows) for (let p = 0; p < r.length; p += slots) if (r[p] !== 0) (counts[r[p]]++, total++);
  const keep = new Float32Array(buckets);
  for (let b = 1; b < buckets; b++) {
    const f = counts[b] / Math.max(1, total);
    keep[b] = f > 0 ? Math.min(1, Math.sqrt(opts.subsample / f) + opts.subsample / f) : 0;
  }
  const negTable = unigramTable(counts, 1 << 20);

  const u = new Float32Array(dim);
  const du = new Float32Array(dim);
  const words = new Int32Array(4096);
  const positions = new Int32Array(4096);
  const steps = opts.epochs * rows.length;
  let step = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (const r of rows) {
      const lr = opts.lr * Math.max(1e-4, 1 - step++ / steps);
      // the kept positions of this row (subsampled), as word ids and their token positions
      let n = 0;
      for (let p = 0, t = 0; p < r.length && n < words.length; p += slots, t++) {
        const w = r[p];
        if (w !== 0 && rng() < keep[w]) (words[n] = w, positions[n++] = t);
      }
      for (let c = 0; c < n; c++) {
        const base = positions[c] * slots;
        u.fill(0);
        for (let s = 0; s < slots; s++) {
          const id = r[base + s];
          if (id === 0) continue;
          for (let d = 0, o = id * dim; d < dim; d++) u[d] += emb[o + d];
        }
        du.fill(0);
        const span = 1 + Math.floor(rng() * opts.window);
        for (let j = Math.max(0, c - span); j <= Math.min(n - 1, c + span); j++) {
          if (j === c) continue;
          for (let k = 0; k <= opts.negatives; k++) {
            const target = k === 0 ? words[j] : negTable[Math.floor(rng() * negTable.length)];
            if (k > 0 && target === words[j]) continue;
            const o = target * dim;
            let dot = 0;
            for (let d = 0; d < dim; d++) dot += u[d] * out[o + d];
            const g = lr * ((k === 0 ? 1 : 0) - sigmoid(dot));
            for (let d = 0; d < dim; d++) {
              du[d] += g * out[o + d];
              out[o + d] += g * u[d];
            }
          }
        }
        for (let s = 0; s < slots; s++) {
          const id = r[base + s];
          if (id === 0) continue;
          for (let d = 0, o = id * dim; d < dim; d++) emb[o + d] += du[d];
        }
      }
    }
  }
  rescale(emb, dim, opts.targetRms);
  return emb;
}

function unigramTable(counts: Float64Array, size: number): Int32Array {
  let norm = 0;
  for (let b = 1; b < counts.length; b++) norm += Math.pow(counts[b], 0.75);
  const table = new Int32Array(size);
  let b = 0;
  let acc = 0;
  for (let i = 0; i < size; i++) {
    while (b < counts.length - 1 && acc <= (i / size) * norm) acc += Math.pow(counts[++b], 0.75);
    table[i] = b;
  }
  return table;
}

function rescale(emb: Float32Array, dim: number, targetRms: number): void {
  let sq = 0;
  for (let i = dim; i < emb.length; i++) sq += emb[i] * emb[i];
  const rms = Math.sqrt(sq / Math.max(1, emb.length - dim));
  const k = rms > 0 ? targetRms / rms : 1;
  for (let i = dim; i < emb.length; i++) emb[i] *= k;
  emb.fill(0, 0, dim);
}
