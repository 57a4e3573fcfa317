import { describe, expect, it } from 'vitest';
import type { Finding, PageReport, Segment, Severity } from '../../core/types';
import { BADGE_COLOURS, badgeFor, worstSeverity } from './badge-for';
import { createScoreCache } from './create-score-cache';
import { createTabStore, type SessionArea } from './create-tab-store';
import { isRestrictedUrl } from './is-restricted-url';
import { idsByFrame, mergeFrames, type FrameScan } from './merge-frames';
import { awaitingTopFrame, hostListed, scanPolicy } from './scan-policy';

const finding = (severity: Severity, segmentId = 0): Finding => ({
  segmentId, text: 't', raw: 't', score: 0.9, modelScore: null, ruleScore: 0.9, severity, rules: [], hidden: [],
  visibility: 'visible', source: 'text', selector: 'p', frame: '', invisible: { removed: 0, kinds: [], decoded: '' },
});
const pageReport = (findings: Finding[]): PageReport => ({
  url: 'https://x/', verdict: findings.length ? 'injected' : 'clean', score: 0, findings, segmentCount: 10,
  closedShadowRoots: 0, modelStatus: 'ready', modelVersion: 'v1', timings: {}, scannedAt: 0,
});

describe('badgeFor', () => {
  it.each([
    ['no findings', 'done', [], ''],
    ['one low', 'done', ['low'], '1'],
    ['mixed', 'done', ['low', 'high', 'medium'], '3'],
  ] as const)('%s → "%s"', (_l, status, severities, text) => {
    expect(badgeFor(status, pageReport(severities.map((s) => finding(s)))).text).toBe(text);
  });
  it('colours by the worst severity', () => {
    expect(badgeFor('done', pageReport([finding('low'), finding('high')])).color).toBe(BADGE_COLOURS.high);
    expect(badgeFor('done', pageReport([finding('low'), finding('medium')])).color).toBe(BADGE_COLOURS.medium);
  });
  it('caps the count', () => {
    expect(badgeFor('done', pageReport(Array.from({ length: 150 }, () => finding('low')))).text).toBe('99+');
  });
  it('shows nothing while scanning or restricted, "!" on error', () => {
    expect(badgeFor('scanning', null).text).toBe('');
    expect(badgeFor('restricted', null).text).toBe('');
    expect(badgeFor('error', null).text).toBe('!');
  });
  it('worstSeverity of nothing is null', () => {
    expect(worstSeverity(null)).toBeNull();
  });
});

describe('isRestrictedUrl', () => {
  it.each([
    ['chrome://extensions/', true],
    ['about:blank', true],
    ['moz-extension://id/popup.html', true],
    ['https://chromewebstore.google.com/detail/x', true],
    ['https://chrome.google.com/webstore/detail/x', true],
    ['https://chrome.google.com/search', false],
    ['https://addons.mozilla.org/en-US/firefox/', true],
    ['view-source:https://example.com/', true],
    ['', true],
    [undefined, true],
    ['not a url', true],
    ['https://example.com/', false],
    ['http://127.0.0.1:8080/a.html', false],
    ['file:///home/me/page.html', false],
  ])('%s → %s', (url, restricted) => {
    expect(isRestrictedUrl(url)).toBe(restricted);
  });
});

describe('scanPolicy', () => {
  const base = { autoScan: true, denyList: [] as string[], allowList: [] as string[] };
  it.each([
    ['auto by default', base, 'https://news.example.com/a', 'auto'],
    ['deny list wins', { ...base, denyList: ['example.com'] }, 'https://news.example.com/a', 'never'],
    ['deny list wins over allow list', { ...base, autoScan: false, denyList: ['x.org'], allowList: ['x.org'] }, 'https://x.org/', 'never'],
    ['on click when auto scan is off', { ...base, autoScan: false }, 'https://a.org/', 'on-click'],
    ['allow list overrides auto scan off', { ...base, autoScan: false, allowList: ['a.org'] }, 'https://www.a.org/', 'auto'],
    ['suffix is not a subdomain', { ...base, denyList: ['ample.com'] }, 'https://example.com/', 'auto'],
  ] as const)('%s', (_l, settings, url, policy) => {
    expect(scanPolicy(url, settings)).toBe(policy);
  });
  it('matches hosts case-insensitively and tolerates "*." entries', () => {
    expect(hostListed('Mail.Example.COM', ['*.example.com'])).toBe(true);
    expect(hostListed('example.com', [' '])).toBe(false);
  });
});

