/**
 * Would a lazy scanner find what the full one finds? Both paths on the bench's pages, judged the same way
 * (model + rules + fusion, page-bench.ts):
 *   full — scanDocument: every segment with its hiding verdict;
 *   lazy — the content script's scanLazily: quickText (no style reads) + readAsAgent → the model and rules score
 *          every piece (here in Node, in the extension in the background) → only the blocks that could give a
 *          finding, plus those repeating their text (core choose-blocks.ts), are rescanned with scanSubtrees.
 * Prints, per hiding technique, the attack found by each path; the real pages each path flags; and the page-thread
 * time of each path (lazy: quick + read + rescans; the scoring runs elsewhere in a real pipeline).
 *
 *   npm run build:page && npx tsx test/bench/lazy-bench.ts [--pages N] [--real N]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { exposeChooser } from './expose-chooser';
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

/** In the page: insert the attack (if any), scan lazily (choosing in Node through __ilChoose), take the attack out. */
const LAZY_STEP = `async function (markup) {
  var added = [];
  if (markup) {
    var host = (markup.where === 'head' ? document.head : document.body) || document.documentElement;
    var before = host.childNodes.length;
    host.insertAdjacentHTML('afterbegin', markup.html);
    for (var i = 0; i < host.childNodes.length - before; i++) added.push(host.childNodes[i]);
  }
  try {
    var r = await window.__injectionLens.scanLazily(document, function (texts, smuggled) { return window.__ilChoose(texts, smuggled); }, { descendFrames: true });
    return { segments: r.segments, blocks: r.blocks, ms: r.timings.quick + r.timings.extract };
  } finally {
    added.forEach(function (n) { n.remove(); });
  }
}`;

interface Timing {
  /** Page-thread ms of the lazy path: quick + read + rescans (slices summed). */
  lazyMs: number;
  chosen: number;
  blocks: number;
}

/** The content script's scan (scan-lazily.ts), with the background's choice made here by the same core code. */
export function lazyScanner(classifier: TextClassifier | null, timings: Timing[]) {
  /** Pages that have __ilChoose, and how many blocks it chose in their last scan. */
  const lastChosen = new WeakMap<Page, number>();
  return async (page: Page, markup: { where: 'head' | 'body'; html: string } | null): Promise<Segment[]> => {
    if (!lastChosen.has(page)) {
      await exposeChooser(page, classifier, { onChoice: (choice) => lastChosen.set(page, choice.chosen.length) });
    }
    lastChosen.set(page, 0);
    const r = (await page.evaluate(`(${LAZY_STEP})(${JSON.stringify(markup)})`)) as { segments: Segment[]; blocks: number; ms: number };
    timings.push({ lazyMs: r.ms, chosen: lastChosen.get(page) ?? 0, blocks: r.blocks });
    return r.segments;
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
  if (!bundle.includes('scanLazily')) throw new Error('the page bundle has no scanLazily: npm run build:page');
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
    console.log(`\nlazy: median blocks per scan ${median(blocks)}, chosen (before any echo partners) ${median(chosen)} (mean ${(chosen.reduce((a, b) => a + b, 0) / chosen.length).toFixed(1)}); scans with none ${chosen.filter((c) => c === 0).length} of ${chosen.length}`);
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
