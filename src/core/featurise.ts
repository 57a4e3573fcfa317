/**
 * Text → hashed n-gram ids for the classifier. The one featuriser: training (src/train), the extension worker and
 * Node all call this, so a model and its tokenizer cannot drift apart. Pure TS, no DOM.
 *
 * Ids are in [1, buckets); 0 is padding. Each kind of n-gram hashes with its own salt so "ign" the char-gram and
 * "ign" the word never share a bucket on purpose.
 */
import { normaliseForMatching } from './normalise';

export interface FeaturiserConfig {
  /** Number of hash buckets (rows of the embedding table), including the padding row 0. */
  buckets: number;
  /** Word n-gram orders, e.g. [1, 2]. */
  wordNgrams: number[];
  /** Character n-gram orders over the normalised text, e.g. [3, 4, 5]. */
  charNgrams: number[];
  /** Skip-bigrams (word i, word i+2): catch "ignore … instructions" with a word in between. */
  skipBigrams?: boolean;
  /** Texts are read in windows of at most this many characters; a long text scores as its worst window. */
  windowChars: number;
  /** Step between windows (windowChars - overlap). */
  windowStrideChars: number;
  /** Hard cap on ids per window (keeps worst-case inference cost bounded). */
  maxIds: number;
  /**
   * Pooling is sum/(count + poolShrink): a mean for long texts, shrunk toward "no evidence" for short ones, so a
   * two-character UI string cannot score like a paragraph of attack text on the strength of one rare n-gram.
   */
  poolShrink?: number;
}

export const DEFAULT_FEATURISER_CONFIG: FeaturiserConfig = {
  buckets: 1 << 16,
  wordNgrams: [1, 2],
  charNgrams: [3, 4, 5],
  windowChars: 512,
  windowStrideChars: 384,
  maxIds: 2048,
  poolShrink: 0,
};

const SALT_WORD = 0x9e3779b1;
const SALT_CHAR = 0x85ebca6b;
const SALT_SKIP = 0xc2b2ae35;

/** Word pieces: letters/digits runs, plus the punctuation runs attackers lean on (`###`, `<|`, `]]`). */
export const TOKEN_RE = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]{1,4}/gu;

/** FNV-1a over UTF-16 units, salted per n-gram kind and order. */
export function hashString(s: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // final avalanche so nearby strings spread over the table
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

function bucketOf(s: string, salt: number, buckets: number): number {
  return 1 + (hashString(s, salt) % (buckets - 1));
}

/** The text the n-grams are cut from: the shared matching normalisation (case, homoglyphs, invisibles, spacing). */
export function featureText(text: string): string {
  return normaliseForMatching(text);
}

/** Split a (raw) text into the windows the model reads. Short texts are one window. */
export function windowsOf(text: string, config: Pick<FeaturiserConfig, 'windowChars' | 'windowStrideChars'>): string[] {
  if (text.length <= config.windowChars) return [text];
  const out: string[] = [];
  for (let start = 0; start < text.length; start += config.windowStrideChars) {
    out.push(text.slice(start, start + config.windowChars));
    if (start + config.windowChars >= text.length) break;
  }
  return out;
}

/** Ids for one window of text (already cut to windowChars by the caller, or short). */
export function featurise(text: string, config: FeaturiserConfig): Int32Array {
  const norm = featureText(text.slice(0, config.windowChars));
  const ids: number[] = [];
  const { buckets, maxIds } = config;
  const words = norm.match(TOKEN_RE) ?? [];
  for (const n of config.wordNgrams) {
    const salt = (SALT_WORD + n * 0x1000193) >>> 0;
    for (let i = 0; i + n <= words.length && ids.length < maxIds; i++) {
      ids.push(bucketOf(n === 1 ? words[i] : words.slice(i, i + n).join(' '), salt, buckets));
    }
  }
  if (config.skipBigrams) {
    for (let i = 0; i + 2 < words.length && ids.length < maxIds; i++) {
      ids.push(bucketOf(`${words[i]} ${words[i + 2]}`, SALT_SKIP, buckets));
    }
  }
  const padded = ` ${norm} `;
  for (const n of config.charNgrams) {
    const salt = (SALT_CHAR + n * 0x1000193) >>> 0;
    for (let i = 0; i + n <= padded.length && ids.length < maxIds; i++) {
      ids.push(bucketOf(padded.slice(i, i + n), salt, buckets));
    }
  }
  if (ids.length === 0) ids.push(bucketOf('', SALT_WORD, buckets)); // empty text still gets one (learned) id
  return Int32Array.from(ids);
}

/** A padded batch: ids [batch, length] and per-id pooling weights (0 on padding), ready for the ONNX graph. */
export interface FeatureBatch {
  ids: Int32Array;
  weights: Float32Array;
  batch: number;
  length: number;
}

/** Weight of each id in the pooled vector: 1/(count + shrink). */
export function poolWeight(count: number, config: Pick<FeaturiserConfig, 'poolShrink'>): number {
  return 1 / (count + (config.poolShrink ?? 0));
}

export function packBatch(rows: Int32Array[], config: Pick<FeaturiserConfig, 'poolShrink'> = {}): FeatureBatch {
  const length = Math.max(1, ...rows.map((r) => r.length));
  const batch = rows.length;
  const ids = new Int32Array(batch * length);
  const weights = new Float32Array(batch * length);
  rows.forEach((row, b) => {
    const w = poolWeight(row.length, config);
    ids.set(row, b * length);
    weights.fill(w, b * length, b * length + row.length);
  });
  return { ids, weights, batch, length };
}
