/** Ranking metrics for a detector: ROC-AUC, TPR at a fixed FPR, and the threshold that meets an FPR budget. */

export function rocAuc(pos: number[], neg: number[]): number {
  if (pos.length === 0 || neg.length === 0) return NaN;
  const all = [...pos.map((s) => [s, 1] as const), ...neg.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  // rank-sum (Mann-Whitney) with average ranks for ties
  let rankSumPos = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    const avgRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k][1] === 1) rankSumPos += avgRank;
    i = j;
  }
  return (rankSumPos - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

/** Smallest threshold t such that the share of negatives with score >= t is at most maxFpr. */
export function thresholdForFpr(neg: number[], maxFpr: number): number {
  const sorted = [...neg].sort((a, b) => b - a);
  const allowed = Math.floor(maxFpr * sorted.length);
  if (allowed >= sorted.length) return 0;
  // flag strictly above the (allowed)-th highest negative
  return Math.min(1, nextUp(sorted[allowed]));
}

function nextUp(x: number): number {
  return x + Math.max(1e-9, Math.abs(x) * 1e-7);
}

export function rate(scores: number[], threshold: number): number {
  if (scores.length === 0) return NaN;
  return scores.filter((s) => s >= threshold).length / scores.length;
}

export function tprAtFpr(pos: number[], neg: number[], fpr: number): number {
  return rate(pos, thresholdForFpr(neg, fpr));
}
