/** Small, dependency-free statistics for the bench: medians, rates, a seeded sampler. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** mulberry32: a tiny seeded PRNG so every bench run samples the same items. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic sample of at most n items (order shuffled by the seed). */
export function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  const copy = [...items];
  const rand = seededRandom(seed);
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

export function rate(hits: number, total: number): number {
  return total === 0 ? NaN : hits / total;
}

export function pct(x: number, digits = 1): string {
  return Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(digits)}%`;
}

export function ms(x: number, digits = 2): string {
  return Number.isNaN(x) ? 'n/a' : `${x.toFixed(digits)} ms`;
}
