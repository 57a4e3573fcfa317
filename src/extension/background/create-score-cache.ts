/**
 * Remembers model scores by text so a rescan after a small DOM change only scores new text.
 * Keyed by model version too: a new model must not reuse old scores. Least recently used entries go first.
 */
export const SCORE_CACHE_ENTRIES = 5_000;

export interface ScoreCache {
  get(version: string, text: string): number | undefined;
  set(version: string, text: string, score: number): void;
  readonly size: number;
}

export function createScoreCache(maxEntries = SCORE_CACHE_ENTRIES): ScoreCache {
  const map = new Map<string, number>();
  const key = (version: string, text: string): string => `${version}\u0000${text}`;
  return {
    get(version, text) {
      const k = key(version, text);
      const score = map.get(k);
      if (score !== undefined) {
        map.delete(k); // refresh recency: Map keeps insertion order
        map.set(k, score);
      }
      return score;
    },
    set(version, text, score) {
      const k = key(version, text);
      map.delete(k);
      map.set(k, score);
      while (map.size > maxEntries) map.delete(map.keys().next().value as string);
    },
    get size() {
      return map.size;
    },
  };
}
