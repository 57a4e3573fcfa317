/**
 * The shipped content script's scan as the person's browser runs it: dist/ loaded in headless Chromium, each page of
 * ../shared/data/pages opened in a tab of its own, the scan's page work read from the tab's report (quick pass +
 * rescans, the content script's own clocks, in its isolated world, once per page load: code not yet optimised, every
 * node touched from that world for the first time) against the page's first `document.body.innerText` (main world,
 * right after load; floored at 0.5 ms like the other speed benches). The model and rules run in the background and
 * are not counted; nor is the wait for them.
 *
 *   npm run build && npx tsx test/bench/extension-scan.ts [--limit N]
 *
 * IL_DIST=dir measures another build of the extension (a before/after).
 */
import { join } from 'node:path';
import type { Worker } from 'playwright-core';
import { dataDir, listHtmlPages, REPO } from '../fixtures/scan/harness';
import type { TabState } from '../../src/extension/messages';
import { median } from './bench-stats';
import { visitExtensionPages } from './extension-pages';

const MIN_BASELINE_MS = 0.5;
const SETTLE_TIMEOUT_MS = 30_000;

declare const chrome: any; // evaluated in the extension's service worker

interface Row {
  page: string;
  innerText: number;
  quick: number;
  rescans: number;
  longestSlice: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : 40;
  const dist = process.env.IL_DIST ?? join(REPO, 'dist');
  const pages = listHtmlPages(join(dataDir(), 'pages')).slice(0, limit);
  const rows: Row[] = [];
  await visitExtensionPages(dist, pages, async (page, url, { context, extensionId }) => {
    const background = async (): Promise<Worker> =>
      context.serviceWorkers().find((w) => w.url().includes(extensionId)) ?? (await context.waitForEvent('serviceworker', { timeout: 10_000 }));
    await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
    // Before the content script's scan (it waits 400 ms after load): the page's first innerText.
    const innerText = await page.evaluate(() => {
      const t0 = performance.now();
      void document.body?.innerText;
      return performance.now() - t0;
    });
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    let tabId: number | undefined;
    // The tabs API can lag the navigation by a moment.
    while (tabId === undefined && Date.now() < deadline) {
      tabId = (await (await background()).evaluate(async (u: string) => (await chrome.tabs.query({})).find((t: { url?: string }) => t.url === u)?.id, page.url())) as number | undefined;
      if (tabId === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    if (tabId === undefined) throw new Error('no tab');
    let state: TabState | null = null;
    while (Date.now() < deadline) {
      state = (await (await background()).evaluate(async (id: number) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`]?.state ?? null, tabId)) as TabState | null;
      // Frames that scan themselves report first: wait for the top page's own scan.
      if (state?.status === 'done' && state.report && state.report.modelStatus !== 'loading' && !state.topPending) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const t = state?.report?.timings;
    if (!t || t.quick === undefined) throw new Error(`no settled report (${state?.status ?? 'none'})`);
    const rel = url.slice(url.indexOf('/', 'http://'.length) + 1);
    if (process.env.IL_DEBUG) console.log(rel.slice(-40), state?.report?.modelStatus, state?.report?.segmentCount, JSON.stringify(t));
    rows.push({ page: decodeURIComponent(rel), innerText, quick: t.quick, rescans: t.extract ?? 0, longestSlice: t.longestSliceMs ?? NaN });
  });
  const ratio = (r: Row) => (r.quick + r.rescans) / Math.max(r.innerText, MIN_BASELINE_MS);
  console.log(`pages: ${rows.length} (the extension's content script, one scan per page load)`);
  console.log(
    `median ratio page work / first innerText (floored at ${MIN_BASELINE_MS} ms): ${median(rows.map(ratio)).toFixed(2)}; median ms: scan ${median(rows.map((r) => r.quick + r.rescans)).toFixed(2)} (quick pass ${median(rows.map((r) => r.quick)).toFixed(2)}, rescans ${median(rows.map((r) => r.rescans)).toFixed(2)}), innerText ${median(rows.map((r) => r.innerText)).toFixed(3)}`,
  );
  const worst = rows.reduce((a, b) => (b.longestSlice > a.longestSlice ? b : a), rows[0]);
  console.log(
    `pages rescanning nothing: ${rows.filter((r) => r.rescans === 0).length}; longest slice: median ${median(rows.map((r) => r.longestSlice)).toFixed(1)} ms, max ${worst?.longestSlice.toFixed(1)} ms (${worst?.page}; wall clock: a descheduled thread counts too)`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
