/**
 * The style-free quick pass (src/scan/quick-text.ts) must not miss what the full scanner reads: on every
 * scanner fixture, each segment's text (white space collapsed) lies inside some quick block's text read as
 * an agent. And it only reads: no mutation, the same markup before and after, in the page and its frames.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser';
import { fixtureNames, readExpectation, type PageScan } from '../fixtures/scan/harness';
import { scanSuite } from '../fixtures/scan/suite';
import type { QuickResult } from '../../src/scan/quick-text';

interface Run {
  quick: QuickResult;
  scan: PageScan;
  mutations: number;
  sameMarkup: boolean;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * `seg`'s words appear in `block` in order. A paragraph with a hidden inline span is one quick block
 * ("start HIDDEN end") but two segments ("start end", "HIDDEN"): nothing is missed, yet "start end" is not a
 * substring. Only such segments may pass this way (counted per fixture below).
 */
function wordsInOrder(seg: string, block: string): boolean {
  const words = block.split(' ');
  let i = 0;
  for (const w of seg.split(' ')) {
    while (i < words.length && words[i] !== w) i++;
    if (i++ >= words.length) return false;
  }
  return true;
}

/** Segments split around a hidden inline element: inside their quick block only as words in order. */
const INTERLEAVED: Record<string, string[]> = {
  'css-hiding': ['Visible start ZQ-PARA-VISIBLE and the end of it.'],
};

describe.skipIf(!hasChromium)('quickText on the scanner fixtures', () => {
  const suite = scanSuite();

  async function run(name: string): Promise<Run> {
    const page = await suite.open(`${name}.html`);
    try {
      const exp = readExpectation(name);
      if (exp.settleMs) await page.waitForTimeout(exp.settleMs);
      return await page.evaluate(async () => {
        type Api = {
          quickText(d: Document, o: object): Promise<QuickResult>;
          scanDocument(d: Document): Promise<PageScan>;
        };
        const api = (window as unknown as { __injectionLens: Api }).__injectionLens;
        const docs: Document[] = [document];
        for (const f of Array.from(document.querySelectorAll('iframe'))) {
          try {
            if (f.contentDocument?.documentElement) docs.push(f.contentDocument);
          } catch {
            /* cross-origin */
          }
        }
        const markup = () => docs.map((d) => d.documentElement.outerHTML).join('\n<!--frame-->\n');
        const before = markup();
        let mutations = 0;
        const observers = docs.map((d) => {
          const o = new MutationObserver((recs) => (mutations += recs.length));
          o.observe(d, { subtree: true, childList: true, attributes: true, characterData: true });
          return o;
        });
        const quick = await api.quickText(document, { readAsAgent: true });
        await new Promise((r) => setTimeout(r, 0));
        for (const o of observers) mutations += o.takeRecords().length;
        observers.forEach((o) => o.disconnect());
        const sameMarkup = markup() === before;
        // Elements do not cross the evaluate boundary: keep what the assertions need.
        const blocks = quick.blocks.map((b) => ({ ...b, element: null as unknown as Element, tag: b.element.localName, connected: b.element.isConnected }));
        const scan = await api.scanDocument(document);
        return { quick: { ...quick, blocks }, scan, mutations, sameMarkup };
      });
    } finally {
      await page.close();
    }
  }

  const names = fixtureNames();
  for (const name of names) {
    it(`${name}: every scanned text is inside a quick block; no DOM change`, async () => {
      const r = await run(name);
      expect(r.mutations).toBe(0);
      expect(r.sameMarkup).toBe(true);
      expect(r.scan.segments.length).toBeGreaterThan(0);
      const quickTexts = r.quick.blocks.map((b) => collapse(b.agentText ?? ''));
      const texts = r.scan.segments.map((s) => collapse(s.text));
      const notSubstring = texts.filter((t) => !quickTexts.some((q) => q.includes(t)));
      const missed = notSubstring.filter((t) => !quickTexts.some((q) => wordsInOrder(t, q)));
      expect(missed).toEqual([]);
      expect(notSubstring).toEqual(INTERLEAVED[name] ?? []);
      // Every block names an element a rescan can start from: in the document, not in a template's inert content.
      expect(r.quick.blocks.filter((b) => !(b as unknown as { connected: boolean }).connected).map((b) => b.text.slice(0, 40))).toEqual([]);
      // The quick pass is coarser, never finer than the segments it must cover.
      expect(r.quick.blocks.length).toBeGreaterThan(0);
      expect(r.quick.timings.walk).toBeGreaterThan(0);
    });
  }
});
