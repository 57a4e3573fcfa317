/**
 * Scanner speed against Chromium's own text extraction, per page of ../shared/data/pages:
 * scan time (extraction only: the scanner's summed slice time) vs `document.body.innerText`, median of
 * RUNS each, plus the scanner's longest main-thread slice (its own clock and a 'longtask' observer).
 * Also, as a second figure, the same ratio in CPU time of the renderer's main thread (CDP
 * Performance.getMetrics ThreadTime): wall-clock slices on a shared, loaded machine include time the thread
 * sat descheduled, which inflates the scan (many ms) far more than the sub-millisecond innerText.
 *
 * With the shipped classifier, the content script's lazy scan (scan-lazily.ts) is measured the same way: its page work
 * (quick pass + rescans of the chosen blocks); the choice (model + rules) runs in the background there, in Node here.
 *
 *   npx tsx test/bench/scan-speed.ts [PAGES_DIR] [--limit N]
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { dataDir, listHtmlPages, visitScannedPages } from '../fixtures/scan/harness';
import { median } from './bench-stats';
import { withRendererCpu } from './renderer-cpu';
import { exposeChooser } from './expose-chooser';
import type { TextClassifier } from '../../src/model/classifier';
import { loadClassifier } from '../../src/cli/load-classifier';

const RUNS = 3;
/** Pages whose innerText takes less than this are timer noise; the ratio is computed against this floor. */
const MIN_BASELINE_MS = 0.5;

export interface SpeedRow {
  page: string;
  scanMs: number;
  innerTextMs: number;
  ratio: number;
  /** Same, each measured right after a page-wide style invalidation (both pay style recalc + layout). */
  coldScanMs: number;
  coldInnerTextMs: number;
  coldRatio: number;
  segments: number;
  longestSliceMs: number;
  longTasks: number;
  /** Renderer main-thread CPU ms per scan / per innerText (ThreadTime; the scan's includes its yields' tasks). */
  cpuScanMs: number;
  cpuInnerTextMs: number;
  cpuRatio: number;
  /**
   * The content script's lazy scan (scan-lazily.ts) when a classifier is given: page work (quick pass + rescans of
   * the chosen blocks; the choice itself — model and rules — runs in the extension's background, here in Node).
   */
  lazyMs?: number;
  lazyRatio?: number;
  lazyLongestSliceMs?: number;
  /** Its two page-side parts (medians of the same runs): the quick pass with cutting into pieces, and the rescans. */
  lazyQuickMs?: number;
  lazyExtractMs?: number;
  cpuLazyMs?: number;
  cpuLazyRatio?: number;
  /**
   * The page's first lazy scan and first innerText, before anything else of ours ran in it: what the content script
   * pays on a page load (it scans once, on code the engine has not optimised, touching each node from JS first).
   */
  firstLazyMs?: number;
  firstInnerTextMs?: number;
  firstLazyRatio?: number;
}

export interface SpeedReport {
  rows: SpeedRow[];
  medianRatio: number;
  medianColdRatio: number;
  medianCpuRatio: number;
  /** The content script's lazy scan, when measured (NaN otherwise). */
  medianLazyRatio: number;
  medianCpuLazyRatio: number;
  /** Its first scan in each page (the page-load case), median ratio to the page's first innerText. */
  medianFirstLazyRatio: number;
  /** Its longest slice on the largest page. */
  maxLazyLongestSliceMs: number;
  /** Longest scanner slice on the largest page (the target is ≤ 50 ms). */
  maxLongestSliceMs: number;
  largestPage: string;
  /** Longest 'longtask' entry seen while the scanner ran on the largest page (0 = none over 50 ms). */
  largestPageLongTaskMs: number;
}

/** CPU ms of the renderer's main thread per warm scan and per warm innerText (after one warm-up each). */
async function cpuTimes(page: Page, runs: number): Promise<{ scan: number; innerText: number }> {
  const INNER_CALLS = 20;
  return withRendererCpu(page, async (cpu) => {
    await page.evaluate(async () => {
      void document.body?.innerText;
      await (window as unknown as { __injectionLens: { scanDocument(d: Document): Promise<unknown> } }).__injectionLens.scanDocument(document);
    });
    const innerText = await cpu.perCall(INNER_CALLS, (n) =>
      page.evaluate((k: number) => {
        for (let i = 0; i < k; i++) void document.body?.innerText;
      }, n),
    );
    const scan = await cpu.perCall(runs, (n) =>
      page.evaluate(async (k: number) => {
        const api = (window as unknown as { __injectionLens: { scanDocument(d: Document): Promise<unknown> } }).__injectionLens;
        for (let i = 0; i < k; i++) await api.scanDocument(document);
      }, n),
    );
    return { scan, innerText };
  });
}

