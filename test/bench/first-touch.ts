/**
 * What the first read of a page costs a script, against innerText: the floor under the content script's first scan.
 * The content script scans once per page load, in a world where no script of ours has run, so every node it reads is
 * touched from JavaScript for the first time (the engine makes a wrapper for it, converts its strings) and the code
 * runs before the engine has optimised it. Each variant runs in a fresh page of its own, first call and warm calls:
 *
 *   innerText   document.body.innerText (native: no wrapper per node)
 *   walk        the least a JS reader does: every node's type, text nodes' data, elements' name and attribute names
 *   elements    the same over elements only (firstElementChild/nextElementSibling: text nodes never touched)
 *   quick       the content script's quick pass (quickText with readAsAgent)
 *
 *   npx tsx test/bench/first-touch.ts [--limit N]
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { dataDir, listHtmlPages, visitScannedPages } from '../fixtures/scan/harness';
import { median } from './bench-stats';

const MIN_BASELINE_MS = 0.5;
const WARM_RUNS = 5;

/*
 * Page-side sources (strings: a function compiled by tsx would carry the bundler's name helper into the page). Each
 * defines `read()`, which returns a number or a promise of one (ms when the reader times itself, else ignored).
 */
const WALK = `const read = () => {
  let n = 0;
  const stack = [document];
  while (stack.length) {
    const node = stack.pop();
    for (let c = node.firstChild; c; c = c.nextSibling) {
      const t = c.nodeType;
      if (t === 3) n += c.data.length;
      else if (t === 1 && c.localName !== 'script' && c.localName !== 'style') {
        n += c.getAttributeNames().length;
        stack.push(c);
      }
    }
  }
  return n;
};`;

const VARIANTS: Record<string, string> = {
  innerText: `const read = () => document.body.innerText.length;`,
  walk: WALK,
  elements: WALK.replace('[document]', '[document.documentElement]').replace('node.firstChild', 'node.firstElementChild').replace('c.nextSibling', 'c.nextElementSibling'),
  quick: `const read = async () => { const q = await window.__injectionLens.quickText(document, { readAsAgent: true }); return q.timings.walk + q.timings.read; };`,
};

/** First call and median warm call, ms. The quick pass reports its own page work (its slices, waits excluded). */
async function timeVariant(page: Page, name: string): Promise<{ first: number; warm: number }> {
  return (await page.evaluate(`(async () => {
    ${VARIANTS[name]}
    const selfTimed = ${name === 'quick'};
    const once = async () => { const t0 = performance.now(); const r = await read(); return selfTimed ? r : performance.now() - t0; };
    const first = await once();
    const warm = [];
    for (let i = 0; i < ${WARM_RUNS}; i++) warm.push(await once());
    warm.sort((a, b) => a - b);
    return { first, warm: warm[warm.length >> 1] };
  })()`)) as { first: number; warm: number };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : 40;
  const dir = join(dataDir(), 'pages');
  const pages = listHtmlPages(dir).slice(0, limit);
  const times: Record<string, { first: number[]; warm: number[] }> = {};
  for (const name of Object.keys(VARIANTS)) {
    const t = (times[name] = { first: [] as number[], warm: [] as number[] });
    await visitScannedPages(dir, pages, async (page) => {
      const r = await timeVariant(page, name);
      t.first.push(r.first);
      t.warm.push(r.warm);
    });
  }
  const base = { first: median(times.innerText.first), warm: median(times.innerText.warm) };
  console.log(`pages: ${pages.length}, each variant in a fresh page; medians over pages (ms), ratio to innerText's median (floored at ${MIN_BASELINE_MS} ms)`);
  console.log(`${'variant'.padEnd(10)} ${'first'.padStart(7)} ${'ratio'.padStart(6)} ${'warm'.padStart(7)} ${'ratio'.padStart(6)}`);
  for (const [name, t] of Object.entries(times)) {
    const first = median(t.first);
    const warm = median(t.warm);
    const r = (ms: number, b: number) => (ms / Math.max(b, MIN_BASELINE_MS)).toFixed(1);
    console.log(`${name.padEnd(10)} ${first.toFixed(3).padStart(7)} ${r(first, base.first).padStart(6)} ${warm.toFixed(3).padStart(7)} ${r(warm, base.warm).padStart(6)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
