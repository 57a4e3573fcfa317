/**
 * Counts behind the sample browser's charts: by technique, by site, per day. Pure; drawn as CSS bars.
 */
import type { Sample } from '../../core/sample-schema';

export interface Bar {
  label: string;
  count: number;
}

/** Most frequent first (ties by label), at most `limit` bars; the rest summed into "other". */
export function topCounts(keys: Iterable<string>, limit: number): Bar[] {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  const bars = [...counts].map(([label, count]) => ({ label, count }));
  bars.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  if (bars.length <= limit) return bars;
  const rest = bars.slice(limit - 1).reduce((n, b) => n + b.count, 0);
  return [...bars.slice(0, limit - 1), { label: 'other', count: rest }];
}

export function byTechnique(samples: readonly Sample[], limit = 12): Bar[] {
  return topCounts(samples.flatMap((s) => s.techniques), limit);
}

export function bySite(samples: readonly Sample[], limit = 10): Bar[] {
  return topCounts(samples.map((s) => s.site || '(no site)'), limit);
}

/** One bar per UTC day from the first to the last sample (empty days included), at most the last `days` days. */
export function overTime(samples: readonly Sample[], days = 30): Bar[] {
  if (!samples.length) return [];
  const DAY_MS = 86_400_000;
  const dayOf = (iso: string): number => Math.floor(Date.parse(iso) / DAY_MS);
  const counts = new Map<number, number>();
  for (const s of samples) counts.set(dayOf(s.time), (counts.get(dayOf(s.time)) ?? 0) + 1);
  const last = Math.max(...counts.keys());
  const first = Math.max(Math.min(...counts.keys()), last - days + 1);
  const bars: Bar[] = [];
  for (let d = first; d <= last; d++) {
    bars.push({ label: new Date(d * DAY_MS).toISOString().slice(0, 10), count: counts.get(d) ?? 0 });
  }
  return bars;
}