/** The page's first innerText, then its first lazy scan's page work (quick pass + rescans), ms. */
async function firstLazyScan(page: Page): Promise<{ innerText: number; lazy: number }> {
  type LazyApi = { scanLazily(d: Document, choose: unknown): Promise<{ timings: { quick: number; extract: number } }> };
  return page.evaluate(async () => {
    const w = window as unknown as { __injectionLens: LazyApi; __ilChoose: unknown };
    const t0 = performance.now();
    void document.body?.innerText;
    const innerText = performance.now() - t0;
    const r = await w.__injectionLens.scanLazily(document, w.__ilChoose);
    return { innerText, lazy: r.timings.quick + r.timings.extract };
  });
}

/** Wall (page work of the lazy scan, median of `runs`), its longest slice, and renderer CPU per lazy scan. */
async function lazyTimes(page: Page, runs: number): Promise<{ ms: number; quick: number; extract: number; longest: number; cpu: number }> {
  type LazyApi = { scanLazily(d: Document, choose: unknown): Promise<{ timings: { quick: number; extract: number; longestSliceMs: number } }> };
  const wall = await page.evaluate(async (n: number) => {
    // No named function inside page.evaluate: the bundler's name helper does not exist in the page.
    const w = window as unknown as { __injectionLens: LazyApi; __ilChoose: unknown };
    await w.__injectionLens.scanLazily(document, w.__ilChoose); // warm-up, like the other paths
    const ms: number[] = [];
    const quick: number[] = [];
    const extract: number[] = [];
    let longest = 0;
    for (let i = 0; i < n; i++) {
      const r = await w.__injectionLens.scanLazily(document, w.__ilChoose);
      ms.push(r.timings.quick + r.timings.extract);
      quick.push(r.timings.quick);
      extract.push(r.timings.extract);
      longest = Math.max(longest, r.timings.longestSliceMs);
    }
    // Sorted in place, no helper: a named function here would carry the bundler's name wrapper into the page.
    for (const xs of [ms, quick, extract]) xs.sort((a, b) => a - b);
    return { ms: ms[n >> 1], quick: quick[n >> 1], extract: extract[n >> 1], longest };
  }, runs);
  const cpu = await withRendererCpu(page, (c) =>
    c.perCall(runs, (n) =>
      page.evaluate(async (k: number) => {
        const w = window as unknown as { __injectionLens: LazyApi; __ilChoose: unknown };
        for (let i = 0; i < k; i++) await w.__injectionLens.scanLazily(document, w.__ilChoose);
      }, n),
    ),
  );
  return { ...wall, cpu };
}

