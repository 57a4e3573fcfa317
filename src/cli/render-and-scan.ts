/**
 * One input in the browser: its own context (cookies, routes and a hung renderer die with it), navigate,
 * settle, inject the scanner bundle, scan. Everything runs under one deadline; a page that never settles,
 * never answers or crashes becomes an error string, never an exception.
 */
import type { Browser, Page } from 'playwright-core';
import type { Segment } from '../core/types';
import { routeLocalPage, routeRemotePage } from './page-network';
import { trackNetwork, waitForNetworkQuiet, waitForQuietDom, NETWORK_WAIT_CAP_MS } from './settle-page';

/** Closing a context normally takes milliseconds; do not let a wedged one hold up the batch. */
const CLOSE_CAP_MS = 5_000;
const DEADLINE_MARGIN_MS = 150;
const VIEWPORT = { width: 1280, height: 800 };

export type PageTarget = { kind: 'local'; path: string; html: Buffer } | { kind: 'url'; url: string };

export interface RenderOptions {
  timeoutMs: number;
  quietMs: number;
  /** Source of dist-cli/page-scan.js. */
  bundle: string;
  /** Called once the load event fired, before settling (tests use it to crash or stall a page on purpose). */
  onLoaded?: (page: Page) => Promise<void>;
}

export interface RenderedScan {
  segments: Segment[];
  closedShadowRoots: number;
  truncated: boolean;
  finalUrl: string;
  timings: { load: number; settle: number; scan: number };
}

export type RenderOutcome = { ok: true; scan: RenderedScan } | { ok: false; error: string };

type Stage = 'open' | 'load' | 'settle' | 'scan';

class StageError extends Error {}

/** Runs the injected scanner; source text for the same reason as settle-page's (esbuild's __name). */
const SCAN_SOURCE = `(async function () {
  var api = window.__injectionLens;
  if (!api) throw new Error('scanner bundle did not load');
  var r = await api.scanDocument(document);
  return { segments: r.segments, closedShadowRoots: r.closedShadowRoots, truncated: r.truncated };
})()`;

export interface PageScanResult {
  segments: Segment[];
  closedShadowRoots: number;
  truncated: boolean;
}

/** Injects the scanner bundle into a loaded page and scans it (top document, same-origin frames in place). */
export async function scanLoadedPage(page: Page, bundle: string): Promise<PageScanResult> {
  // A `void 0;` first so Playwright evaluates the bundle as a script, not as a function to call.
  await page.evaluate(`void 0;\n${bundle}\n;void 0`);
  return (await page.evaluate(SCAN_SOURCE)) as PageScanResult;
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0].replace(/^page\.\w+: /, '');
}

async function renderAndScanIn(page: Page, target: PageTarget, url: string, opts: RenderOptions, stage: { now: Stage }, deadline: number): Promise<RenderedScan> {
  const net = trackNetwork(page);
  const left = () => Math.max(1, deadline - Date.now());
  stage.now = 'load';
  const t0 = performance.now();
  let response;
  try {
    response = await page.goto(url, { waitUntil: 'load', timeout: left() });
  } catch (err) {
    if (Date.now() >= deadline) throw err; // reported as a timeout by the caller
    throw new StageError(`navigation: ${firstLine(err)}`);
  }
  if (target.kind === 'url' && response) {
    const type = (response.headers()['content-type'] ?? '').toLowerCase();
    if (type && !/html|xml/.test(type)) throw new StageError(`not-html: content-type ${type.split(';')[0]}`);
  }
  await opts.onLoaded?.(page);
  const t1 = performance.now();
  stage.now = 'settle';
  await waitForNetworkQuiet(net, opts.quietMs, Math.min(NETWORK_WAIT_CAP_MS, left()));
  // Leave a moment so the "kept changing" message wins over the generic deadline.
  const quiet = await waitForQuietDom(page, opts.quietMs, Math.max(0, left() - DEADLINE_MARGIN_MS));
  if (!quiet.settled) {
    throw new StageError(`timeout: page text kept changing for ${Math.round(quiet.ms)} ms and never settled`);
  }
  const t2 = performance.now();
  stage.now = 'scan';
  const result = await scanLoadedPage(page, opts.bundle);
  const t3 = performance.now();
  return {
    ...result,
    finalUrl: page.url(),
    timings: { load: t1 - t0, settle: t2 - t1, scan: t3 - t2 },
  };
}

export async function renderAndScan(browser: Browser, target: PageTarget, opts: RenderOptions): Promise<RenderOutcome> {
  const deadline = Date.now() + opts.timeoutMs;
  const stage = { now: 'open' as Stage };
  let context;
  try {
    context = await browser.newContext({ serviceWorkers: 'block', bypassCSP: true, viewport: VIEWPORT, acceptDownloads: false });
  } catch (err) {
    return { ok: false, error: `scan: could not open a browser context (${firstLine(err)})` };
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    let url: string;
    if (target.kind === 'local') url = await routeLocalPage(context, target.path, target.html);
    else {
      url = target.url;
      await routeRemotePage(context, url);
    }
    const page = await context.newPage();
    const crashed = new Promise<never>((_, reject) => {
      page.once('crash', () => reject(new StageError('crash: the page crashed the renderer')));
    });
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StageError(`timeout: no result within ${opts.timeoutMs} ms (stuck at ${stage.now})`)),
        Math.max(0, deadline - Date.now()),
      );
    });
    const work = renderAndScanIn(page, target, url, opts, stage, deadline);
    // Losers of the race reject later (when the context closes); they have nobody to tell.
    work.catch(() => {});
    crashed.catch(() => {});
    timedOut.catch(() => {});
    const scan = await Promise.race([work, crashed, timedOut]);
    return { ok: true, scan };
  } catch (err) {
    if (err instanceof StageError) return { ok: false, error: err.message };
    if (Date.now() >= deadline) {
      return { ok: false, error: `timeout: no result within ${opts.timeoutMs} ms (stuck at ${stage.now})` };
    }
    const message = firstLine(err);
    if (/crash/i.test(message)) return { ok: false, error: `crash: ${message}` };
    return { ok: false, error: `scan: ${message}` };
  } finally {
    clearTimeout(timer);
    await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, CLOSE_CAP_MS))]);
  }
}
