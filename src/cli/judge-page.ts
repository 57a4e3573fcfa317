/**
 * Segments from the page scanner → verdict, score and findings, with the same core fusion the extension
 * uses (model scores batched, then analyseSegments).
 */
import { analyseSegments } from '../core/analyse';
import type { Sensitivity } from '../core/settings';
import type { Finding, Segment, Verdict } from '../core/types';
import type { TextClassifier } from '../model/classifier';

/** Stand-in model threshold for rules-only runs (analyseSegments ignores it without model scores). */
export const RULES_ONLY_THRESHOLD = 0.5;

export interface PageJudgement {
  findings: Finding[];
  verdict: Verdict;
  score: number;
  modelMs: number;
  analyseMs: number;
}

export async function judgePage(
  segments: Segment[],
  classifier: TextClassifier | null,
  opts: { sensitivity: Sensitivity; url?: string },
): Promise<PageJudgement> {
  const t0 = performance.now();
  const scores = classifier && segments.length > 0 ? await classifier.score(segments.map((s) => s.text)) : null;
  const t1 = performance.now();
  const result = analyseSegments(segments, scores, {
    threshold: classifier?.threshold ?? RULES_ONLY_THRESHOLD,
    sensitivity: opts.sensitivity,
    url: opts.url,
  });
  return { ...result, modelMs: t1 - t0, analyseMs: performance.now() - t1 };
}
