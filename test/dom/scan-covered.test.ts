/**
 * The `covered` reason beyond the fixture expectations (test/fixtures/scan/covered*.json and
 * benign-overlays*.json, checked by scan-fixtures.test.ts): the scan leaves the DOM as it was, the verdict
 * follows the page (remove the overlay → visible again; scroll → still covered), the hit-test veto and the
 * work bounds hold on a page full of positioned boxes.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from '../helpers/browser';
import { injectScanner, scanPage } from '../fixtures/scan/harness';
import { scanSuite } from '../fixtures/scan/suite';

type Seg = { text: string; hidden: string[]; visibility: string };

function find(segments: Seg[], marker: string): Seg {
  const s = segments.find((x) => x.text.includes(marker));
  if (!s) throw new Error(`no segment with ${marker}`);
  return s;
}

describe.skipIf(!hasChromium)('covered text', () => {
  const suite = scanSuite();

  async function openWithErrors(file: string): Promise<{ page: Page; errors: string[] }> {
    const page = await suite.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(suite.url(file), { waitUntil: 'load' });
    return { page, errors };
  }

  it.each([['covered.html'], ['benign-overlays.html']])('%s: the scan changes nothing in the page and throws nothing', async (file) => {
    const { page, errors } = await openWithErrors(file);
    await injectScanner(page); // its <script> tag is ours, not the scan's
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    const scroll = await page.evaluate(() => [scrollX, scrollY]);
    await scanPage(page);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
    expect(await page.evaluate(() => [scrollX, scrollY])).toEqual(scroll);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows the page: without the overlay the text is visible again', async () => {
    const { page } = await openWithErrors('covered.html');
    const first = (await scanPage(page)).segments as Seg[];
    expect(find(first, 'ZQ-COVER-ABSOLUTE').hidden).toContain('covered');
    await page.evaluate(() => {
      const p = [...document.querySelectorAll('p')].find((x) => x.textContent!.includes('ZQ-COVER-ABSOLUTE'))!;
      (p.nextElementSibling as HTMLElement).style.background = 'rgba(255, 255, 255, 0.3)';
    });
    const second = (await scanPage(page)).segments as Seg[];
    expect(find(second, 'ZQ-COVER-ABSOLUTE')).toMatchObject({ hidden: [], visibility: 'visible' });
    // The other overlays are untouched: still covered.
    expect(find(second, 'ZQ-COVER-LATER').hidden).toContain('covered');
    await page.close();
  });

  it('a scrolled page gives the same verdicts (the far case is then checked by hit testing too)', async () => {
    const { page } = await openWithErrors('covered.html');
    await page.evaluate(() => {
      const p = [...document.querySelectorAll('p')].find((x) => x.textContent!.includes('ZQ-COVER-BELOW-FOLD'))!;
      p.scrollIntoView({ block: 'center' });
    });
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(500);
    const segs = (await scanPage(page)).segments as Seg[];
    expect(find(segs, 'ZQ-COVER-BELOW-FOLD').hidden).toContain('covered');
    expect(find(segs, 'ZQ-COVER-ABSOLUTE').hidden).toContain('covered');
    expect(find(segs, 'ZQ-COVER-CONTROL').hidden).toEqual([]);
    await page.close();
  });

  /** Rescans only the outermost elements that hold text of their own, as a lazy scan or a mutation rescan does. */
  async function rescanTextHolders(page: Page): Promise<Seg[]> {
    await injectScanner(page);
    return page.evaluate(async () => {
      const holders = [...document.body.querySelectorAll('*')].filter((e) =>
        [...e.childNodes].some((n) => n.nodeType === 3 && /\S/.test(n.nodeValue ?? '')),
      );
      const roots = holders.filter((e) => !holders.some((o) => o !== e && o.contains(e)));
      const api = (window as unknown as { __injectionLens: { scanSubtrees(d: Document, r: Element[]): Promise<{ segments: Seg[] }> } }).__injectionLens;
      return (await api.scanSubtrees(document, roots)).segments;
    });
  }

  it('a rescan of the text alone (covers outside its roots) finds the covers over on-screen text by hit testing', async () => {
    const { page } = await openWithErrors('covered.html');
    const coveredMarkers = (segs: Seg[]) =>
      segs.filter((s) => s.hidden.includes('covered')).map((s) => /ZQ-[A-Z-]+/.exec(s.text)?.[0]).sort();
    const full = coveredMarkers((await scanPage(page)).segments as Seg[]);
    const partial = coveredMarkers(await rescanTextHolders(page));
    // Hit testing cannot see a `pointer-events: none` cover, nor text below the fold; the frame is not rescanned.
    const unseen = ['ZQ-COVER-NO-POINTER', 'ZQ-COVER-BELOW-FOLD', 'ZQ-COVER-FIXED'];
    expect(partial).toEqual(full.filter((m) => !unseen.includes(m!)));
    expect(partial.length).toBeGreaterThanOrEqual(5);
    await page.close();
    const benign = await openWithErrors('benign-overlays.html');
    expect((await rescanTextHolders(benign.page)).filter((s) => s.hidden.includes('covered')).map((s) => s.text)).toEqual([]);
    await benign.page.close();
  });

  it('a box clipped away by its container is not over the text beside it (hit testing says so)', async () => {
    const { page } = await openWithErrors('benign-overlays.html');
    const segs = (await scanPage(page)).segments as Seg[];
    expect(find(segs, 'BENIGN-BESIDE-CAROUSEL').hidden).toEqual([]);
    // Take the clipping away: the slide now really paints over the text.
    await page.evaluate(() => ((document.querySelector('.carousel') as HTMLElement).style.overflow = 'visible'));
    const after = (await scanPage(page)).segments as Seg[];
    expect(find(after, 'BENIGN-BESIDE-CAROUSEL').hidden).toContain('covered');
    await page.close();
  });

  it('thousands of positioned boxes: bounded work, still sliced, and the covered ones found', async () => {
    const { page } = await openWithErrors('benign-overlays.html');
    await page.evaluate(() => {
      const host = document.createElement('section');
      host.style.position = 'relative';
      for (let i = 0; i < 3000; i++) {
        const d = document.createElement('div');
        d.style.cssText = 'position:relative;height:24px';
        const p = document.createElement('p');
        p.style.margin = '0';
        p.textContent = `row ${i} ZQ-STRESS`;
        const cover = document.createElement('div');
        // Every third row is covered; the others carry a small badge beside the text.
        cover.style.cssText = i % 3 === 0 ? 'position:absolute;inset:0;background:#fff' : 'position:absolute;right:0;top:0;width:20px;height:20px;background:#c00';
        d.append(p, cover);
        host.append(d);
      }
      document.body.append(host);
    });
    const r = await scanPage(page);
    const rows = (r.segments as Seg[]).filter((s) => s.text.includes('ZQ-STRESS'));
    expect(rows.length).toBe(3000);
    const covered = rows.filter((s) => s.hidden.includes('covered')).length;
    // Occluders and pair checks are capped (covered-dom.ts), so not all 1,000 need be found; none of the
    // badge rows may be.
    expect(covered).toBeGreaterThan(0);
    expect(rows.filter((s, i) => i % 3 !== 0 && s.hidden.includes('covered'))).toEqual([]);
    expect(r.timings.slices).toBeGreaterThan(1);
    await page.close();
  });
});
