/**
 * The content script's lazy scan (src/scan/scan-lazily.ts) with the choice stubbed in the page: choosing every
 * piece must give the full scan's hiding verdicts for every hidden or never-rendered text; choosing none reads the
 * page and examines nothing; the chooser sees segment-sized pieces; the DOM is never touched. Echo partners are
 * rescanned only for candidates that come out hidden, and never twice.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from '../helpers/browser';
import { fixtureNames, readExpectation, type PageScan } from '../fixtures/scan/harness';
import { scanSuite } from '../fixtures/scan/suite';

interface Choice {
  chosen: number[];
  echoes: { of: number; partners: number[] }[];
}

interface LazyRun {
  lazy: PageScan & { blocks: number };
  full: PageScan;
  pieces: number;
  longestPiece: number;
  sameMarkup: boolean;
}

async function run(page: Page, choice: 'all' | 'none'): Promise<LazyRun> {
  return page.evaluate(async (which: string) => {
    type Api = {
      scanLazily(d: Document, choose: (t: string[], s: boolean[]) => Promise<Choice>, o?: object): Promise<PageScan & { blocks: number }>;
      scanDocument(d: Document, o?: object): Promise<PageScan>;
    };
    const api = (window as unknown as { __injectionLens: Api }).__injectionLens;
    const before = document.documentElement.outerHTML;
    let pieces = 0;
    let longestPiece = 0;
    const lazy = await api.scanLazily(
      document,
      async (texts) => {
        pieces = texts.length;
        longestPiece = Math.max(0, ...texts.map((t) => t.length));
        return { chosen: which === 'all' ? texts.map((_, i) => i) : [], echoes: [] };
      },
      { descendFrames: true },
    );
    const sameMarkup = document.documentElement.outerHTML === before;
    const full = await api.scanDocument(document, { descendFrames: true });
    return { lazy, full, pieces, longestPiece, sameMarkup };
  }, choice);
}

/**
 * Covers found by the full walk but not by a rescan's hit test (src/scan/README.md, "Covered text"): a cover hit
 * testing skips (`pointer-events: none`) and text below the fold. The only verdicts a lazy scan may miss.
 */
const LAZY_GAPS: Record<string, string[]> = {
  covered: ['ZQ-COVER-NO-POINTER', 'ZQ-COVER-BELOW-FOLD'],
};

const key = (s: { text: string; visibility: string; hidden: string[] }) => `${s.visibility} [${[...s.hidden].sort().join(',')}] ${s.text.replace(/\s+/g, ' ').trim()}`;

