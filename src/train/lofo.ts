/**
 * Leave-one-family-out: one held-out attack family says little (it may be easy or odd); training once per family
 * with that family removed, and scoring it against the same benign held-out set, says how the recipe generalises
 * to attack sources it has never seen. Pure logic over a scorer, so every architecture shares it.
 */
import { HELD_OUT_BENIGN_SOURCES, HELD_OUT_SUBSETS, type Dataset, type Example } from './build-dataset';
import { rate, rocAuc, thresholdForFpr, tprAtFpr } from './metrics';

export interface FoldResult {
  family: string;
  positives: number;
  standalone: number;
  embedded: number;
  /** Negatives: held-out benign instruction-like sources + NotInject three + test-page segments. */
  negatives: number;
  auc: number;
  tprAt1: number;
  /** Against the benign a page scanner meets: test-page segments and NotInject three only. */
  pageNegatives: number;
  aucVsPages: number;
  tprAt1VsPages: number;
  threshold: number;
  tprAtThreshold: number;
  pageFprAtThreshold: number;
}

/** Benign held-out rows that are not the held-out family's own (its contexts are held out with it). */
function isSharedBenign(e: Example): boolean {
  return e.label === 0 && (HELD_OUT_BENIGN_SOURCES.includes(e.source) || HELD_OUT_SUBSETS.includes(e.subset));
}

export function evaluateFold(family: string, ds: Dataset, score: (texts: string[]) => number[], pageFprBudget: number): FoldResult {
  const posEx = ds.heldout.filter((e) => e.label === 1 && e.source === family);
  const testPages = ds.test.filter((e) => e.subset === 'page-segment');
  const benign = ds.heldout.filter(isSharedBenign);
  const notInject = benign.filter((e) => HELD_OUT_SUBSETS.includes(e.subset));
  const valPages = ds.val.filter((e) => e.subset === 'page-segment');
  const [pos, benignScores, notInjectScores, pageScores, valScores] = [posEx, benign, notInject, testPages, valPages].map((xs) =>
    score(xs.map((e) => e.text)),
  );
  const threshold = thresholdForFpr(valScores, pageFprBudget);
  const neg = [...benignScores, ...pageScores];
  const pageNeg = [...notInjectScores, ...pageScores];
  return {
    family,
    positives: pos.length,
    standalone: posEx.filter((e) => !e.subset.endsWith('+embedded')).length,
    embedded: posEx.filter((e) => e.subset.endsWith('+embedded')).length,
    negatives: neg.length,
    auc: rocAuc(pos, neg),
    tprAt1: tprAtFpr(pos, neg, 0.01),
    pageNegatives: pageNeg.length,
    aucVsPages: rocAuc(pos, pageNeg),
    tprAt1VsPages: tprAtFpr(pos, pageNeg, 0.01),
    threshold,
    tprAtThreshold: rate(pos, threshold),
    pageFprAtThreshold: rate(pageScores, threshold),
  };
}

/** Attack families with enough attack texts to make a fold (tiny ones would only add noise). */
export function attackFamilies(texts: { source: string; role: string }[], minAttacks = 40): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) if (t.role === 'attack' || t.role === 'template') counts.set(t.source, (counts.get(t.source) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= minAttacks).map(([s]) => s).sort();
}

export function macroMean(rows: FoldResult[], pick: (r: FoldResult) => number): number {
  return rows.length ? rows.reduce((s, r) => s + pick(r), 0) / rows.length : NaN;
}
