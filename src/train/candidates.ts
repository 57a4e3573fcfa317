/** The architectures compared by `npm run train`; the best on held-out sources (within size/speed) ships. */
import { DEFAULT_FEATURISER_CONFIG, type FeaturiserConfig } from '../core/featurise';
import { DEFAULT_TOKENISER_CONFIG, type TokeniserConfig } from '../core/tokenise';
import type { Example } from './build-dataset';
import { exportCnnEnsemble } from './cnn-export';
import type { CnnModel } from './cnn-model';
import { DEFAULT_PRETRAIN } from './pretrain-embeddings';
import { scoreTextsCnn, trainCnn, type CnnTrainOptions } from './cnn-train';
import { exportBagModel } from './export-onnx';
import { roundTableToInt8 } from './quantise';
import { scoreTexts, trainBag, type TrainOptions } from './train-bag';

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
    name: 'bag-w256-sgd',
    description: 'hashed word 1–2-grams + char 3–5-grams (65,536 buckets) → shrunk-mean embedding (16) → ReLU (32) → sigmoid, read in 256-char windows (stride 192), the embedding table trained by plain SGD (rate 3000) instead of lazy Adam, so rare n-grams and hash collisions stay near zero',
    featuriser: { ...DEFAULT_FEATURISER_CONFIG, poolShrink: 12, windowChars: 256, windowStrideChars: 192 },
    // rate chosen on leave-one-family-out folds garak, spikee and ASB (1000 vs 3000 vs Adam), not on the held-out family
    train: { shape: { dim: 16, hidden: 32 }, epochs: 4, batchSize: 64, lr: 0.004, positiveShare: 0.5, idDropout: 0.3, embSgdLr: 3000 },
  },
];

/** A token-sequence candidate (small CNN, see cnn-model.ts); `kind` tells it from the bag candidates above. */
export interface CnnCandidate {
  kind: 'cnn';
  name: string;
  description: string;
  featuriser: TokeniserConfig;
  /** Ship the token table as int8 rows + a scale each (quantise.ts); every score is computed on the rounded table. */
  int8Table?: boolean;
  /** Train this many models (seeds seed, seed+1, …) and ship them as one ensemble (mean logit); default 1. */
  members?: number;
  train: Omit<CnnTrainOptions, 'seed' | 'log'>;
}

const CNN_TRAIN = { epochs: 4, batchSize: 64, lr: 0.003, positiveShare: 0.5, wordDropout: 0.2, tokenDropout: 0.1 };

const CNN_DESCRIPTION = (conv: string, emb = '', dim = 32) =>
  `hashed words + 6 char trigrams per word (32,768 buckets) → token embedding (${dim}${emb}) → ${conv} → ReLU → max over positions → ReLU (32) → sigmoid, 512-char windows of ≤ 128 tokens`;

export const CNN_CANDIDATES: CnnCandidate[] = [
  {
    kind: 'cnn',
    name: 'cnn-w3-sgd',
    description: CNN_DESCRIPTION('Conv1d width 3 (96 filters)', ', plain SGD so rare buckets stay small'),
    featuriser: DEFAULT_TOKENISER_CONFIG,
    // a bucket in most batches gets |grad| ≈ 2e-3 per step (measured): rate 1 moves it about as far as Adam at 0.003,
    // while a bucket seen once moves ~20× less than under lazy Adam
    train: { ...CNN_TRAIN, embSgdLr: 1, shape: { dim: 32, widths: [3], filters: 96, hidden: 32 } },
  },
  {
    kind: 'cnn',
    name: 'cnn-w3-pre-q8',
    description: CNN_DESCRIPTION('Conv1d width 3 (96 filters)', ', started from skip-gram vectors of the training texts, then plain SGD; shipped as int8 rows'),
    featuriser: DEFAULT_TOKENISER_CONFIG,
    int8Table: true,
    // the table as int8 costs nothing measurable: validation TPR@1%FPR 97.27% both, held-out 40.3% vs 40.1% (float
    // cnn-w3-pre), same threshold to 3 decimals; 1.23 MB instead of 4.25 MB
    train: { ...CNN_TRAIN, embSgdLr: 1, pretrain: DEFAULT_PRETRAIN, shape: { dim: 32, widths: [3], filters: 96, hidden: 32 } },
  },
];