describe('awaitingTopFrame', () => {
  const base = { autoScan: true, denyList: [] as string[], allowList: [] as string[] };
  it('waits for an automatically scanned top page that has not reported yet', () => {
    expect(awaitingTopFrame(false, 'https://news.example.com/a', base, false)).toBe(true);
    expect(awaitingTopFrame(true, 'https://news.example.com/a', base, false)).toBe(false);
  });
  it('does not wait for a top page that will not scan by itself', () => {
    expect(awaitingTopFrame(false, 'https://news.example.com/a', { ...base, denyList: ['example.com'] }, false)).toBe(false);
    expect(awaitingTopFrame(false, 'https://news.example.com/a', { ...base, autoScan: false }, false)).toBe(false);
    expect(awaitingTopFrame(false, 'chrome://settings', base, true)).toBe(false);
  });
});

describe('mergeFrames', () => {
  const seg = (id: number, text: string): Segment => ({
    id, text, raw: text, source: 'text', hidden: [], visibility: 'visible', selector: 'p', frame: '', length: text.length,
    invisible: { removed: 0, kinds: [], decoded: '' },
  });
  const scan = (segments: Segment[], extract: number, closed = 0): FrameScan => ({
    url: 'u', segments, closedShadowRoots: closed, timings: { extract },
  });
  it('gives tab-wide ids, top frame first, and routes them back', () => {
    const frames = new Map([
      [7, scan([seg(0, 'frame a'), seg(1, 'frame b')], 5, 1)],
      [0, scan([seg(0, 'top')], 9, 2)],
    ]);
    const m = mergeFrames(frames);
    expect(m.segments.map((s) => [s.id, s.text])).toEqual([[0, 'top'], [1, 'frame a'], [2, 'frame b']]);
    expect(m.routes.get(2)).toEqual([7, 1]);
    expect(m.closedShadowRoots).toBe(3);
    expect(m.timings.extract).toBe(9);
    expect(idsByFrame([2, 0, 1, 99], m.routes)).toEqual(new Map([[7, [1, 0]], [0, [0]]]));
  });
  it('routes from a stored plain object too', () => {
    expect(idsByFrame([5], { 5: [3, 1] })).toEqual(new Map([[3, [1]]]));
  });
});

describe('createScoreCache', () => {
  it('remembers per model version and evicts the least recently used', () => {
    const cache = createScoreCache(2);
    cache.set('v1', 'a', 0.1);
    cache.set('v1', 'b', 0.2);
    expect(cache.get('v2', 'a')).toBeUndefined();
    expect(cache.get('v1', 'a')).toBe(0.1); // a is now the most recent
    cache.set('v1', 'c', 0.3);
    expect(cache.get('v1', 'b')).toBeUndefined();
    expect(cache.get('v1', 'a')).toBe(0.1);
    expect(cache.size).toBe(2);
  });
});

describe('createTabStore', () => {
  function fakeArea(): SessionArea & { data: Map<string, unknown> } {
    const data = new Map<string, unknown>();
    return {
      data,
      get: async (key) => (data.has(key) ? { [key]: data.get(key) } : {}),
      set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
      remove: async (key) => void data.delete(key),
    };
  }
  const record = { state: { tabId: 4, url: 'u', status: 'done' as const, report: null, error: null }, routes: {} };
  it('writes through to session storage and reads it back after a restart', async () => {
    const area = fakeArea();
    await createTabStore(area).put(4, record);
    expect(area.data.has('tab:4')).toBe(true);
    expect(await createTabStore(area).get(4)).toEqual(record); // a fresh store = a restarted service worker
  });
  it('works in memory without session storage, and removes', async () => {
    const store = createTabStore(null);
    await store.put(4, record);
    expect(await store.get(4)).toEqual(record);
    await store.remove(4);
    expect(await store.get(4)).toBeNull();
  });
  it('keeps working in memory when session storage fails', async () => {
    const area = fakeArea();
    area.set = async () => {
      throw new Error('quota');
    };
    const store = createTabStore(area);
    await store.put(4, record);
    expect(await store.get(4)).toEqual(record);
  });
});