export async function benchScanSpeed(pagesDir: string, opts: { limit?: number; classifier?: TextClassifier | null } = {}): Promise<SpeedReport> {
  let pages = listHtmlPages(pagesDir);
  if (opts.limit) pages = pages.slice(0, opts.limit);
  const largest = pages.reduce((a, b) => (statSync(join(pagesDir, b)).size > statSync(join(pagesDir, a)).size ? b : a), pages[0]);
  const rows: SpeedRow[] = [];
  let largestSlice = 0;
  let largestLongTask = 0;
  let largestLazySlice = NaN;
  await visitScannedPages(pagesDir, pages, async (page, rel) => {
    // First of all, in a page where nothing of ours has run: the content script's one scan per page load.
    let first: Partial<SpeedRow> = {};
    if (opts.classifier) {
      await exposeChooser(page, opts.classifier);
      const f = await firstLazyScan(page);
      first = { firstLazyMs: f.lazy, firstInnerTextMs: f.innerText, firstLazyRatio: f.lazy / Math.max(f.innerText, MIN_BASELINE_MS) };
    }
    const m = await page.evaluate(async (runs: number) => {
      type Api = { scanDocument(d: Document): Promise<{ segments: unknown[]; timings: { extract: number; longestSliceMs: number } }> };
      const api = (window as unknown as { __injectionLens: Api }).__injectionLens;
      const inner: number[] = [];
      const scan: number[] = [];
      let segments = 0;
      let longest = 0;
      void document.body?.innerText; // warm style and layout for both
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        void document.body?.innerText;
        inner.push(performance.now() - t0);
        const r = await api.scanDocument(document);
        scan.push(r.timings.extract);
        segments = r.segments.length;
        longest = Math.max(longest, r.timings.longestSliceMs);
      }
      // Cold: a custom property on the root invalidates every element's style; both paths pay the recalc.
      const coldInner: number[] = [];
      const coldScan: number[] = [];
      const root = document.documentElement;
      for (let i = 0; i < runs; i++) {
        root.style.setProperty('--il-bench', String(Math.random()));
        const t0 = performance.now();
        void document.body?.innerText;
        coldInner.push(performance.now() - t0);
        root.style.setProperty('--il-bench', String(Math.random()));
        const r = await api.scanDocument(document);
        coldScan.push(r.timings.extract);
      }
      root.style.removeProperty('--il-bench');
      void document.body?.innerText; // settle style and layout again
      // Long tasks of a scan alone (nothing else of ours runs meanwhile).
      await new Promise((res) => setTimeout(res, 50));
      const longTasks: number[] = [];
      let obs: PerformanceObserver | null = null;
      try {
        obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
        obs.observe({ type: 'longtask', buffered: false });
      } catch {
        /* not supported */
      }
      await new Promise((res) => setTimeout(res, 0)); // start the scan in a task of its own
      await api.scanDocument(document);
      await new Promise((res) => setTimeout(res, 50));
      obs?.disconnect();
      return { inner, scan, coldInner, coldScan, segments, longest, longTasks };
    }, RUNS);
    // After the wall-clock runs, so those keep their conditions (first scan on a cold JIT included).
    const cpu = await cpuTimes(page, RUNS);
    const scanMs = median(m.scan);
    const innerTextMs = median(m.inner);
    let lazy: Partial<SpeedRow> = {};
    if (opts.classifier) {
      const l = await lazyTimes(page, RUNS);
      lazy = {
        lazyMs: l.ms,
        lazyRatio: l.ms / Math.max(innerTextMs, MIN_BASELINE_MS),
        lazyLongestSliceMs: l.longest,
        lazyQuickMs: l.quick,
        lazyExtractMs: l.extract,
        cpuLazyMs: l.cpu,
        cpuLazyRatio: l.cpu / Math.max(cpu.innerText, MIN_BASELINE_MS),
      };
      if (rel === largest) largestLazySlice = l.longest;
    }
    rows.push({
      page: rel,
      scanMs,
      innerTextMs,
      ratio: scanMs / Math.max(innerTextMs, MIN_BASELINE_MS),
      coldScanMs: median(m.coldScan),
      coldInnerTextMs: median(m.coldInner),
      coldRatio: median(m.coldScan) / Math.max(median(m.coldInner), MIN_BASELINE_MS),
      segments: m.segments,
      longestSliceMs: m.longest,
      longTasks: m.longTasks.length,
      cpuScanMs: cpu.scan,
      cpuInnerTextMs: cpu.innerText,
      cpuRatio: cpu.scan / Math.max(cpu.innerText, MIN_BASELINE_MS),
      ...lazy,
      ...first,
    });
    if (rel === largest) {
      largestSlice = m.longest;
      largestLongTask = m.longTasks.length ? Math.max(...m.longTasks) : 0;
    }
  });
  return {
    rows,
    medianRatio: median(rows.map((r) => r.ratio)),
    medianColdRatio: median(rows.map((r) => r.coldRatio)),
    medianCpuRatio: median(rows.map((r) => r.cpuRatio)),
    medianLazyRatio: median(rows.map((r) => r.lazyRatio ?? NaN)),
    medianCpuLazyRatio: median(rows.map((r) => r.cpuLazyRatio ?? NaN)),
    medianFirstLazyRatio: median(rows.map((r) => r.firstLazyRatio ?? NaN)),
    maxLazyLongestSliceMs: largestLazySlice,
    maxLongestSliceMs: largestSlice,
    largestPage: largest,
    largestPageLongTaskMs: largestLongTask,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const li = args.indexOf('--limit');
  const limit = li >= 0 ? Number(args[li + 1]) : undefined;
  const dir = args.find((a, i) => !a.startsWith('--') && (li < 0 || i !== li + 1)) ?? join(dataDir(), 'pages');
  const { classifier } = await loadClassifier(false);
  const r = await benchScanSpeed(dir, { limit, classifier });
  const pad = (s: string, n: number) => (s.length > n ? '…' + s.slice(-(n - 1)) : s.padEnd(n));
  const f = (n: number, w: number, d = 1) => n.toFixed(d).padStart(w);
  console.log(
    `${pad('page', 56)} ${'scan ms'.padStart(8)} ${'innerText'.padStart(9)} ${'ratio'.padStart(6)} ${'cold scan'.padStart(9)} ${'cold iT'.padStart(8)} ${'c.ratio'.padStart(7)} ${'segs'.padStart(5)} ${'slice'.padStart(6)}`,
  );
  for (const row of r.rows) {
    console.log(
      `${pad(row.page, 56)} ${f(row.scanMs, 8)} ${f(row.innerTextMs, 9)} ${f(row.ratio, 6, 2)} ${f(row.coldScanMs, 9)} ${f(row.coldInnerTextMs, 8)} ${f(row.coldRatio, 7, 2)} ${String(row.segments).padStart(5)} ${f(row.longestSliceMs, 6)}`,
    );
  }
  const slowest = [...r.rows].sort((a, b) => b.ratio - a.ratio).slice(0, 5);
  console.log(`\npages: ${r.rows.length}`);
  if (classifier) {
    console.log(`content script (lazy scan: quick pass + rescans of the chosen blocks; model and rules run in the background):`);
    console.log(`  median ratio / innerText: ${r.medianLazyRatio.toFixed(2)} wall, ${r.medianCpuLazyRatio.toFixed(2)} renderer CPU (target ≤ 2); longest slice on the largest page ${r.maxLazyLongestSliceMs.toFixed(1)} ms`);
    console.log(`  median renderer CPU ms per lazy scan: ${median(r.rows.map((x) => x.cpuLazyMs ?? NaN)).toFixed(2)}`);
    const part = (f: (x: SpeedRow) => number | undefined) => median(r.rows.map((x) => (f(x) ?? NaN) / Math.max(x.innerTextMs, MIN_BASELINE_MS))).toFixed(2);
    console.log(`  its parts, median ratio / innerText (wall): quick pass ${part((x) => x.lazyQuickMs)}, rescans ${part((x) => x.lazyExtractMs)}`);
    console.log(
      `  first scan in each page (a page load: nothing of ours ran before; vs the page's first innerText, floored alike): median ratio ${r.medianFirstLazyRatio.toFixed(2)}, median ${median(r.rows.map((x) => x.firstLazyMs ?? NaN)).toFixed(2)} ms (innerText ${median(r.rows.map((x) => x.firstInnerTextMs ?? NaN)).toFixed(2)} ms)`,
    );
  }
  console.log(`full scan (scanDocument: CLI, reveal, clean copy):`);
  console.log(`median ratio scan/innerText: ${r.medianRatio.toFixed(2)} (target ≤ 2); innerText warm (layout clean)`);
  console.log(`median ratio after a style invalidation (both pay recalc): ${r.medianColdRatio.toFixed(2)}`);
  console.log(`median ratio in renderer main-thread CPU time (warm; less sensitive to machine load): ${r.medianCpuRatio.toFixed(2)}`);
  console.log(
    `median renderer main-thread CPU ms per warm scan: ${median(r.rows.map((x) => x.cpuScanMs)).toFixed(2)}, per innerText: ${median(r.rows.map((x) => x.cpuInnerTextMs)).toFixed(3)}`,
  );
  console.log(`largest page: ${r.largestPage}: longest scanner slice ${r.maxLongestSliceMs.toFixed(1)} ms (target ≤ 50), longest longtask ${r.largestPageLongTaskMs.toFixed(1)} ms`);
  console.log(`longest slice on any page: ${Math.max(...r.rows.map((x) => x.longestSliceMs)).toFixed(1)} ms`);
  console.log(`highest ratios: ${slowest.map((x) => `${x.page} ${x.ratio.toFixed(2)}`).join('; ')}`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
