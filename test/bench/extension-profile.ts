/**
 * Where the shipped content script's page-load CPU goes: dist/ in headless Chromium, the V8 sampling profiler running
 * from before each page of ../shared/data/pages is opened until 1.5 s after its load (the content script loads, waits
 * 400 ms, scans, reports), counting only samples under a frame of content-script.js (its start-up included, which
 * extension-scan.ts's scan clocks do not see). Prints ms per page and the functions with the most self time. The
 * profiler's own overhead inflates every figure alike: compare builds (IL_DIST=dir), not against other benches.
 *
 *   npm run build && npx tsx test/bench/extension-profile.ts [--limit N] [--top N]
 */
import { join } from 'node:path';
import { dataDir, listHtmlPages, REPO } from '../fixtures/scan/harness';
import { median } from './bench-stats';
import { visitExtensionPages } from './extension-pages';
import type { Profile } from './scan-profile';

const SAMPLING_US = 50;
const AFTER_LOAD_MS = 1_500;

/** Self ms per function (content-script functions by name and line) of the samples under a content-script frame. */
function contentScriptSelf(profile: Profile, into: Map<string, number>): number {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ms = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => ms.set(id, (ms.get(id) ?? 0) + (deltas[i] ?? 0) / 1000));
  let total = 0;
  for (const [id, t] of ms) {
    let under = false;
    for (let cur: number | undefined = id; cur !== undefined && !under; cur = parent.get(cur)) under = byId.get(cur)!.callFrame.url.includes('content-script');
    if (!under) continue;
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'}${f.url.includes('content-script') ? `:${f.lineNumber + 1}` : ' (native)'}`;
    into.set(key, (into.get(key) ?? 0) + t);
    total += t;
  }
  return total;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
  const dist = process.env.IL_DIST ?? join(REPO, 'dist');
  const pages = listHtmlPages(join(dataDir(), 'pages')).slice(0, opt('--limit', 30));
  const self = new Map<string, number>();
  const perPage: number[] = [];
  await visitExtensionPages(dist, pages, async (page, url, { context }) => {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
    await page.waitForTimeout(AFTER_LOAD_MS);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    perPage.push(contentScriptSelf(profile, self));
    await cdp.detach();
  });
  const n = perPage.length;
  console.log(`pages: ${n}; content script CPU per page load (sampled, profiler overhead included): median ${median(perPage).toFixed(2)} ms, mean ${(perPage.reduce((a, b) => a + b, 0) / n).toFixed(2)} ms`);
  console.log('top functions by self time, ms per page (mean):');
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, opt('--top', 20))) console.log(`${(v / n).toFixed(3).padStart(8)}  ${k}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