/** Measured alternatives kept reproducible (`--candidate NAME`) but not trained by default (see the model card). */
export const EXTRA_CANDIDATES: AnyCandidate[] = [
  {
    kind: 'cnn',
    name: 'cnn-w3-pre-x3',
    description: CNN_DESCRIPTION('Conv1d width 3 (96 filters)', ', started from skip-gram vectors of the training texts, then plain SGD; int8 rows') + '; 3 such models (seeds s, s+1, s+2) averaged in logit space',
    featuriser: DEFAULT_TOKENISER_CONFIG,
    int8Table: true,
    members: 3,
    // three seeds of cnn-w3-pre-q8 (the first is that model, reused when both are trained). Measured at seeds
    // 20261129 and 7 against cnn-w3-pre alone (html-text pages): validation TPR@1%FPR 97.8% / 97.7% vs 97.3% / 96.6%,
    // held-out 43.0% / 38.4% vs 40.3% / 35.9%, held-out ROC-AUC 0.944 / 0.940 vs 0.933 / 0.931; at its (lower)
    // threshold NotInject three 89.4% at both seeds vs 92.0%. On the scanner's page segments (2026-11-30, seed
    // 20261129): validation 96.7% vs 95.6%, held-out 35.3% vs 34.6% (ROC-AUC 0.933 vs 0.927), NotInject three 90.3%
    // vs 92.9%, 3.7 MB and a third of the throughput. Not trained by default since then: with it the whole
    // `npm run train` took 2,290 s (2,260 CPU-s), past the 30 minutes, for a gain inside seed noise (~4 points).
    train: { ...CNN_TRAIN, embSgdLr: 1, pretrain: DEFAULT_PRETRAIN, shape: { dim: 32, widths: [3], filters: 96, hidden: 32 } },
  },
  {
    kind: 'cnn',
    name: 'cnn-w3-pre',
    description: CNN_DESCRIPTION('Conv1d width 3 (96 filters)', ', started from skip-gram vectors of the training texts, then plain SGD'),
    featuriser: DEFAULT_TOKENISER_CONFIG,
    // shipped at stop 9 (validation 97.27%, held-out 40.1%); cnn-w3-pre-q8 is the same model with an int8 table
    // the table starts from what the training texts say about which words go together (pretrain-embeddings.ts)
    train: { ...CNN_TRAIN, embSgdLr: 1, pretrain: DEFAULT_PRETRAIN, shape: { dim: 32, widths: [3], filters: 96, hidden: 32 } },
  },
  {
    kind: 'cnn',
    name: 'cnn-w3-pre-tt',
    description: CNN_DESCRIPTION('Conv1d width 3 (96 filters)', ', started from skip-gram vectors of the training texts and ~27k unlabelled Tensor Trust defences, then plain SGD'),
    featuriser: DEFAULT_TOKENISER_CONFIG,
    // a bigger self-supervised corpus: defenders' prompts talk about instructions, secrets and tricks in many wordings.
    // Measured against cnn-w3-pre (same seed): validation TPR@1%FPR 97.17% vs 97.27%, held-out 36.8% vs 40.1% (seed 7
    // of cnn-w3-pre alone gives 35.9%): no better than seed noise, so not trained by default
    train: { ...CNN_TRAIN, embSgdLr: 1, pretrain: DEFAULT_PRETRAIN, pretrainOnUnlabelled: true, shape: { dim: 32, widths: [3], filters: 96, hidden: 32 } },
  },
  {
    name: 'bag-wide',
    description:
      'hashed word 1–3-grams + skip-bigrams + char 2–5-grams (40,960 buckets) → shrunk-mean embedding (24) → ReLU (64) → sigmoid',
    featuriser: { ...DEFAULT_FEATURISER_CONFIG, buckets: 40_960, wordNgrams: [1, 2, 3], charNgrams: [2, 3, 4, 5], skipBigrams: true, poolShrink: 12 },
    // measured on the stop-9 data: validation TPR@1%FPR 77.5%, held-out 5.8% (bag-base 78.2% / 5.5%)
    train: { shape: { dim: 24, hidden: 64 }, epochs: 4, batchSize: 64, lr: 0.004, positiveShare: 0.5, idDropout: 0.3 },
  },
  {
    name: 'bag-words',
    description: 'hashed word 1–3-grams + skip-bigrams + char 4-grams (65,536 buckets) → shrunk-mean embedding (16) → ReLU (32) → sigmoid',
    featuriser: { ...DEFAULT_FEATURISER_CONFIG, wordNgrams: [1, 2, 3], charNgrams: [4], skipBigrams: true, poolShrink: 6 },
    // measured on the stop-9 data: validation TPR@1%FPR 73.4%, held-out 2.1%
    train: { shape: { dim: 16, hidden: 32 }, epochs: 4, batchSize: 64, lr: 0.004, positiveShare: 0.8, idDropout: 0.3 },
  },
  {
    name: 'bag-base-w256',
    description: 'hashed word 1–2-grams + char 3–5-grams (65,536 buckets) → shrunk-mean embedding (16) → ReLU (32) → sigmoid, read in 256-char windows (stride 192) so an injection is less diluted by surrounding page text',
    featuriser: { ...DEFAULT_FEATURISER_CONFIG, poolShrink: 12, windowChars: 256, windowStrideChars: 192 },
    // measured on the stop-9 data: validation TPR@1%FPR 79.7%, held-out 7.1%; bag-w256-sgd is this with SGD rows
    train: { shape: { dim: 16, hidden: 32 }, epochs: 4, batchSize: 64, lr: 0.004, positiveShare: 0.5, idDropout: 0.3 },
  },
  {
    kind: 'cnn',
    name: 'cnn-w3-pre3',
    description: CNN_DESCRIPTION('Conv1d width 3 (96 filters)', ', started from skip-gram vectors (3 passes, window 5) of the training texts, then plain SGD'),
    featuriser: DEFAULT_TOKENISER_CONFIG,
    // longer pretraining, measured on the shipped data: validation TPR@1%FPR 97.1% vs 97.3%, held-out 35.2% vs 40.1%
    // (AUC 0.914 vs 0.933): more passes fit the training texts' co-occurrences harder and generalise less
    train: { ...CNN_TRAIN, embSgdLr: 1, pretrain: { ...DEFAULT_PRETRAIN, epochs: 3, window: 5 }, shape: { dim: 32, widths: [3], filters: 96, hidden: 32 } },
  },
  {
    kind: 'cnn',
    name: 'cnn-w35-sgd',
    description: CNN_DESCRIPTION('Conv1d widths 3 and 5 (96 filters each)', ', plain SGD so rare buckets stay small'),
    featuriser: DEFAULT_TOKENISER_CONFIG,
    // measured on the same data as cnn-w3-sgd: validation TPR@1%FPR 97.1% vs 95.6%, held-out 26.9% vs 27.0%, 2.4x the
    // training time; a five-token window sees "ignore all of your previous …" whole; more filters for the wider patterns
    train: { ...CNN_TRAIN, embSgdLr: 1, shape: { dim: 32, widths: [3, 5], filters: 96, hidden: 32 } },
  },
  {
    kind: 'cnn',
    name: 'cnn-w3',
    description: CNN_DESCRIPTION('Conv1d width 3 (96 filters)', ', lazy Adam'),
    featuriser: DEFAULT_TOKENISER_CONFIG,
    train: { ...CNN_TRAIN, shape: { dim: 32, widths: [3], filters: 96, hidden: 32 } },
  },
  {
    kind: 'cnn',
    name: 'cnn-w234',
    description: CNN_DESCRIPTION('Conv1d widths 2, 3, 4 (32 filters each)', ', lazy Adam'),
    featuriser: DEFAULT_TOKENISER_CONFIG,
    train: { ...CNN_TRAIN, shape: { dim: 32, widths: [2, 3, 4], filters: 32, hidden: 32 } },
  },
  {
    kind: 'cnn',
    name: 'cnn-w3-pre64-q8',
    description: CNN_DESCRIPTION('Conv1d width 3 (96 filters)', ', started from skip-gram vectors of the training texts, then plain SGD; shipped as int8 rows', 64),
    featuriser: DEFAULT_TOKENISER_CONFIG,
    int8Table: true,
    // twice the table width (int8 leaves room in the 5 MB budget: 2.3 MB). Measured against cnn-w3-pre(-q8) at seeds
    // 20261129 / 7: validation TPR@1%FPR 97.8% / 97.1% vs 97.3% / 96.6%, held-out 41.7% / 37.3% vs 40.3% / 35.9%,
    // held-out ROC-AUC 0.933 / 0.916 vs 0.933 / 0.931, NotInject three 90.3% / 92.9%: within seed noise, not shipped
    train: { ...CNN_TRAIN, embSgdLr: 1, pretrain: DEFAULT_PRETRAIN, shape: { dim: 64, widths: [3], filters: 96, hidden: 32 } },
  },
];

