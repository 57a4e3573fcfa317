/**
 * Section 1 + 3 of the bench: every detector on the same held-out texts → TPR (attacks flagged), FPR
 * (benign flagged), per source, and median single-text latency (several passes over a sample).
 */
import type { LabelledText } from './bench-data';
import { median, rate, sample } from './bench-stats';
import type { TextDetector } from './text-detectors';

export interface DetectorResult {
  name: string;
  how: string;
  tpr: number;
  fpr: number;
  positives: number;
  negatives: number;
  /** source → share flagged (TPR for attack sources, FPR for benign ones). */
  perSource: Record<string, { label: 0 | 1; n: number; flagged: number }>;
  medianLatencyMs: number;
  p90LatencyMs: number;
  latencyRuns: number;
}

const LATENCY_SAMPLE = 200;

export async function benchTextDetector(
  detector: TextDetector,
  items: LabelledText[],
  opts: { latencyRuns: number },
): Promise<DetectorResult> {
  const flags = await detector.flagMany(items.map((i) => i.text));
  const perSource: DetectorResult['perSource'] = {};
  let tp = 0;
  let fp = 0;
  let pos = 0;
  let neg = 0;
  items.forEach((item, i) => {
    const s = (perSource[item.source] ??= { label: item.label, n: 0, flagged: 0 });
    s.n++;
    if (flags[i]) s.flagged++;
    if (item.label === 1) {
      pos++;
      if (flags[i]) tp++;
    } else {
      neg++;
      if (flags[i]) fp++;
    }
  });
  // Latency: one text at a time, as a guard in front of an LLM would be called; median of the per-run medians.
  const probe = sample(items, LATENCY_SAMPLE, 11).map((i) => i.text);
  for (const t of probe.slice(0, 5)) await detector.flagOne(t); // warm-up (JIT, lazy model load)
  const runMedians: number[] = [];
  const all: number[] = [];
  for (let r = 0; r < opts.latencyRuns; r++) {
    const times: number[] = [];
    for (const t of probe) {
      const t0 = performance.now();
      await detector.flagOne(t);
      times.push(performance.now() - t0);
    }
    runMedians.push(median(times));
    all.push(...times);
  }
  all.sort((a, b) => a - b);
  return {
    name: detector.name,
    how: detector.how,
    tpr: rate(tp, pos),
    fpr: rate(fp, neg),
    positives: pos,
    negatives: neg,
    perSource,
    medianLatencyMs: median(runMedians),
    p90LatencyMs: all[Math.floor(all.length * 0.9)] ?? NaN,
    latencyRuns: opts.latencyRuns,
  };
}
