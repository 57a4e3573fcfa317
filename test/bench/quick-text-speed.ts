/**
 * Can a style-free first pass meet "scan ≤ 2× innerText" (issue 3)? Per page of ../shared/data/pages, as
 * scan-speed.ts does (median of RUNS, innerText floored at 0.5 ms, renderer main-thread CPU from CDP
 * Performance.getMetrics ThreadTime): quickText's walk, quickText + readAsAgent over all its blocks,
 * scanDocument, and `document.body.innerText`. Wall figures are the functions' own summed slice times.
 * CPU figures: ThreadTime per call over a loop in one evaluate (20 calls for innerText and both quick
 * variants, RUNS for the scanner, whose calls are long enough to amortise the evaluate round trip).
 * Read the CPU lines: in the wall loop each quickText follows the previous run's scanDocument (and likely pays
 * part of its garbage collection), which is how plain quick came out slower than quick + readAsAgent there.
 *
 * --lazy adds the rest of a lazy pipeline (extraction + rules, model excluded): evaluateRules over every quick
 * block (read as an agent), then scanSubtrees over the elements of the blocks the rules flag plus 1% of blocks
 * drawn at random (a stand-in for the model's candidates; seeded, so every run draws the same). scanSubtrees
 * and evaluateRules come from a second bundle built here (the page bundle exposes neither).
 *
 *   nice -n 10 npx tsx test/bench/quick-text-speed.ts [PAGES_DIR] [--limit N] [--lazy]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO, buildIife, dataDir, listHtmlPages, visitScannedPages } from '../fixtures/scan/harness';
import { median } from './bench-stats';
import { withRendererCpu } from './renderer-cpu';

const RUNS = 3;
const MIN_BASELINE_MS = 0.5;
const SHORT_CALLS = 20;
/** Share of blocks drawn at random as model candidates in the --lazy estimate. */
const RANDOM_SHARE = 0.01;

interface LazyRow {
  flagged: number;
  drawn: number;
  roots: number;
  /** Wall ms (summed slices for scanSubtrees) and renderer CPU ms per call. */
  rules: number;
  subtrees: number;
  cpuRules: number;
  cpuSubtrees: number;
}

interface Row {
  page: string;
  innerText: number;
  quick: number;
  quickRead: number;
  scan: number;
  cpuInnerText: number;
  cpuQuick: number;
  cpuQuickRead: number;
  cpuScan: number;
  blocks: number;
  segments: number;
  lazy?: LazyRow;
}

/** An IIFE exposing scanSubtrees and evaluateRules as `__injectionLensLazy` (built from the current sources). */
async function buildLazyBundle(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'il-quick-lazy-'));
  // The entry lives in the temp folder too: nothing of the bench's is written into the repo.
  const entry = join(outDir, 'lazy-entry.ts');
  writeFileSync(
    entry,
    `import { scanSubtrees } from ${JSON.stringify(join(REPO, 'src/scan/scan-document.ts'))};\n` +
      `import { evaluateRules } from ${JSON.stringify(join(REPO, 'src/core/rules.ts'))};\n` +
      `(globalThis as any).__injectionLensLazy = { scanSubtrees, evaluateRules };\n`,
  );
  return buildIife(entry, join(outDir, 'out'), '__injectionLensLazyBundle', 'lazy.js');
}

type LazyApi = {
  scanSubtrees(d: Document, roots: Element[]): Promise<{ timings: { extract: number } }>;
  evaluateRules(text: string): unknown[];
};
type LazyWindow = { __injectionLens: QuickApi; __injectionLensLazy: LazyApi; __qtTexts?: string[]; __qtRoots?: Element[] };

