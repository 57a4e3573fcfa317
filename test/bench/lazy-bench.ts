/**
 * Would a lazy scanner find what the full one finds? Both paths on the bench's pages, judged the same way
 * (model + rules + fusion, page-bench.ts):
 *   full — scanDocument: every segment with its hiding verdict;
 *   lazy — quickText (no style reads) + readAsAgent → the model and rules score every block in Node → only blocks
 *          that could give a finding however presented, plus blocks repeating their text (core choose-blocks.ts),
 *          are rescanned with scanSubtrees → judged.
 * Prints, per hiding technique, the attack found by each path; the real pages each path flags; and the page-thread
 * time of each path (lazy: quick + read + rescans; the scoring runs elsewhere in a real pipeline).
 *
 *   npm run build:page && npx tsx test/bench/lazy-bench.ts [--pages N] [--real N]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chooseBlocks } from '../../src/core/choose-blocks';
import type { Segment } from '../../src/core/types';
import type { TextClassifier } from '../../src/model/classifier';
import { chromiumPath, launchBrowser } from '../../src/cli/launch-browser';
import { loadClassifier } from '../../src/cli/load-classifier';
import { readScanBundle } from '../../src/cli/scan-bundle';
import { listRealPages, loadHeldOutTexts, resolveDataDir } from './bench-data';
import { median, pct, sample } from './bench-stats';
import { TECHNIQUES, isUtf8 } from './inject-attack';
import { realPageJobs, runInjectedPages, runPageJobs, type PageOutcome } from './page-bench';

const MAX_ATTACK_CHARS = 600;

/** In the page: insert the attack (if any), read every block without styles; blocks stay in the page for step 2. */
const QUICK_STEP = `async function (markup) {
  var w = window;
  var added = [];
  if (markup) {
    var host = (markup.where === 'head' ? document.head : document.body) || document.documentElement;
    var before = host.childNodes.length;
    host.insertAdjacentHTML('afterbegin', markup.html);
    for (var i = 0; i < host.childNodes.length - before; i++) added.push(host.childNodes[i]);
  }
  w.__ilLazy = { added: added, blocks: [] };
  var q = await w.__injectionLens.quickText(document, { readAsAgent: true });
  w.__ilLazy.blocks = q.blocks;
  return {
    texts: q.blocks.map(function (b) { return b.agentText || ''; }),
    smuggled: q.blocks.map(function (b) { return !!(b.invisible && b.invisible.decoded); }),
    ms: q.timings.walk + q.timings.read,
  };
}`;

/** In the page: rescan the chosen blocks' elements (outermost only, per document), then take the attack out. */
const DETAIL_STEP = `async function (chosen) {
  var w = window;
  var state = w.__ilLazy;
  try {
    var els = [];
    chosen.forEach(function (i) { var el = state.blocks[i].element; if (els.indexOf(el) < 0) els.push(el); });
    var roots = els.filter(function (el) { return !els.some(function (o) { return o !== el && o.contains(el); }); });
    var byDoc = new Map();
    roots.forEach(function (r) { var d = r.ownerDocument; if (!byDoc.has(d)) byDoc.set(d, []); byDoc.get(d).push(r); });
    var segments = [];
    var ms = 0;
    for (var entry of byDoc) {
      var res = await w.__injectionLens.scanSubtrees(entry[0], entry[1]);
      segments = segments.concat(res.segments);
      ms += res.timings.extract;
    }
    return { segments: segments, ms: ms, roots: roots.length };
  } finally {
    state.added.forEach(function (n) { n.remove(); });
    w.__ilLazy = null;
  }
}`;

interface Timing {
  /** Page-thread ms of the lazy path: quick + read + rescans (slices summed). */
  lazyMs: number;
  chosen: number;
  blocks: number;
}

