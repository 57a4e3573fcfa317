import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/sample-schema';
import { byTechnique, bySite, overTime, topCounts } from './sample-charts';

const s = (site: string, time: string, techniques: string[]): Sample => ({ site, time, techniques }) as unknown as Sample;

describe('sample charts', () => {
  it('topCounts sorts by count then label and folds the tail into "other"', () => {
    expect(topCounts(['b', 'a', 'b', 'c', 'd'], 10)).toEqual([
      { label: 'b', count: 2 }, { label: 'a', count: 1 }, { label: 'c', count: 1 }, { label: 'd', count: 1 },
    ]);
    expect(topCounts(['b', 'a', 'b', 'c', 'd'], 2)).toEqual([{ label: 'b', count: 2 }, { label: 'other', count: 3 }]);
  });
  it('counts every technique of a sample, and sites', () => {
    const list = [s('a.example', '2026-11-01T10:00:00Z', ['opacity', 'off-screen']), s('a.example', '2026-11-02T10:00:00Z', ['opacity']), s('', '2026-11-02T11:00:00Z', ['visible'])];
    expect(byTechnique(list)).toEqual([{ label: 'opacity', count: 2 }, { label: 'off-screen', count: 1 }, { label: 'visible', count: 1 }]);
    expect(bySite(list)).toEqual([{ label: 'a.example', count: 2 }, { label: '(no site)', count: 1 }]);
  });
  it('overTime fills empty days and keeps the last N days', () => {
    const list = [s('x', '2026-11-01T23:00:00Z', []), s('x', '2026-11-04T01:00:00Z', []), s('x', '2026-11-04T02:00:00Z', [])];
    expect(overTime(list)).toEqual([
      { label: '2026-11-01', count: 1 }, { label: '2026-11-02', count: 0 }, { label: '2026-11-03', count: 0 }, { label: '2026-11-04', count: 2 },
    ]);
    expect(overTime(list, 2).map((b) => b.label)).toEqual(['2026-11-03', '2026-11-04']);
    expect(overTime([])).toEqual([]);
  });
});
