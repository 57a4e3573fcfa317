/**
 * The faster quickText walk must give exactly what the explicit-stack walk gave (REFERENCE_REV's quick-text.ts):
 * the same blocks (text, element, source, detail, agentText, invisible) in the same order, the same nodes,
 * closedShadowRoots and truncated, with and without readAsAgent, capped by maxNodes, sliced at budgetMs 0 and
 * without frames. On every scanner fixture and a fixed sample of DATA_PAGES pages of ../shared/data/pages (skipped,
 * saying so, when the data or the git history is absent; all 300 under ten option sets take ~5 CPU-minutes, which
 * starved the other page suites of `npm test`: `npx tsx test/bench/quick-walk-speed.ts` checks every page). Both revisions run in the same page from one bundle
 * (test/bench/quick-walk-speed.ts), which shares every other module, so only the walk differs.
 *
 * Plus what identity on a still page cannot show: nodes moved while the walk waits between slices are read as
 * the reference reads them (it listed children when it entered their parent), and an abort ends the walk.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../helpers/browser';
import { serveFolder, type StaticServer } from '../helpers/server';
import { sample } from '../bench/bench-stats';
import { FIXTURES, REPO, blockNetwork, dataDir, fixtureNames, listHtmlPages, readExpectation } from '../fixtures/scan/harness';
import { REFERENCE_REV, buildQuickWalkBundle, compareInPage } from '../bench/quick-walk-speed';

function hasReference(): boolean {
  try {
    execFileSync('git', ['cat-file', '-e', `${REFERENCE_REV}:src/scan/quick-text.ts`], { cwd: REPO, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const PAGES_DIR = join(dataDir(), 'pages');
/** Data pages compared here (seeded sample, the same every run). */
const DATA_PAGES = 50;
const pages = sample(listHtmlPages(PAGES_DIR), DATA_PAGES, 20261129);
const reference = hasReference();
if (!reference) console.warn(`quick-text-identity: skipped, no git history with ${REFERENCE_REV.slice(0, 12)}`);
if (!pages.length) console.warn(`quick-text-identity: data pages skipped, none under ${PAGES_DIR}`);

type Quick = (d: Document, o?: object) => Promise<{ blocks: { text: string }[]; nodes: number; truncated: boolean }>;
type WalkWindow = { __ilQuickWalk: { old: Quick; neu: Quick } };

