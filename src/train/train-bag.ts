/** Minibatch Adam training of the bag model on featurised examples (deterministic for a seed). */
import { readAsAgent } from '../core/agent-text';
import { featurise, windowsOf, type FeaturiserConfig } from '../core/featurise';
import { makeAdam } from './adam';
import { accumulate, adamStep, forward, initBagModel, makeGrads, type BagModel, type BagModelShape } from './bag-model';
import type { Example } from './build-dataset';
import { makeRng, shuffleInPlace } from './rng';
import { balanceWeights, encodeExamples, type Row } from './training-rows';

export interface TrainOptions {
  shape: Omit<BagModelShape, 'buckets' | 'poolShrink'>;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Total positive weight as a share of total negative weight. */
  positiveShare: number;
  /** Share of ids dropped at random from each example on each pass (regularises toward many weak cues). */
  idDropout?: number;
  /** Train the embedding table by SGD at this rate (see adamStep); Adam when absent. */
  embSgdLr?: number;
  log?: (line: string) => void;
}

/** Long texts train on their first window and one other (see encodeExamples). */
export function featuriseExamples(examples: Example[], config: FeaturiserConfig, seed: number): Row[] {
  return encodeExamples(examples, (t) => windowsOf(t, config), (w) => featurise(w, config), seed);
}

export function trainBag(examples: Example[], config: FeaturiserConfig, opts: TrainOptions): BagModel {
  const log = opts.log ?? (() => undefined);
  const rows = featuriseExamples(examples, config, opts.seed);
  const posScale = balanceWeights(rows, opts.positiveShare);
  log(`train rows ${rows.length} (pos weight scale ${posScale.toFixed(2)})`);

  const model = initBagModel({ buckets: config.buckets, poolShrink: config.poolShrink ?? 0, ...opts.shape }, opts.seed);
  const grads = makeGrads(model);
  const rng = makeRng(opts.seed + 1);
  const totalSteps = opts.epochs * Math.ceil(rows.length / opts.batchSize);
  const adam = makeAdam(opts.lr);
  const f = forward(model, rows[0].ids);
  let step = 0;
  const scratch = new Int32Array(rows.reduce((m, r) => Math.max(m, r.ids.length), 1));
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffleInPlace(rows, rng);
    let loss = 0;
    const t0 = performance.now();
    for (let start = 0; start < rows.length; start += opts.batchSize) {
      const end = Math.min(rows.length, start + opts.batchSize);
      for (let i = start; i < end; i++) {
        const ids = dropIds(rows[i].ids, opts.idDropout ?? 0, rng, scratch);
        loss += accumulate(model, grads, ids, rows[i].label, rows[i].weight, f);
      }
      // linear decay to 10% keeps the last epoch from undoing the earlier ones
      adam.lr = opts.lr * (1 - (0.9 * step) / totalSteps);
      adamStep(adam, model, grads, end - start, undefined, opts.embSgdLr === undefined ? undefined : opts.embSgdLr * (1 - (0.9 * step) / totalSteps));
      step++;
    }
    log(`epoch ${epoch + 1}/${opts.epochs} loss ${(loss / rows.length).toFixed(4)} ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  }
  return model;
}

function dropIds(ids: Int32Array, rate: number, rng: () => number, scratch: Int32Array): Int32Array {
  if (rate <= 0 || ids.length < 4) return ids;
  let n = 0;
  for (let k = 0; k < ids.length; k++) if (rng() >= rate) scratch[n++] = ids[k];
  return n === 0 ? ids : scratch.subarray(0, n);
}

/** Scores as the shipped classifier computes them: max over windows. */
export function scoreTexts(model: BagModel, config: FeaturiserConfig, texts: string[]): number[] {
  return texts.map((t) => {
    let best = 0;
    for (const w of windowsOf(readAsAgent(t).text, config)) best = Math.max(best, forward(model, featurise(w, config)).p);
    return best;
  });
}
