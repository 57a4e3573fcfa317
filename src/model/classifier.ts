/**
 * One classifier interface over onnxruntime-web, the same in the browser worker and in Node.
 * Texts are cut into the featuriser's windows; a text scores as its most suspicious window (an injection
 * buried in a long article must not be averaged away).
 */
import { featurise, packBatch, windowsOf, type FeaturiserConfig } from '../core/featurise';

export interface ModelConfig {
  version: string;
  /** Default decision threshold on the probability, chosen on validation data of the training sources. */
  threshold: number;
  featuriser: FeaturiserConfig;
  /** ONNX input/output names. */
  inputIds?: string;
  inputWeights?: string;
  output?: string;
  /** Free-form description of the architecture (for the model card and the popup). */
  architecture?: string;
}

export interface TextClassifier {
  readonly version: string;
  readonly threshold: number;
  /** Probabilities 0..1 in the same order as `texts`; batches internally. */
  score(texts: string[]): Promise<number[]>;
}

/** Windows per session.run: big enough to amortise the call, small enough to keep one call short. */
const BATCH_WINDOWS = 64;

type Ort = typeof import('onnxruntime-web');

export async function createClassifier(
  ort: Ort,
  modelBytes: Uint8Array,
  config: ModelConfig,
  opts?: { numThreads?: number },
): Promise<TextClassifier> {
  if (opts?.numThreads !== undefined) ort.env.wasm.numThreads = opts.numThreads;
  const session = await ort.InferenceSession.create(modelBytes, { executionProviders: ['wasm'] });
  const idsName = config.inputIds ?? 'ids';
  const weightsName = config.inputWeights ?? 'weights';
  const outName = config.output ?? 'score';
  // One run at a time: an InferenceSession must not run concurrently ("Session already started").
  let chain: Promise<unknown> = Promise.resolve();

  async function runWindows(windows: string[]): Promise<Float32Array> {
    const out = new Float32Array(windows.length);
    const rows = windows.map((w) => featurise(w, config.featuriser));
    // batch windows of similar length together: padding a 5-id row to 1,500 ids wastes the whole batch
    const order = rows.map((_, i) => i).sort((a, b) => rows[a].length - rows[b].length);
    for (let start = 0; start < order.length; start += BATCH_WINDOWS) {
      const part = order.slice(start, start + BATCH_WINDOWS);
      const batch = packBatch(part.map((i) => rows[i]), config.featuriser);
      const feeds = {
        [idsName]: new ort.Tensor('int32', batch.ids, [batch.batch, batch.length]),
        [weightsName]: new ort.Tensor('float32', batch.weights, [batch.batch, batch.length, 1]),
      };
      const result = await session.run(feeds);
      const data = result[outName].data as Float32Array;
      part.forEach((i, k) => (out[i] = data[k]));
    }
    return out;
  }

  async function scoreNow(texts: string[]): Promise<number[]> {
    const windows: string[] = [];
    const owner: number[] = [];
    texts.forEach((text, i) => {
      for (const w of windowsOf(text, config.featuriser)) {
        windows.push(w);
        owner.push(i);
      }
    });
    const scores = new Array<number>(texts.length).fill(0);
    if (windows.length === 0) return scores;
    const windowScores = await runWindows(windows);
    owner.forEach((i, k) => {
      if (windowScores[k] > scores[i]) scores[i] = windowScores[k];
    });
    return scores;
  }

  return {
    version: config.version,
    threshold: config.threshold,
    score(texts: string[]): Promise<number[]> {
      const next = chain.then(() => scoreNow(texts));
      chain = next.catch(() => undefined);
      return next;
    },
  };
}
