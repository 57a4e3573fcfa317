/**
 * watchMutations in real Chromium: changed subtrees are rescanned (and only they), our own overlay and
 * non-content tags are ignored, a flood of mutations becomes one full rescan, abort stops everything.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Segment } from '../../src/core/types';
import { hasChromium } from '../helpers/browser';
import { scanSuite } from '../fixtures/scan/suite';

interface Change {
  full: boolean;
  texts: string[];
  segments: Segment[];
}

describe.skipIf(!hasChromium)('watchMutations', () => {
  const suite = scanSuite();
  let page: Page;

  beforeEach(async () => {
    page = await suite.open('watch.html');
    await page.evaluate(() => {
      const w = window as unknown as {
        __changes: Change[];
        __stop: AbortController;
        __injectionLens: { watchMutations(d: Document, cb: (r: { full?: boolean; segments: Segment[] }) => void, o: object): void };
      };
      w.__changes = [];
      w.__stop = new AbortController();
      w.__injectionLens.watchMutations(
        document,
        (r) => w.__changes.push({ full: !!r.full, texts: r.segments.map((s) => s.text), segments: r.segments }),
        { signal: w.__stop.signal, debounceMs: 50 },
      );
    });
  });

  const changes = () => page.evaluate(() => (window as unknown as { __changes: Change[] }).__changes);
  const settle = () => page.waitForTimeout(400);

  it('rescans added content, hidden or not, and nothing else', async () => {
    await page.evaluate(() => {
      const feed = document.getElementById('feed')!;
      const p = document.createElement('p');
      p.textContent = 'ZQ-WATCH-ADDED visible';
      feed.append(p);
      const h = document.createElement('div');
      h.style.display = 'none';
      h.textContent = 'ZQ-WATCH-ADDED-HIDDEN';
      feed.append(h);
    });
    await settle();
    const all = await changes();
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((c) => !c.full)).toBe(true);
    const segs = all.flatMap((c) => c.segments);
    expect(segs.find((s) => s.text.includes('ZQ-WATCH-ADDED visible'))?.visibility).toBe('visible');
    expect(segs.find((s) => s.text.includes('ZQ-WATCH-ADDED-HIDDEN'))?.hidden).toContain('display-none');
    expect(segs.some((s) => s.text.includes('ZQ-WATCH-STATIC'))).toBe(false);
  });

  it('sees text edits and hiding changes (style attribute)', async () => {
    await page.evaluate(() => {
      document.getElementById('editable')!.firstChild!.textContent = 'ZQ-WATCH-EDIT-AFTER';
    });
    await settle();
    await page.evaluate(() => document.getElementById('static')!.setAttribute('style', 'opacity:0'));
    await settle();
    const segs = (await changes()).flatMap((c) => c.segments);
    expect(segs.some((s) => s.text.includes('ZQ-WATCH-EDIT-AFTER'))).toBe(true);
    expect(segs.find((s) => s.text.includes('ZQ-WATCH-STATIC'))?.hidden).toContain('opacity');
  });

  it('does not report the same segments again when a widget re-renders unchanged', async () => {
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'rerender';
      p.textContent = 'ZQ-WATCH-RERENDER';
      document.getElementById('feed')!.append(p);
    });
    await settle();
    await page.evaluate(() => document.getElementById('rerender')!.setAttribute('class', 'active'));
    await settle();
    await page.evaluate(() => (document.getElementById('rerender')!.firstChild!.textContent = 'ZQ-WATCH-RERENDER'));
    await settle();
    let all = await changes();
    expect(all.flatMap((c) => c.texts).filter((t) => t.includes('ZQ-WATCH-RERENDER')).length).toBe(1);
    // Hidden, shown, hidden again: every flip is news.
    for (const v of ['none', '', 'none']) {
      await page.evaluate((d) => (document.getElementById('rerender')!.style.display = d), v);
      await settle();
    }
    all = await changes();
    const states = all.flatMap((c) => c.segments).filter((s) => s.text.includes('ZQ-WATCH-RERENDER')).map((s) => s.visibility);
    expect(states).toEqual(['visible', 'hidden', 'visible', 'hidden']);
  });

  it('ignores our own overlay (made by the page actions) and script/style additions', async () => {
    await page.evaluate(async () => {
      type Api = {
        scanDocument(d: Document): Promise<{ segments: { id: number; text: string }[] }>;
        runPageAction(a: object, ids: number[]): Promise<{ ok: boolean }>;
      };
      const api = (window as unknown as { __injectionLens: Api }).__injectionLens;
      const r = await api.scanDocument(document);
      const id = r.segments.find((s) => s.text.includes('ZQ-WATCH-STATIC'))!.id;
      await api.runPageAction({ kind: 'show', segmentId: id }, [id]);
      await api.runPageAction({ kind: 'reveal-all' }, []);
      const s = document.createElement('style');
      s.textContent = '.x{}';
      document.head.append(s);
    });
    await settle();
    expect(await changes()).toEqual([]);
  });

  it('does not trust the overlay marker on elements the page made', async () => {
    await page.evaluate(() => {
      const fake = document.createElement('div');
      fake.setAttribute('data-injection-lens', '');
      fake.textContent = 'ZQ-WATCH-FAKE-MARKER';
      document.body.append(fake);
    });
    await settle();
    expect((await changes()).flatMap((c) => c.texts).some((t) => t.includes('ZQ-WATCH-FAKE-MARKER'))).toBe(true);
  });

  it('turns a flood of mutations into one full rescan', async () => {
    await page.evaluate(() => {
      const feed = document.getElementById('feed')!;
      for (let i = 0; i < 1500; i++) {
        const s = document.createElement('span');
        s.textContent = `item ${i} `;
        feed.append(s);
      }
    });
    await settle();
    const all = await changes();
    expect(all.length).toBe(1);
    expect(all[0].full).toBe(true);
    expect(all[0].texts.some((t) => t.includes('ZQ-WATCH-STATIC'))).toBe(true);
    expect(all[0].texts.some((t) => t.includes('item 1499'))).toBe(true);
  });

  it('rests after many fruitless rounds, then still reports (later, in bulk)', async () => {
    // Fruitless: empty elements produce no segment. 64 rounds of 50 ms debounce ≈ 4 s.
    for (let i = 0; i < 70; i++) {
      await page.evaluate(() => document.getElementById('feed')!.append(document.createElement('i')));
      await page.waitForTimeout(80);
    }
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'ZQ-WATCH-WHILE-RESTING';
      document.body.append(p);
    });
    await page.waitForTimeout(1_000);
    expect(await changes()).toEqual([]); // resting: drained every 5 s, not every 50 ms
    await page.waitForTimeout(5_000);
    expect((await changes()).flatMap((c) => c.texts).some((t) => t.includes('ZQ-WATCH-WHILE-RESTING'))).toBe(true);
  }, 30_000);

  it('stops when the signal aborts', async () => {
    await page.evaluate(() => {
      (window as unknown as { __stop: AbortController }).__stop.abort();
      const p = document.createElement('p');
      p.textContent = 'ZQ-WATCH-AFTER-ABORT';
      document.body.append(p);
    });
    await settle();
    expect(await changes()).toEqual([]);
  });
});
