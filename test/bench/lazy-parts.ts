/**
 * Where the content script's lazy scan spends its page time, per page of ../shared/data/pages: the quick pass
 * (walk + readAsAgent + cutting into pieces) and the rescans, each against `document.body.innerText` (floored at
 * 0.5 ms, as scan-speed.ts), with what the choice asked for (blocks chosen, echo partners offered, segments back).
 * Wall clock from the scanner's own slice clocks, median of RUNS warm scans per page, and apart the page's first scan
 * (the content script's case: it scans once per page load, before the engine has optimised its code); the choice
 * runs in Node with the shipped classifier (core/choose-blocks.ts), as in the extension's background.
 *
 *   npx tsx test/bench/lazy-parts.ts [--limit N] [--runs N] [--rows]
 *
 * IL_SCAN_BUNDLE=path measures another page bundle. Bundles built before 7523f86 take the choice as one flat list of
 * indices: add --flat-choice (chosen and every echo partner at once, which is what they rescanned).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { dataDir, listHtmlPages, visitScannedPages } from '../fixtures/scan/harness';
import { median } from './bench-stats';
import { exposeChooser } from './expose-chooser';
import { loadClassifier } from '../../src/cli/load-classifier';
import type { TextClassifier } from '../../src/model/classifier';

const MIN_BASELINE_MS = 0.5;

interface PageTimes {
  innerText: number;
  /** The page's first innerText and the first lazy scan's parts (cold: the content script's case on a page load). */
  firstInnerText: number;
  firstQuick: number;
  firstRescans: number;
  quick: number;
  rescans: number;
  segments: number;
  blocks: number;
}

interface Row extends PageTimes {
  page: string;
  chosen: number;
  partners: number;
}

async function measure(page: Page, runs: number): Promise<PageTimes> {
  return (await page.evaluate(`(async () => {
    const api = window.__injectionLens;
    const mid = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
    // The first scan in the page is what the content script pays on every page load: nothing of ours has run in
    // this world yet, so the engine interprets the code before it optimises it. innerText is timed first too.
    let t0 = performance.now();
    void document.body.innerText;
    const firstInnerText = performance.now() - t0;
    const first = await api.scanLazily(document, window.__ilChoose);
    const it = [], quick = [], rescans = [];
    let segments = 0, blocks = 0;
    for (let i = 0; i < ${runs}; i++) {
      // innerText over 10 calls: one call is near the page clock's 0.1 ms grain.
      t0 = performance.now();
      for (let k = 0; k < 10; k++) void document.body.innerText;
      it.push((performance.now() - t0) / 10);
      const r = await api.scanLazily(document, window.__ilChoose);
      quick.push(r.timings.quick);
      rescans.push(r.timings.extract);
      segments = r.segments.length;
      blocks = r.blocks;
    }
    return { innerText: mid(it), quick: mid(quick), rescans: mid(rescans), segments, blocks, firstInnerText, firstQuick: first.timings.quick, firstRescans: first.timings.extract };
  })()`)) as PageTimes;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
  const limit = opt('--limit', 40);
  const runs = opt('--runs', 5);
  const flat = args.includes('--flat-choice');
  const dir = join(dataDir(), 'pages');
  const { classifier } = await loadClassifier(false);
  if (!classifier) throw new Error('lazy-parts needs the shipped classifier (models/)');
  const clf: TextClassifier = classifier;
  const rows: Row[] = [];
  await visitScannedPages(dir, listHtmlPages(dir).slice(0, limit), async (page, rel) => {
    const asked = { chosen: 0, partners: 0 };
    await exposeChooser(page, clf, {
      flat,
      onChoice: (choice) => {
        asked.chosen = choice.chosen.length;
        asked.partners = new Set(choice.echoes.flatMap((e) => e.partners)).size;
      },
    });
    const t = await measure(page, runs);
    rows.push({ page: rel, ...t, ...asked });
  });
  const ratio = (ms: number, r: Row) => ms / Math.max(r.innerText, MIN_BASELINE_MS);
  if (args.includes('--rows')) {
    const f = (n: number) => n.toFixed(2).padStart(6);
    console.log(`${'page'.padEnd(48)} ${'iT ms'.padStart(6)} ${'quick'.padStart(6)} ${'rescan'.padStart(6)} ${'ratio'.padStart(6)}  blocks chosen+partners segments`);
    for (const r of rows) {
      const name = r.page.length > 48 ? '…' + r.page.slice(-47) : r.page.padEnd(48);
      console.log(`${name} ${f(r.innerText)} ${f(r.quick)} ${f(r.rescans)} ${f(ratio(r.quick + r.rescans, r))}  ${r.blocks} ${r.chosen}+${r.partners} ${r.segments}`);
    }
  }
  console.log(`pages: ${rows.length}, warm scans per page: ${runs}${flat ? ' (flat choice)' : ''}`);
  console.log(`median ratio / innerText (wall, innerText floored at ${MIN_BASELINE_MS} ms): lazy scan ${median(rows.map((r) => ratio(r.quick + r.rescans, r))).toFixed(2)}, quick pass ${median(rows.map((r) => ratio(r.quick, r))).toFixed(2)}, rescans ${median(rows.map((r) => ratio(r.rescans, r))).toFixed(2)}`);
  console.log(`median ms: innerText ${median(rows.map((r) => r.innerText)).toFixed(3)}, quick pass ${median(rows.map((r) => r.quick)).toFixed(3)}, rescans ${median(rows.map((r) => r.rescans)).toFixed(3)}`);
  const sum = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
  const first = (r: Row) => (r.firstQuick + r.firstRescans) / Math.max(r.firstInnerText, MIN_BASELINE_MS);
  console.log(`first scan in the page (cold engine: what the content script pays on a page load) / the page's first innerText (floored alike): median ${median(rows.map(first)).toFixed(2)}; median ms: innerText ${median(rows.map((r) => r.firstInnerText)).toFixed(3)}, quick pass ${median(rows.map((r) => r.firstQuick)).toFixed(3)}, rescans ${median(rows.map((r) => r.firstRescans)).toFixed(3)}`);
  console.log(`pages rescanning nothing: ${rows.filter((r) => r.segments === 0).length}; blocks chosen per page median ${median(rows.map((r) => r.chosen))} (${sum((r) => r.chosen)} in all), echo partners offered median ${median(rows.map((r) => r.partners))} (${sum((r) => r.partners)} in all, rescanned only for a candidate that comes out hidden)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
