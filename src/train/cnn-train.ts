/** Minibatch Adam training of the token CNN (deterministic for a seed), with the bag trainer's weighting. */
import { readAsAgent } from '../core/agent-text';
import { tokenise, tokenWindowsOf, type TokeniserConfig } from '../core/tokenise';
import type { Example } from './build-dataset';
import {
  cnnAccumulate,
  cnnAdamStep,
  cnnForward,
  initCnnModel,
  makeCnnForward,
  makeCnnGrads,
  type CnnModel,
  type CnnShape,
} from './cnn-model';
import { makeAdam } from './adam';
import { sigmoid } from './bag-model';
import { pretrainTokenEmbeddings, type PretrainOptions } from './pretrain-embeddings';
import { makeRng, shuffleInPlace, type Rng } from './rng';
import { balanceWeights, encodeExamples, type Row } from './training-rows';

export interface CnnTrainOptions {
  shape: Omit<CnnShape, 'buckets' | 'slots'>;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Total positive weight as a share of total negative weight. */
  positiveShare: number;
  /** Share of word ids blanked on each pass (the trigrams stay): teaches the subwords to carry a word. */
  wordDropout?: number;
  /** Share of whole tokens removed on each pass: no single word may decide a window. */
  tokenDropout?: number;
  /** Dropout on the max-pooled filter outputs (inverted: kept ones scale by 1/(1-rate)). */
  poolDropout?: number;
  /** Plain-SGD rate for the embedding table instead of Adam (see cnnAdamStep); decays with the Adam rate. */
  embSgdLr?: number;
  /** Start the token table from skip-gram vectors learnt on the training texts (pretrain-embeddings.ts). */
  pretrain?: Omit<PretrainOptions, 'seed'>;
  /** Pretraining also reads these unlabelled texts (up to PRETRAIN_WINDOWS_PER_TEXT windows each); the classifier never sees them. */
  pretrainExtra?: readonly string[];
  /** The candidate asks for the unlabelled corpus (main.ts and lofo-main.ts load it and pass it as pretrainExtra). */
  pretrainOnUnlabelled?: boolean;
  log?: (line: string) => void;
}

/** A long unlabelled text adds at most this many windows to the pretraining corpus, so a few essays do not dominate it. */
const PRETRAIN_WINDOWS_PER_TEXT = 3;

/** Long texts train on their first window and one other (see encodeExamples). */
export function tokeniseExamples(examples: Example[], config: TokeniserConfig, seed: number): Row[] {
  return encodeExamples(examples, (t) => tokenWindowsOf(t, config), (w) => tokenise(w, config), seed);
}

export function trainCnn(examples: Example[], config: TokeniserConfig, opts: CnnTrainOptions): CnnModel {
  const log = opts.log ?? (() => undefined);
  const rows = tokeniseExamples(examples, config, opts.seed);
  const posScale = balanceWeights(rows, opts.positiveShare);
  log(`train rows ${rows.length} (pos weight scale ${posScale.toFixed(2)})`);

  const model = initCnnModel({ buckets: config.buckets, slots: config.slots, ...opts.shape }, opts.seed);
  if (opts.pretrain) {
    const t0 = performance.now();
    const corpus = rows.map((r) => r.ids);
    for (const t of opts.pretrainExtra ?? []) {
      for (const w of tokenWindowsOf(readAsAgent(t).text, config).slice(0, PRETRAIN_WINDOWS_PER_TEXT)) corpus.push(tokenise(w, config));
    }
    if (opts.pretrainExtra?.length) log(`pretraining corpus: ${rows.length} training rows + ${corpus.length - rows.length} unlabelled windows`);
    model.emb.set(pretrainTokenEmbeddings(corpus, config.slots, config.buckets, model.dim, { ...opts.pretrain, seed: opts.seed + 2 }));
    log(`pretrained token table in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  }
  const f = makeCnnForward(model, config.maxTokens);
  const grads = makeCnnGrads(model, config.maxTokens);
  const rng = makeRng(opts.seed + 1);
  const totalSteps = opts.epochs * Math.ceil(rows.length / opts.batchSize);
  const adam = makeAdam(opts.lr);
  const scratch = new Int32Array(config.maxTokens * config.slots);
  const poolRate = opts.poolDropout ?? 0;
  const poolMask = poolRate > 0 ? new Float32Array(model.filters * model.widths.length) : undefined;
  let step = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffleInPlace(rows, rng);
    let loss = 0;
    const t0 = performance.now();
    for (let start = 0; start < rows.length; start += opts.batchSize) {
      const end = Math.min(rows.length, start + opts.batchSize);
      for (let i = start; i < end; i++) {
        const ids = dropTokens(rows[i].ids, config.slots, opts.wordDropout ?? 0, opts.tokenDropout ?? 0, rng, scratch);
        if (poolMask) for (let k = 0; k < poolMask.length; k++) poolMask[k] = rng() < poolRate ? 0 : 1 / (1 - poolRate);
        loss += cnnAccumulate(model, grads, ids, rows[i].label, rows[i].weight, f, poolMask);
      }
      // linear decay to 10% keeps the last epoch from undoing the earlier ones
      adam.lr = opts.lr * (1 - (0.9 * step) / totalSteps);
      const decay = 1 - (0.9 * step) / totalSteps;
      cnnAdamStep(adam, model, grads, end - start, 1e-6, opts.embSgdLr === undefined ? undefined : opts.embSgdLr * decay);
      step++;
    }
    log(`epoch ${epoch + 1}/${opts.epochs} loss ${(loss / rows.length).toFixed(4)} ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  }
  return model;
}

function dropTokens(ids: Int32Array, slots: number, wordRate: number, tokenRate: number, rng: Rng, scratch: Int32Array): Int32Array {
  const n = ids.length / slots;
  if ((wordRate <= 0 && tokenRate <= 0) || n < 3) return ids;
  let kept = 0;
  for (let t = 0; t < n; t++) {
    if (tokenRate > 0 && rng() < tokenRate) continue;
    const o = kept * slots;
    scratch.set(ids.subarray(t * slots, (t + 1) * slots), o);
    // only words with subwords lose their word id: punctuation has nothing else to stand on
    if (wordRate > 0 && scratch[o + 1] !== 0 && rng() < wordRate) scratch[o] = 0;
    kept++;
  }
  return kept === 0 ? ids : scratch.subarray(0, kept * slots);
}

/**
 * Scores as the shipped classifier computes them: max over windows. Several models score as one ensemble would
 * (cnn-export.ts exportCnnEnsemble): each window's score is the sigmoid of the members' mean logit.
 */
export function scoreTextsCnn(models: CnnModel | readonly CnnModel[], config: TokeniserConfig, texts: string[]): number[] {
  const members = Array.isArray(models) ? (models as readonly CnnModel[]) : [models as CnnModel];
  const fs = members.map((m) => makeCnnForward(m, config.maxTokens));
  return texts.map((t) => {
    let best = 0;
    for (const w of tokenWindowsOf(readAsAgent(t).text, config)) {
      const ids = tokenise(w, config);
      let logit = 0;
      members.forEach((m, i) => (logit += cnnForward(m, ids, fs[i]).logit));
      best = Math.max(best, sigmoid(logit / members.length));
    }
    return best;
  });
}