describe.skipIf(!hasChromium)('scanLazily', () => {
  const suite = scanSuite();

  for (const name of fixtureNames()) {
    it(`${name}: choosing every piece gives the full scan's verdict for every hidden text; choosing none examines nothing`, async () => {
      const page = await suite.open(`${name}.html`);
      try {
        // A fixture that changes itself after load (dynamic.html) must be done before its markup is compared.
        const settleMs = readExpectation(name).settleMs;
        if (settleMs) await page.waitForTimeout(settleMs);
        const all = await run(page, 'all');
        expect(all.sameMarkup).toBe(true);
        expect(all.lazy.blocks).toBeGreaterThan(0);
        expect(all.longestPiece).toBeLessThanOrEqual(4_000);
        const lazyKeys = new Set(all.lazy.segments.map(key));
        // What a full scan finds hidden, the lazy one finds hidden the same way (same-origin frames are rescanned from
        // their <iframe>, so its own hiding carries into them).
        const hidden = all.full.segments.filter((s) => s.visibility !== 'visible' || s.hidden.length > 0);
        const gaps = LAZY_GAPS[name] ?? [];
        expect(hidden.map(key).filter((k) => !lazyKeys.has(k) && !gaps.some((g) => k.includes(g)))).toEqual([]);
        // The listed gaps are real (the full scan does find them hidden), so the list cannot go stale silently.
        for (const g of gaps) expect(hidden.some((s) => s.text.includes(g))).toBe(true);
        const none = await run(page, 'none');
        expect(none.lazy.segments).toEqual([]);
        expect(none.pieces).toBe(all.pieces);
        expect(none.sameMarkup).toBe(true);
      } finally {
        await page.close();
      }
    });
  }

  /**
   * Builds a page from [id, text, hidden, parentId] and scans it lazily with a chooser that picks blocks by text:
   * `chosen` and `echoes` name texts; returns the segments' texts.
   */
  async function lazyWith(page: Page, blocks: [string, string, boolean | 'aria', string?][], chosen: string[], echoes: [string, string[]][]): Promise<string[]> {
    return page.evaluate(
      async ({ blocks, chosen, echoes }) => {
        document.body.replaceChildren();
        for (const [id, text, hidden, parent] of blocks) {
          const el = document.createElement(parent ? 'div' : 'section');
          el.id = id;
          if (hidden === 'aria') el.setAttribute('aria-hidden', 'true');
          else if (hidden) el.style.display = 'none';
          el.append(text);
          (parent ? document.getElementById(parent)! : document.body).append(el);
        }
        const api = (window as unknown as { __injectionLens: { scanLazily(d: Document, c: unknown): Promise<PageScan> } }).__injectionLens;
        const r = await api.scanLazily(document, async (texts: string[]) => {
          const at = (t: string) => texts.findIndex((x) => x.startsWith(t));
          return { chosen: chosen.map(at).sort((a, b) => a - b), echoes: echoes.map(([of, ps]) => ({ of: at(of), partners: ps.map(at) })) };
        });
        return r.segments.map((x) => x.text);
      },
      { blocks, chosen, echoes },
    );
  }

  it('rescans a candidate’s echo partners only when the candidate comes out hidden', async () => {
    const page = await suite.open('benign-overlays.html');
    try {
      const texts = await lazyWith(
        page,
        [
          ['orig', 'Original article text', false],
          ['copy', 'Copy of the article text', true],
          ['seen', 'Visible candidate text', false],
          ['echo', 'Echo of the visible candidate', false],
          // Shown, but hidden from assistive tech: not "visible" to the hidden-copy check, so its partners count.
          ['aria', 'Aria-hidden candidate text', 'aria'],
          ['aria-echo', 'Echo of the aria-hidden candidate', false],
        ],
        ['Copy of', 'Visible candidate', 'Aria-hidden'],
        [
          ['Copy of', ['Original']],
          ['Visible candidate', ['Echo of the visible']],
          ['Aria-hidden', ['Echo of the aria']],
        ],
      );
      expect(texts.sort()).toEqual(['Aria-hidden candidate text', 'Copy of the article text', 'Echo of the aria-hidden candidate', 'Original article text', 'Visible candidate text']);
    } finally {
      await page.close();
    }
  });

  it('rescans a chosen container for its own text only, cut where the full scan cuts it', async () => {
    const page = await suite.open('benign-overlays.html');
    try {
      const r = await page.evaluate(async () => {
        document.body.innerHTML =
          '<section id="box">Own text before <div>Nested block one</div> own text after <span>inline part</span> ' +
          '<div style="display:inline">inline div text</div><p hidden>Nested hidden block</p></section>';
        type Api = {
          scanLazily(d: Document, c: unknown): Promise<PageScan>;
          scanDocument(d: Document): Promise<PageScan>;
        };
        const api = (window as unknown as { __injectionLens: Api }).__injectionLens;
        const lazy = await api.scanLazily(document, async (texts: string[]) => ({
          chosen: [texts.findIndex((t) => t.startsWith('Own text before'))],
          echoes: [],
        }));
        const full = await api.scanDocument(document);
        return { lazy: lazy.segments, full: full.segments };
      });
      const texts = r.lazy.map((x) => x.text.replace(/\s+/g, ' ').trim());
      // The nested blocks were pieces of their own and not chosen; the inline <div> is part of the section's text.
      expect(texts.sort()).toEqual(['Own text before', 'own text after inline part inline div text']);
      const fullKeys = new Set(r.full.map(key));
      expect(r.lazy.map(key).filter((k) => !fullKeys.has(k))).toEqual([]);
      expect(r.full.some((x) => x.text.includes('Nested hidden block'))).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('rescans a partner that holds a first-pass root once, with no segment twice', async () => {
    const page = await suite.open('benign-overlays.html');
    try {
      const texts = await lazyWith(
        page,
        [
          ['outer', 'Loose text of the outer section', false],
          ['inner', 'Hidden copy inside it', true, 'outer'],
          ['other', 'Unrelated visible text', false],
        ],
        ['Hidden copy'],
        [['Hidden copy', ['Loose text']]],
      );
      expect(texts.sort()).toEqual(['Hidden copy inside it', 'Loose text of the outer section']);
    } finally {
      await page.close();
    }
  });
});
