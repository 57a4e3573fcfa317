/**
 * Where the scanner's time goes: the V8 sampling profiler (CDP Profiler) over warm scans of every page in
 * ../shared/data/pages, self and inclusive time per function summed over all pages. The page bundle is
 * unminified, so names are the source's own (Scanner.emit, readStyleRecord, …); Blink's DOM calls show
 * up under their own names (getComputedStyle, a property getter, checkVisibility, …).
 *
 *   npx tsx test/bench/scan-profile.ts [PAGES_DIR] [--limit N] [--runs N] [--interval US] [--top N]
 *
 * IL_SCAN_BUNDLE=path profiles another bundle (e.g. one built from an older commit) for a before/after.
 * --lazy profiles the content script's lazy scan instead (scan-lazily.ts; the choice runs in Node with the shipped
 * classifier, as in scan-speed.ts, so the page's share is the quick pass, sending the texts and the rescans).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { dataDir, listHtmlPages, visitScannedPages } from '../fixtures/scan/harness';
import { loadClassifier } from '../../src/cli/load-classifier';
import { exposeChooser } from './expose-chooser';

/** The CDP Profiler's profile, the parts the benches read. */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface FunctionTime {
  name: string;
  selfMs: number;
  totalMs: number;
}

/** Self and inclusive ms per function name (recursion counted once per sample) in one profile. */
export function aggregate(profile: Profile, into: Map<string, { self: number; total: number }>): void {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const label = (n: ProfileNode) => {
    const f = n.callFrame;
    const where = f.url ? ` ${f.url.split('/').pop()}:${f.lineNumber + 1}` : '';
    return (f.functionName || '(anonymous)') + where;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the gap before sample i: charge the next gap to this sample (the usual convention).
    const ms = (deltas[i + 1] ?? 0) / 1000;
    let node = byId.get(samples[i]);
    if (!node) continue;
    const self = label(node);
    const e = into.get(self) ?? { self: 0, total: 0 };
    e.self += ms;
    into.set(self, e);
    const seen = new Set<string>();
    for (; node; node = byId.get(parent.get(node.id) ?? -1)) {
      const name = label(node);
      if (seen.has(name)) continue;
      seen.add(name);
      const t = into.get(name) ?? { self: 0, total: 0 };
      t.total += ms;
      into.set(name, t);
    }
  }
}

type Timed = Promise<{ timings: { extract: number; quick?: number } }>;
type ProfiledApi = { scanDocument(d: Document): Timed; scanLazily(d: Document, choose: unknown): Timed };

async function profilePage(page: Page, runs: number, intervalUs: number, lazy: boolean, into: Map<string, { self: number; total: number }>): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
    // One warm-up scan (JIT, style and layout clean), as the speed bench's warm figure.
    const scanOnce = async (isLazy: boolean) => {
      const w = window as unknown as { __injectionLens: ProfiledApi; __ilChoose: unknown };
      const r = await (isLazy ? w.__injectionLens.scanLazily(document, w.__ilChoose) : w.__injectionLens.scanDocument(document));
      return r.timings.extract + (r.timings.quick ?? 0);
    };
    await page.evaluate(`void document.body?.innerText; (${scanOnce.toString()})(${lazy})`);
    await cdp.send('Profiler.start');
    const ms = (await page.evaluate(
      `(async () => { const once = ${scanOnce.toString()}; let sum = 0; for (let i = 0; i < ${runs}; i++) sum += await once(${lazy}); return sum / ${runs}; })()`,
    )) as number;
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    aggregate(profile, into);
    return ms;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Names of the profiler's pseudo-frames that are not scanner work. */
const NOT_WORK = new Set(['(idle)', '(root)', '(program)']);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const limit = opt('--limit', 0);
  const runs = opt('--runs', 5);
  const intervalUs = opt('--interval', 100);
  const top = opt('--top', 10);
  const lazy = args.includes('--lazy');
  const valued = new Set(['--limit', '--runs', '--interval', '--top']);
  const dir = args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1])) ?? join(dataDir(), 'pages');
  let pages = listHtmlPages(dir);
  if (limit) pages = pages.slice(0, limit);
  const agg = new Map<string, { self: number; total: number }>();
  let extractSum = 0;
  let profiled = 0;
  const classifier = lazy ? (await loadClassifier(false)).classifier : null;
  if (lazy && !classifier) throw new Error('--lazy needs the shipped classifier (models/)');
  await visitScannedPages(dir, pages, async (page) => {
    if (classifier) await exposeChooser(page, classifier);
    extractSum += await profilePage(page, runs, intervalUs, lazy, agg);
    profiled++;
  });
  const rows: FunctionTime[] = [...agg].map(([name, t]) => ({ name, selfMs: t.self, totalMs: t.total }));
  const work = rows.filter((r) => !NOT_WORK.has(r.name.split(' ')[0]));
  const selfSum = work.reduce((s, r) => s + r.selfMs, 0);
  const perScan = (ms: number) => ms / (profiled * runs);
  const pad = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n));
  const table = (title: string, key: 'selfMs' | 'totalMs', n: number) => {
    console.log(`\n${title}`);
    console.log(`${pad('function', 60)} ${'ms/scan'.padStart(8)} ${'share'.padStart(6)}`);
    for (const r of [...work].sort((a, b) => b[key] - a[key]).slice(0, n)) {
      console.log(`${pad(r.name, 60)} ${perScan(r[key]).toFixed(3).padStart(8)} ${((100 * r[key]) / selfSum).toFixed(1).padStart(5)}%`);
    }
  };
  console.log(`${lazy ? 'lazy scans (content script)' : 'full scans'}; pages profiled: ${profiled}, warm scans per page: ${runs}, sampling interval ${intervalUs} µs`);
  console.log(`sampled main-thread work per scan (mean over pages): ${perScan(selfSum).toFixed(3)} ms; scanner's own extract clock: ${(extractSum / profiled).toFixed(3)} ms`);
  table(`top ${top} by self time`, 'selfMs', top);
  table(`top ${top * 2} by inclusive time (phases)`, 'totalMs', top * 2);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