/** Candidate roots of one page (left on window for the CPU loops) and their wall-clock costs. */
async function lazyPass(page: Page, bundle: string): Promise<LazyRow> {
  await page.addScriptTag({ path: bundle });
  const m = await page.evaluate(
    async ([runs, share]) => {
      const w = window as unknown as LazyWindow;
      const q = (await w.__injectionLens.quickText(document, { readAsAgent: true })) as unknown as {
        blocks: { agentText?: string; element: Element }[];
      };
      const texts = q.blocks.map((b) => b.agentText ?? '');
      w.__qtTexts = texts;
      const rulesMs: number[] = [];
      let flaggedIdx: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        flaggedIdx = [];
        for (let i = 0; i < texts.length; i++) if (w.__injectionLensLazy.evaluateRules(texts[i]).length) flaggedIdx.push(i);
        rulesMs.push(performance.now() - t0);
      }
      // Seeded draw (LCG, inline: tsx would wrap a named helper in a __name call the page lacks).
      let seed = 12345;
      const want = Math.round(texts.length * share);
      const drawn = new Set<number>();
      while (drawn.size < Math.min(want, texts.length)) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        drawn.add(Math.floor((seed / 4294967296) * texts.length));
      }
      const candidates = new Set<Element>();
      for (const i of [...flaggedIdx, ...drawn]) candidates.add(q.blocks[i].element);
      // An element inside another candidate is rescanned with it.
      const roots = [...candidates].filter((el) => el.isConnected && ![...candidates].some((o) => o !== el && o.contains(el)));
      w.__qtRoots = roots;
      const subMs: number[] = [];
      for (let r = 0; r < runs; r++) {
        subMs.push(roots.length ? (await w.__injectionLensLazy.scanSubtrees(document, roots)).timings.extract : 0);
      }
      rulesMs.sort((a, b) => a - b);
      subMs.sort((a, b) => a - b);
      return { flagged: flaggedIdx.length, drawn: drawn.size, roots: roots.length, rules: rulesMs[runs >> 1], subtrees: subMs[runs >> 1] };
    },
    [RUNS, RANDOM_SHARE] as const,
  );
  return withRendererCpu(page, async (cpu) => {
    const cpuRules = await cpu.perCall(SHORT_CALLS, (n) =>
      page.evaluate((k: number) => {
        const w = window as unknown as LazyWindow;
        for (let i = 0; i < k; i++) for (const t of w.__qtTexts!) w.__injectionLensLazy.evaluateRules(t);
      }, n),
    );
    const cpuSubtrees = m.roots
      ? await cpu.perCall(SHORT_CALLS, (n) =>
          page.evaluate(async (k: number) => {
            const w = window as unknown as LazyWindow;
            for (let i = 0; i < k; i++) await w.__injectionLensLazy.scanSubtrees(document, w.__qtRoots!);
          }, n),
        )
      : 0;
    return { ...m, cpuRules, cpuSubtrees };
  });
}

type QuickApi = {
  quickText(d: Document, o?: object): Promise<{ blocks: unknown[]; timings: { walk: number; read: number } }>;
  scanDocument(d: Document): Promise<{ segments: unknown[]; timings: { extract: number } }>;
};

async function cpuTimes(page: Page): Promise<{ innerText: number; quick: number; quickRead: number; scan: number }> {
  return withRendererCpu(page, async (cpu) => {
    const per = (calls: number, kind: 'innerText' | 'quick' | 'quickRead' | 'scan'): Promise<number> =>
      cpu.perCall(calls, (n) =>
        page.evaluate(
          async ([k, what]) => {
            const api = (window as unknown as { __injectionLens: QuickApi }).__injectionLens;
            for (let i = 0; i < k; i++) {
              if (what === 'innerText') void document.body?.innerText;
              else if (what === 'quick') await api.quickText(document);
              else if (what === 'quickRead') await api.quickText(document, { readAsAgent: true });
              else await api.scanDocument(document);
            }
          },
          [n, kind] as const,
        ),
      );
    await page.evaluate(async () => {
      const api = (window as unknown as { __injectionLens: QuickApi }).__injectionLens;
      void document.body?.innerText;
      await api.quickText(document, { readAsAgent: true });
      await api.scanDocument(document);
    });
    return {
      innerText: await per(SHORT_CALLS, 'innerText'),
      quick: await per(SHORT_CALLS, 'quick'),
      quickRead: await per(SHORT_CALLS, 'quickRead'),
      scan: await per(RUNS, 'scan'),
    };
  });
}