export type AnyCandidate = Candidate | CnnCandidate;

/** Every candidate `npm run train` compares. */
export const ALL_CANDIDATES: AnyCandidate[] = [...CANDIDATES, ...CNN_CANDIDATES];

/**
 * The candidate a model version (`<name>-<date>-s<seed>`) was trained from: the longest name the version starts with,
 * so cnn-w3-pre-q8 is not read as cnn-w3-pre.
 */
export function candidateOfVersion(version: string): string | undefined {
  return [...ALL_CANDIDATES, ...EXTRA_CANDIDATES]
    .map((c) => c.name)
    .filter((n) => version.startsWith(`${n}-`))
    .sort((a, b) => b.length - a.length)[0];
}

export function isCnnCandidate(c: AnyCandidate): c is CnnCandidate {
  return (c as CnnCandidate).kind === 'cnn';
}

/** A trained candidate, whatever its architecture: the TS scorer (max over windows) and its ONNX bytes. */
export interface FittedCandidate {
  score(texts: string[]): number[];
  exportOnnx(docString: string): Uint8Array;
  /** CPU seconds of ensemble members reused from a model trained earlier in the run (not counted by the caller's clock). */
  reusedCpuSeconds?: number;
}

export interface FitOptions {
  seed: number;
  epochs?: number;
  /** Unlabelled texts for candidates that pretrain on them (load-sources.ts loadUnlabelledTexts, held-out families removed). */
  unlabelled?: readonly string[];
  log?: (s: string) => void;
}

