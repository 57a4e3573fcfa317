/** The architectures compared by `npm run train`; the best on held-out sources (within size/speed) ships. */
import { DEFAULT_FEATURISER_CONFIG, type FeaturiserConfig } from '../core/featurise';
import type { TrainOptions } from './train-bag';

export interface Candidate {
  name: string;
  description: string;
  featuriser: FeaturiserConfig;
  train: Omit<TrainOptions, 'seed' | 'log'>;
}

export const CANDIDATES: Candidate[] = [
  {
    name: 'bag-base',
    description: 'hashed word 1–2-grams + char 3–5-grams (65,536 buckets) → shrunk-mean embedding (16) → ReLU (32) → sigmoid',
    featuriser: { ...DEFAULT_FEATURISER_CONFIG, poolShrink: 12 },
    train: { shape: { dim: 16, hidden: 32 }, epochs: 4, batchSize: 64, lr: 0.004, positiveShare: 0.5, idDropout: 0.3 },
  },
  {
    name: 'bag-wide',
    description:
      'hashed word 1–3-grams + skip-bigrams + char 2–5-grams (40,960 buckets) → shrunk-mean embedding (24) → ReLU (64) → sigmoid',
    featuriser: { ...DEFAULT_FEATURISER_CONFIG, buckets: 40_960, wordNgrams: [1, 2, 3], charNgrams: [2, 3, 4, 5], skipBigrams: true, poolShrink: 12 },
    train: { shape: { dim: 24, hidden: 64 }, epochs: 4, batchSize: 64, lr: 0.004, positiveShare: 0.5, idDropout: 0.3 },
  },
  {
    name: 'bag-words',
    description: 'hashed word 1–3-grams + skip-bigrams + char 4-grams (65,536 buckets) → shrunk-mean embedding (16) → ReLU (32) → sigmoid',
    featuriser: { ...DEFAULT_FEATURISER_CONFIG, wordNgrams: [1, 2, 3], charNgrams: [4], skipBigrams: true, poolShrink: 6 },
    train: { shape: { dim: 16, hidden: 32 }, epochs: 4, batchSize: 64, lr: 0.004, positiveShare: 0.8, idDropout: 0.3 },
  },
  {
    name: 'bag-base-w256',
    description: 'hashed word 1–2-grams + char 3–5-grams (65,536 buckets) → shrunk-mean embedding (16) → ReLU (32) → sigmoid, read in 256-char windows (stride 192) so an injection is less diluted by surrounding page text',
    featuriser: { ...DEFAULT_FEATURISER_CONFIG, poolShrink: 12, windowChars: 256, windowStrideChars: 192 },
    train: { shape: { dim: 16, hidden: 32 }, epochs: 4, batchSize: 64, lr: 0.004, positiveShare: 0.5, idDropout: 0.3 },
  },
];