async function bench(dir: string, limit?: number, lazy = false): Promise<Row[]> {
  const lazyBundle = lazy ? await buildLazyBundle() : null;
  let pages = listHtmlPages(dir);
  if (limit) pages = pages.slice(0, limit);
  const rows: Row[] = [];
  await visitScannedPages(dir, pages, async (page, rel) => {
    const m = await page.evaluate(async (runs: number) => {
      const api = (window as unknown as { __injectionLens: QuickApi }).__injectionLens;
      const inner: number[] = [];
      const quick: number[] = [];
      const quickRead: number[] = [];
      const scan: number[] = [];
      let blocks = 0;
      let segments = 0;
      void document.body?.innerText; // warm style and layout for all
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        void document.body?.innerText;
        inner.push(performance.now() - t0);
        const q = await api.quickText(document);
        quick.push(q.timings.walk);
        blocks = q.blocks.length;
        const qr = await api.quickText(document, { readAsAgent: true });
        quickRead.push(qr.timings.walk + qr.timings.read);
        const s = await api.scanDocument(document);
        scan.push(s.timings.extract);
        segments = s.segments.length;
      }
      return { inner, quick, quickRead, scan, blocks, segments };
    }, RUNS);
    const cpu = await cpuTimes(page);
    // After the other figures, so the second bundle cannot change their conditions.
    const lazyRow = lazyBundle ? await lazyPass(page, lazyBundle) : undefined;
    rows.push({
      lazy: lazyRow,
      page: rel,
      innerText: median(m.inner),
      quick: median(m.quick),
      quickRead: median(m.quickRead),
      scan: median(m.scan),
      cpuInnerText: cpu.innerText,
      cpuQuick: cpu.quick,
      cpuQuickRead: cpu.quickRead,
      cpuScan: cpu.scan,
      blocks: m.blocks,
      segments: m.segments,
    });
  });
  return rows;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const li = args.indexOf('--limit');
  const limit = li >= 0 ? Number(args[li + 1]) : undefined;
  const dir = args.find((a, i) => !a.startsWith('--') && (li < 0 || i !== li + 1)) ?? join(dataDir(), 'pages');
  const rows = await bench(dir, limit, args.includes('--lazy'));
  const pad = (s: string, n: number) => (s.length > n ? '…' + s.slice(-(n - 1)) : s.padEnd(n));
  const f = (n: number, w: number, d = 2) => n.toFixed(d).padStart(w);
  console.log(
    `${pad('page', 48)} ${'iT ms'.padStart(6)} ${'quick'.padStart(6)} ${'q+read'.padStart(6)} ${'scan'.padStart(6)} ${'cpu iT'.padStart(6)} ${'cpu q'.padStart(6)} ${'cpu q+r'.padStart(7)} ${'cpu scan'.padStart(8)} ${'blocks'.padStart(6)} ${'segs'.padStart(5)}`,
  );
  for (const r of rows) {
    console.log(
      `${pad(r.page, 48)} ${f(r.innerText, 6)} ${f(r.quick, 6)} ${f(r.quickRead, 6)} ${f(r.scan, 6)} ${f(r.cpuInnerText, 6)} ${f(r.cpuQuick, 6)} ${f(r.cpuQuickRead, 7)} ${f(r.cpuScan, 8)} ${String(r.blocks).padStart(6)} ${String(r.segments).padStart(5)}`,
    );
  }
  const ratio = (xs: number[], base: number[]) => median(xs.map((x, i) => x / Math.max(base[i], MIN_BASELINE_MS)));
  const col = (k: keyof Row) => rows.map((r) => r[k] as number);
  console.log(`\npages: ${rows.length}`);
  console.log(
    `median ratio / innerText, wall (slice time; innerText floored at ${MIN_BASELINE_MS} ms): quick ${ratio(col('quick'), col('innerText')).toFixed(2)}, quick+readAsAgent ${ratio(col('quickRead'), col('innerText')).toFixed(2)}, scanDocument ${ratio(col('scan'), col('innerText')).toFixed(2)}`,
  );
  console.log(
    `median ratio / innerText, renderer CPU (ThreadTime): quick ${ratio(col('cpuQuick'), col('cpuInnerText')).toFixed(2)}, quick+readAsAgent ${ratio(col('cpuQuickRead'), col('cpuInnerText')).toFixed(2)}, scanDocument ${ratio(col('cpuScan'), col('cpuInnerText')).toFixed(2)}`,
  );
  const raw = (xs: number[], base: number[]) => median(xs.map((x, i) => x / base[i]));
  console.log(
    `median ratio / innerText, renderer CPU, no floor: quick ${raw(col('cpuQuick'), col('cpuInnerText')).toFixed(2)}, quick+readAsAgent ${raw(col('cpuQuickRead'), col('cpuInnerText')).toFixed(2)}, scanDocument ${raw(col('cpuScan'), col('cpuInnerText')).toFixed(2)}`,
  );
  console.log(
    `median ms wall: innerText ${median(col('innerText')).toFixed(3)}, quick ${median(col('quick')).toFixed(3)}, quick+read ${median(col('quickRead')).toFixed(3)}, scan ${median(col('scan')).toFixed(3)}`,
  );
  console.log(
    `median ms CPU: innerText ${median(col('cpuInnerText')).toFixed(3)}, quick ${median(col('cpuQuick')).toFixed(3)}, quick+read ${median(col('cpuQuickRead')).toFixed(3)}, scan ${median(col('cpuScan')).toFixed(3)}`,
  );
  console.log(`median quick blocks per page: ${median(col('blocks'))}; median scan segments: ${median(col('segments'))}`);
  const lazyRows = rows.filter((r) => r.lazy);
  if (lazyRows.length) {
    const L = (k: keyof LazyRow) => lazyRows.map((r) => r.lazy![k]);
    const base = lazyRows.map((r) => r.cpuInnerText);
    const pipeCpu = lazyRows.map((r) => r.cpuQuickRead + r.lazy!.cpuRules + r.lazy!.cpuSubtrees);
    const pipeWall = lazyRows.map((r) => r.quickRead + r.lazy!.rules + r.lazy!.subtrees);
    console.log(
      `lazy (${lazyRows.length} pages): median blocks flagged by rules ${median(L('flagged'))}, drawn ${median(L('drawn'))}, rescanned roots ${median(L('roots'))}; pages with no root ${lazyRows.filter((r) => !r.lazy!.roots).length}`,
    );
    console.log(
      `lazy median ms CPU: rules over all blocks ${median(L('cpuRules')).toFixed(3)}, scanSubtrees over candidates ${median(L('cpuSubtrees')).toFixed(3)}, pipeline (quick+read+rules+subtrees) ${median(pipeCpu).toFixed(3)}`,
    );
    console.log(
      `lazy pipeline median ratio / innerText (floored): CPU ${ratio(pipeCpu, base).toFixed(2)}, wall ${ratio(pipeWall, lazyRows.map((r) => r.innerText)).toFixed(2)}; CPU no floor ${raw(pipeCpu, base).toFixed(2)}; rules alone CPU ${ratio(L('cpuRules'), base).toFixed(2)}, scanSubtrees alone CPU ${ratio(L('cpuSubtrees'), base).toFixed(2)}`,
    );
    console.log(`pages with lazy pipeline CPU ≤ 2× innerText (floored): ${lazyRows.filter((_, i) => pipeCpu[i] <= 2 * Math.max(base[i], MIN_BASELINE_MS)).length}/${lazyRows.length}`);
  }
  console.log(`pages with quick CPU ≤ 2× innerText (floored): ${rows.filter((r) => r.cpuQuick <= 2 * Math.max(r.cpuInnerText, MIN_BASELINE_MS)).length}/${rows.length}`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