/** Trained CNNs by training set and recipe: read-only once trained (the int8 rounding happens before caching). */
const trainedCnns = new WeakMap<readonly Example[], Map<string, { model: CnnModel; cpuSeconds: number }>>();

export function fitCandidate(c: AnyCandidate, train: Example[], opts: FitOptions): FittedCandidate {
  if (isCnnCandidate(c)) {
    const pretrainExtra = c.train.pretrainOnUnlabelled ? opts.unlabelled : undefined;
    const int8Table = c.int8Table ?? false;
    let reusedCpuSeconds = 0;
    const models = Array.from({ length: c.members ?? 1 }, (_, i) => {
      const trainOpts = { ...c.train, epochs: opts.epochs ?? c.train.epochs, seed: opts.seed + i, pretrainExtra };
      // an ensemble's first member is often a candidate already trained in this run: same data, recipe and seed
      const key = JSON.stringify({ featuriser: c.featuriser, int8Table, ...trainOpts, pretrainExtra: pretrainExtra?.length ?? 0 });
      const cache = trainedCnns.get(train) ?? new Map<string, { model: CnnModel; cpuSeconds: number }>();
      trainedCnns.set(train, cache);
      const hit = cache.get(key);
      if (hit) {
        opts.log?.(`member ${i + 1}: same recipe and seed as a model trained earlier in this run, reused`);
        reusedCpuSeconds += hit.cpuSeconds;
        return hit.model;
      }
      const cpu0 = process.cpuUsage();
      const model = trainCnn(train, c.featuriser, { ...trainOpts, log: opts.log });
      if (int8Table) roundTableToInt8(model.emb, model.dim);
      const cpu = process.cpuUsage(cpu0);
      cache.set(key, { model, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
      return model;
    });
    return { score: (texts) => scoreTextsCnn(models, c.featuriser, texts), exportOnnx: (doc) => exportCnnEnsemble(models, doc, { int8Table }), reusedCpuSeconds };
  }
  const model = trainBag(train, c.featuriser, { ...c.train, epochs: opts.epochs ?? c.train.epochs, seed: opts.seed, log: opts.log });
  return { score: (texts) => scoreTexts(model, c.featuriser, texts), exportOnnx: (doc) => exportBagModel(model, doc) };
}