export function lazyScanner(classifier: TextClassifier | null, timings: Timing[]) {
  return async (page: Page, markup: { where: 'head' | 'body'; html: string } | null): Promise<Segment[]> => {
    const q = (await page.evaluate(`(${QUICK_STEP})(${JSON.stringify(markup)})`)) as { texts: string[]; smuggled: boolean[]; ms: number };
    const scores = classifier && q.texts.length ? await classifier.score(q.texts) : null;
    const chosen = chooseBlocks(q.texts, scores, q.smuggled, { threshold: classifier?.threshold ?? 0.5, sensitivity: 'balanced' });
    const d = (await page.evaluate(`(${DETAIL_STEP})(${JSON.stringify(chosen)})`)) as { segments: Segment[]; ms: number };
    timings.push({ lazyMs: q.ms + d.ms, chosen: chosen.length, blocks: q.texts.length });
    return d.segments;
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const num = (flag: string, dflt: number) => {
    const i = args.indexOf(flag);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const dataDir = resolveDataDir();
  const pagesRoot = join(dataDir, 'pages');
  const allPages = listRealPages(dataDir);
  const realPages = sample(allPages, Math.min(num('--real', 300), allPages.length), 3).sort();
  const utf8Pages = allPages.filter((p) => isUtf8(readFileSync(join(pagesRoot, p))));
  const injectedPages = sample(utf8Pages, num('--pages', 40), 5).sort();
  const texts = await loadHeldOutTexts(dataDir, 500);
  const attacks = sample(
    texts.items.filter((t) => t.label === 1).map((t) => t.text.trim()).filter((t) => t.length >= 40 && t.length <= MAX_ATTACK_CHARS),
    Math.max(1, injectedPages.length),
    13,
  );
  const { classifier } = await loadClassifier(false);
  const bundle = await readScanBundle();
  if (!bundle.includes('scanSubtrees')) throw new Error('the page bundle has no scanSubtrees: npm run build:page');
  const browser = await launchBrowser(chromiumPath());
  try {
    const base = { browser, bundle, classifier, concurrency: 2, timeoutMs: 30_000, quietMs: 100 };
    const timings: Timing[] = [];
    const lazy = { ...base, scan: lazyScanner(classifier, timings) };
    const t0 = performance.now();
    const [fullReal, lazyReal] = [await runPageJobs(realPageJobs(pagesRoot, realPages), base), await runPageJobs(realPageJobs(pagesRoot, realPages), lazy)];
    const [fullInj, lazyInj] = [
      await runInjectedPages(pagesRoot, injectedPages, attacks, TECHNIQUES, base),
      await runInjectedPages(pagesRoot, injectedPages, attacks, TECHNIQUES, lazy),
    ];
    console.log(`${realPages.length} real pages, ${injectedPages.length} pages × ${TECHNIQUES.length} techniques, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const flagged = (rows: PageOutcome[]) => rows.filter((r) => r.verdict === 'suspicious' || r.verdict === 'injected');
    const errors = (rows: PageOutcome[]) => rows.filter((r) => r.verdict === null).length;
    const fullFlagged = new Set(flagged(fullReal).map((r) => r.page));
    const lazyFlagged = new Set(flagged(lazyReal).map((r) => r.page));
    console.log(`real pages flagged: full ${fullFlagged.size} (${pct(fullFlagged.size / realPages.length)}), lazy ${lazyFlagged.size} (${pct(lazyFlagged.size / realPages.length)}); errors full ${errors(fullReal)}, lazy ${errors(lazyReal)}`);
    for (const p of fullFlagged) if (!lazyFlagged.has(p)) console.log(`  flagged by full only: ${p}`);
    for (const p of lazyFlagged) if (!fullFlagged.has(p)) console.log(`  flagged by lazy only: ${p} — ${lazyReal.find((r) => r.page === p)?.flaggedTexts[0]?.slice(0, 100)}`);
    console.log(`\n${'technique'.padEnd(20)} ${'full found'.padStart(10)} ${'lazy found'.padStart(10)}  disagreements`);
    let fullSum = 0;
    let lazySum = 0;
    for (const t of TECHNIQUES) {
      const f = fullInj.filter((r) => r.technique === t);
      const l = lazyInj.filter((r) => r.technique === t);
      const ff = f.filter((r) => r.attackFound).length;
      const lf = l.filter((r) => r.attackFound).length;
      const differ = f.filter((r) => r.attackFound !== l.find((x) => x.page === r.page)?.attackFound).length;
      if (t !== 'visible') {
        fullSum += ff / f.length;
        lazySum += lf / l.length;
      }
      console.log(`${t.padEnd(20)} ${pct(ff / f.length).padStart(10)} ${pct(lf / l.length).padStart(10)}  ${differ}`);
    }
    const hiding = TECHNIQUES.length - 1;
    console.log(`mean over ${hiding} hiding techniques: full ${pct(fullSum / hiding)}, lazy ${pct(lazySum / hiding)}`);
    const blocks = timings.map((t) => t.blocks);
    const chosen = timings.map((t) => t.chosen);
    console.log(`\nlazy: median blocks per scan ${median(blocks)}, rescanned ${median(chosen)} (mean ${(chosen.reduce((a, b) => a + b, 0) / chosen.length).toFixed(1)}); scans with none ${chosen.filter((c) => c === 0).length} of ${chosen.length}`);
    console.log(`lazy page-thread ms (quick + read + rescans, wall slices): median ${median(timings.map((t) => t.lazyMs)).toFixed(2)}`);
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
