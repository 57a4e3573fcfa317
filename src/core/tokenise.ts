/**
 * Text → a sequence of hashed token ids for sequence models (the CNN candidate). Pure TS, no DOM: training
 * (src/train), the extension worker and Node call the same code, like the bag featuriser in featurise.ts.
 *
 * Each token position carries `slots` ids: slot 0 is the hashed word, the rest are hashed character trigrams of
 * the word (fastText-style subwords, summed into the position's embedding by the model) so a misspelt, leetspoken
 * or unseen word still lands near its neighbours. Id 0 is padding everywhere; a real position's slot 0 is never 0,
 * which is how the model tells text from padding.
 */
import { normaliseForMatching } from './normalise';
import { hashString, TOKEN_RE, windowsOf } from './featurise';

export interface TokeniserConfig {
  kind: 'tokens';
  /** Rows of the embedding table shared by words and trigrams, including the padding row 0. */
  buckets: number;
  /** Ids per position: 1 word id + (slots - 1) trigram ids. */
  slots: number;
  /** Tokens read per window; a window's tokens past this are dropped (the next window overlaps them). */
  maxTokens: number;
  /** Texts are read in windows of at most this many characters; a long text scores as its worst window. */
  windowChars: number;
  /** Step between windows (windowChars - overlap). */
  windowStrideChars: number;
}

export const DEFAULT_TOKENISER_CONFIG: TokeniserConfig = {
  kind: 'tokens',
  buckets: 1 << 15,
  slots: 7,
  maxTokens: 128,
  windowChars: 512,
  windowStrideChars: 384,
};

const SALT_WORD = 0x27d4eb2f;
const SALT_TRIGRAM = 0x165667b1;

/** Word pieces and hashing are the bag featuriser's (featurise.ts): both models see one segmentation of the normalised text. */
const WORDLIKE = /^[\p{L}\p{N}_]/u;

function bucketOf(s: string, salt: number, buckets: number): number {
  return 1 + (hashString(s, salt) % (buckets - 1));
}

/** Split a (raw) text into the windows the model reads (the bag featuriser's windowing). Short texts are one window. */
export function tokenWindowsOf(text: string, config: Pick<TokeniserConfig, 'windowChars' | 'windowStrideChars'>): string[] {
  return windowsOf(text, config);
}

/** The word pieces of one window, after the rules' matching normalisation (case, homoglyphs, invisibles, leet). */
export function tokensOf(text: string, config: Pick<TokeniserConfig, 'windowChars' | 'maxTokens'>): string[] {
  const words = normaliseForMatching(text.slice(0, config.windowChars)).match(TOKEN_RE) ?? [];
  return words.length > config.maxTokens ? words.slice(0, config.maxTokens) : words;
}

/**
 * Ids for one window: [tokens × slots], row-major, zero-filled where a word has fewer trigrams than slots.
 * A word with more trigrams than slots keeps evenly spaced ones (its start, middle and end all count).
 */
export function tokenise(text: string, config: TokeniserConfig): Int32Array {
  const words = tokensOf(text, config);
  const { slots, buckets } = config;
  const ids = new Int32Array(words.length * slots);
  const sub = slots - 1;
  for (let t = 0; t < words.length; t++) {
    const w = words[t];
    const base = t * slots;
    ids[base] = bucketOf(w, SALT_WORD, buckets);
    if (sub === 0 || !WORDLIKE.test(w)) continue;
    const marked = `<${w}>`;
    const count = marked.length - 2;
    if (count <= sub) {
      for (let i = 0; i < count; i++) ids[base + 1 + i] = bucketOf(marked.slice(i, i + 3), SALT_TRIGRAM, buckets);
    } else {
      for (let k = 0; k < sub; k++) {
        const i = Math.round((k * (count - 1)) / (sub - 1 || 1));
        ids[base + 1 + k] = bucketOf(marked.slice(i, i + 3), SALT_TRIGRAM, buckets);
      }
    }
  }
  return ids;
}

/** A padded batch for the ONNX graph: ids [batch, length, slots], padding 0. */
export interface TokenBatch {
  ids: Int32Array;
  batch: number;
  length: number;
  slots: number;
}

export function packTokenBatch(rows: Int32Array[], slots: number): TokenBatch {
  // at least one position, so the graph's max over positions always has something to reduce
  const length = Math.max(1, ...rows.map((r) => r.length / slots));
  const ids = new Int32Array(rows.length * length * slots);
  rows.forEach((row, b) => ids.set(row, b * length * slots));
  return { ids, batch: rows.length, length, slots };
}