describe.skipIf(!hasChromium || !reference)('quickText: the cursor walk gives what the explicit-stack walk gave', () => {
  let bundle = '';
  let browser: Browser | undefined;
  let fixtures: StaticServer | undefined;

  beforeAll(async () => {
    bundle = await buildQuickWalkBundle();
    fixtures = await serveFolder(FIXTURES);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
  });

  async function withPage<T>(url: string, use: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser!.newContext();
    await blockNetwork(context);
    const page = await context.newPage();
    try {
      await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
      await page.addScriptTag({ path: bundle });
      return await use(page);
    } finally {
      await context.close();
    }
  }

  const withExpectation = new Set(fixtureNames());
  for (const file of listHtmlPages(FIXTURES)) {
    const name = file.replace(/\.html$/, '');
    it(`fixture ${file}: identical under every option set`, async () => {
      const r = await withPage(`${fixtures!.url}/${file}`, async (page) => {
        const settle = withExpectation.has(name) ? readExpectation(name).settleMs : undefined;
        if (settle) await page.waitForTimeout(settle);
        return compareInPage(page);
      });
      expect(r.problems).toEqual([]);
      expect(r.blocks).toBeGreaterThan(0);
    });
  }

  it.skipIf(!pages.length)(
    `${pages.length} pages of ${PAGES_DIR}: identical under every option set`,
    async () => {
      const server = await serveFolder(PAGES_DIR);
      const problems: string[] = [];
      const unloaded: string[] = [];
      let compared = 0;
      try {
        for (const rel of pages) {
          const url = `${server.url}/${rel.split('/').map(encodeURIComponent).join('/')}`;
          try {
            const r = await withPage(url, (page) => compareInPage(page));
            compared++;
            for (const p of r.problems) problems.push(`${rel}: ${p}`);
          } catch (e) {
            // A third-party page that does not load offline is not a difference; too many would be (below).
            unloaded.push(`${rel}: ${String(e).split('\n')[0]}`);
          }
        }
      } finally {
        await server.close();
      }
      if (unloaded.length) console.warn(`quick-text-identity: ${unloaded.length} pages did not load:\n${unloaded.join('\n')}`);
      expect(problems).toEqual([]);
      expect(compared).toBeGreaterThanOrEqual(Math.ceil(pages.length * 0.95));
    },
    30 * 60_000,
  );

  it('closed shadow roots through getShadowRoot (the extension passes chrome.dom.openOrClosedShadowRoot): identical', async () => {
    const r = await withPage(`${fixtures!.url}/shadow-dom.html`, (page) =>
      page.evaluate(async () => {
        const w = (window as unknown as WalkWindow).__ilQuickWalk;
        const roots = (window as unknown as { __closedRoots: Map<Element, ShadowRoot> }).__closedRoots;
        let asked = 0;
        const getShadowRoot = (el: Element) => {
          asked++;
          return roots.get(el) ?? null;
        };
        const ids = new Map<Element, number>();
        const id = (el: Element) => ids.get(el) ?? ids.set(el, ids.size).get(el)!;
        const run = async (q: Quick) => {
          asked = 0;
          const res = (await q(document, { getShadowRoot, readAsAgent: true })) as unknown as {
            blocks: { text: string; element: Element; source: string; detail: string; agentText: string }[];
            closedShadowRoots: number;
          };
          return {
            blocks: res.blocks.map((b) => [b.text, id(b.element), b.source, b.detail, b.agentText]),
            closedShadowRoots: res.closedShadowRoots,
            asked,
          };
        };
        return { old: await run(w.old), neu: await run(w.neu) };
      }),
    );
    expect(r.neu.blocks).toEqual(r.old.blocks);
    expect(r.neu.closedShadowRoots).toBe(r.old.closedShadowRoots);
    expect(r.neu.blocks.filter((b) => String(b[0]).includes('ZQ-CLOSED-SHADOW-TEXT'))).toHaveLength(2);
    // Asked only of elements that can host a root (custom elements, div, span, p, …), not of every element.
    expect(r.neu.asked).toBeGreaterThan(0);
    expect(r.neu.asked).toBeLessThan(r.old.asked);
  });

  it('reads nodes removed while it waits between slices, as the reference does', async () => {
    const r = await withPage(`${fixtures!.url}/grouping.html`, (page) =>
      page.evaluate(async () => {
        const w = (window as unknown as WalkWindow).__ilQuickWalk;
        const run = async (q: Quick) => {
          // The list first in the body, so both walks are inside it when their first slice ends.
          document.head.replaceChildren();
          document.body.replaceChildren();
          const list = document.createElement('div');
          for (let i = 0; i < 3000; i++) {
            const p = document.createElement('p');
            p.textContent = `item ${i} of the moving list`;
            list.append(p, document.createTextNode('\n'));
          }
          document.body.append(list);
          // The first slice runs inside the call; the walk then waits for the page (budget 0: at its first check).
          const pending = q(document, { budgetMs: 0 });
          const late = Array.from(list.children).slice(1500);
          for (const el of late) el.remove();
          const moved = document.createElement('p');
          moved.textContent = 'added while waiting';
          list.prepend(moved);
          const res = await pending;
          return { texts: res.blocks.map((b) => b.text), nodes: res.nodes };
        };
        const old = await run(w.old);
        const neu = await run(w.neu);
        return { old, neu };
      }),
    );
    expect(r.neu).toEqual(r.old);
    // Removed once the walk was inside the list, still read; added ahead of where it was, not read.
    expect(r.neu.texts.filter((t) => t.endsWith('of the moving list'))).toHaveLength(3000);
    expect(r.neu.texts).not.toContain('added while waiting');
  });

  it('an abort while it waits ends the walk, truncated, with the blocks read so far', async () => {
    const r = await withPage(`${fixtures!.url}/grouping.html`, (page) =>
      page.evaluate(async () => {
        const w = (window as unknown as WalkWindow).__ilQuickWalk;
        document.body.replaceChildren();
        const list = document.createElement('div');
        for (let i = 0; i < 3000; i++) {
          const p = document.createElement('p');
          p.textContent = `item ${i}`;
          list.append(p);
        }
        document.body.append(list);
        const full = await w.neu(document);
        const abort = new AbortController();
        const pending = w.neu(document, { budgetMs: 0, signal: abort.signal });
        abort.abort();
        const cut = await pending;
        return { fullNodes: full.nodes, fullBlocks: full.blocks.length, nodes: cut.nodes, blocks: cut.blocks.length, truncated: cut.truncated };
      }),
    );
    expect(r.truncated).toBe(true);
    expect(r.nodes).toBeGreaterThan(0);
    expect(r.nodes).toBeLessThan(r.fullNodes);
    expect(r.blocks).toBeGreaterThan(0);
    expect(r.blocks).toBeLessThan(r.fullBlocks);
  });
});
