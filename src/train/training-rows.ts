/** Examples → weighted training rows, the same for every architecture (only the encoder differs). */
import { readAsAgent } from '../core/agent-text';
import type { Example } from './build-dataset';
import { makeRng } from './rng';

export interface Row {
  ids: Int32Array;
  label: number;
  weight: number;
}

/**
 * Long texts train on their first window and one other, as the classifier reads them window by window. The model
 * sees text as the scanner hands it over: invisibles stripped, smuggled text decoded.
 */
export function encodeExamples(examples: Example[], windowsOf: (text: string) => string[], encode: (window: string) => Int32Array, seed: number): Row[] {
  const rng = makeRng(seed);
  const rows: Row[] = [];
  for (const e of examples) {
    const wins = windowsOf(readAsAgent(e.text).text);
    const chosen = wins.length === 1 ? wins : [wins[0], wins[1 + Math.floor(rng() * (wins.length - 1))]];
    for (const w of chosen) rows.push({ ids: encode(w), label: e.label, weight: e.weight });
  }
  return rows;
}

/**
 * Rescales weights in place so that positives weigh `positiveShare` of the negatives in total and the mean weight
 * is 1 (the learning rate then means the same whatever the mix); returns the positive scale, for the log.
 */
export function balanceWeights(rows: Row[], positiveShare: number): number {
  let posW = 0;
  let negW = 0;
  for (const r of rows) (r.label ? (posW += r.weight) : (negW += r.weight));
  const posScale = (positiveShare * negW) / Math.max(posW, 1e-9);
  const meanW = (posW * posScale + negW) / rows.length;
  for (const r of rows) r.weight = (r.label ? r.weight * posScale : r.weight) / meanW;
  return posScale;
}
