/**
 * One classifier interface over onnxruntime-web, the same in the browser worker and in Node.
 * Texts are cut into the featuriser's windows; a text scores as its most suspicious window (an injection
 * buried in a long article must not be averaged away).
 */
import { featurise, packBatch, windowsOf, type FeaturiserConfig } from '../core/featurise';
import { packTokenBatch, tokenise, tokenWindowsOf, type TokeniserConfig } from '../core/tokenise';

export interface ModelConfig {
  version: string;
  /** Default decision threshold on the probability, chosen on validation data of the training sources. */
  threshold: number;
  /**
   * What the graph reads. A bag featuriser (no `kind`): `ids` [N,L] + pooling `weights` [N,L,1]. A token
   * tokeniser (`kind: 'tokens'`): `ids` [N,L,slots] only, padding 0.
   */
  featuriser: FeaturiserConfig | TokeniserConfig;
  /** ONNX input/output names. */
  inputIds?: string;
  /** Bag graphs only. */
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
type Feeds = Record<string, InstanceType<Ort['Tensor']>>;

/** How one kind of graph turns text into its inputs. */
interface Encoder {
  windows(text: string): string[];
  encode(window: string): Int32Array;
  feeds(rows: Int32Array[]): Feeds;
}

function isTokeniser(c: FeaturiserConfig | TokeniserConfig): c is TokeniserConfig {
  return (c as TokeniserConfig).kind === 'tokens';
}

function encoderFor(ort: Ort, config: ModelConfig): Encoder {
  const idsName = config.inputIds ?? 'ids';
  const f = config.featuriser;
  if (isTokeniser(f)) {
    return {
      windows: (text) => tokenWindowsOf(text, f),
      encode: (w) => tokenise(w, f),
      feeds: (rows) => {
        const b = packTokenBatch(rows, f.slots);
        return { [idsName]: new ort.Tensor('int32', b.ids, [b.batch, b.length, b.slots]) };
      },
    };
  }
  const weightsName = config.inputWeights ?? 'weights';
  return {
    windows: (text) => windowsOf(text, f),
    encode: (w) => featurise(w, f),
    feeds: (rows) => {
      const b = packBatch(rows, f);
      return {
        [idsName]: new ort.Tensor('int32', b.ids, [b.batch, b.length]),
        [weightsName]: new ort.Tensor('float32', b.weights, [b.batch, b.length, 1]),
      };
    },
  };
}

export async function createClassifier(
  ort: Ort,
  modelBytes: Uint8Array,
  config: ModelConfig,
  opts?: { numThreads?: number },
): Promise<TextClassifier> {
  if (opts?.numThreads !== undefined) ort.env.wasm.numThreads = opts.numThreads;
  const session = await ort.InferenceSession.create(modelBytes, { executionProviders: ['wasm'] });
  const encoder = encoderFor(ort, config);
  const outName = config.output ?? 'score';
  // One run at a time: an InferenceSession must not run concurrently ("Session already started").
  let chain: Promise<unknown> = Promise.resolve();

  async function runWindows(windows: string[]): Promise<Float32Array> {
    const out = new Float32Array(windows.length);
    const rows = windows.map((w) => encoder.encode(w));
    // batch windows of similar length together: padding a 5-id row to 1,500 ids wastes the whole batch
    const order = rows.map((_, i) => i).sort((a, b) => rows[a].length - rows[b].length);
    for (let start = 0; start < order.length; start += BATCH_WINDOWS) {
      const part = order.slice(start, start + BATCH_WINDOWS);
      const result = await session.run(encoder.feeds(part.map((i) => rows[i])));
      const data = result[outName].data as Float32Array;
      part.forEach((i, k) => (out[i] = data[k]));
    }
    return out;
  }

  async function scoreNow(texts: string[]): Promise<number[]> {
    const windows: string[] = [];
    const owner: number[] = [];
    texts.forEach((text, i) => {
      for (const w of encoder.windows(text)) {
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
