/**
 * The false-positive floor: every real page in ../shared/data/pages scanned in headless Chromium with the
 * page bundle. Page scripts are kept from running (a CSP header on the document) so that the page cannot
 * change its own DOM: any difference in the serialised DOM before and after the scan would be ours.
 * Asserts: no uncaught errors from the scanner, no DOM change, and — once src/core/analyse.ts exists — at
 * most 1% of pages called "injected" by the rules alone (the share and the offenders are printed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Segment } from '../../src/core/types';
import { hasChromium, launchChromium } from '../helpers/browser';
import { serveFolder, type StaticServer } from '../helpers/server';
import { REPO, dataDir, listHtmlPages, scanBundlePath } from '../fixtures/scan/harness';

const PAGES_DIR = join(dataDir(), 'pages');
const hasPages = existsSync(PAGES_DIR);
const hasAnalyse = existsSync(join(REPO, 'src/core/analyse.ts'));
const MAX_INJECTED_SHARE = 0.01;
const PARALLEL_PAGES = 2;
// 300 pages took 144 s with this file run alone (Chromium 150, 2026-11-29); inside a full `npm test` (load average 6-7) they took
// over 180 s. Each page load has its own 20 s limit, so this bound is for the whole run, not for a stuck page.
const SCAN_ALL_TIMEOUT_MS = 480_000;

if (!hasPages) console.warn(`benign-pages: skipped, no data folder at ${PAGES_DIR} (set INJECTION_LENS_DATA)`);

interface PageOutcome {
  page: string;
  loaded: boolean;
  scannerErrors: string[];
  domChanged: boolean;
  firstDiff: string;
  segments: Segment[];
}

describe.skipIf(!hasChromium || !hasPages)('benign pages (../shared/data/pages)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let server: StaticServer;
  let bundleSource: string;
  const outcomes: PageOutcome[] = [];

  beforeAll(async () => {
    bundleSource = readFileSync(await scanBundlePath(), 'utf8');
    server = await serveFolder(PAGES_DIR);
    browser = await launchChromium();
    context = await browser.newContext();
    await context.route('**/*', async (route) => {
      const req = route.request();
      if (!req.url().startsWith(server.url)) return route.abort();
      if (req.resourceType() !== 'document') return route.continue();
      // No page script runs: the DOM can only change if we change it.
      const res = await route.fetch();
      return route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': "script-src 'none'" } });
    });
    const pages = listHtmlPages(PAGES_DIR);
    let next = 0;
    const worker = async () => {
      while (next < pages.length) {
        const rel = pages[next++];
        outcomes.push(await scanOne(rel));
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: PARALLEL_PAGES }, worker));
    console.log(`benign-pages: ${pages.length} pages scanned in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }, SCAN_ALL_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function scanOne(rel: string): Promise<PageOutcome> {
    const out: PageOutcome = { page: rel, loaded: false, scannerErrors: [], domChanged: false, firstDiff: '', segments: [] };
    const page = await context.newPage();
    page.on('pageerror', (e) => {
      const text = `${e.message}\n${e.stack ?? ''}`;
      if (/__injectionLens|page-scan|scanDocument/.test(text)) out.scannerErrors.push(e.message);
    });
    try {
      await page.goto(`${server.url}/${rel.split('/').map(encodeURIComponent).join('/')}`, { waitUntil: 'load', timeout: 20_000 });
      out.loaded = true;
      await page.evaluate(bundleSource);
      const r = await page.evaluate(async () => {
        const before = document.documentElement.outerHTML;
        type Api = { scanDocument(d: Document): Promise<{ segments: Segment[] }> };
        const api = (window as unknown as { __injectionLens: Api }).__injectionLens;
        const res = await api.scanDocument(document);
        const after = document.documentElement.outerHTML;
        let i = 0;
        while (i < before.length && before[i] === after[i]) i++;
        return { changed: before !== after, diff: before === after ? '' : after.slice(Math.max(0, i - 40), i + 80), segments: res.segments };
      });
      out.domChanged = r.changed;
      out.firstDiff = r.diff;
      out.segments = r.segments;
    } catch (e) {
      out.scannerErrors.push(`evaluate failed: ${String(e).split('\n')[0]}`);
    } finally {
      await page.close();
    }
    return out;
  }

  it('loads and scans every page', () => {
    const notLoaded = outcomes.filter((o) => !o.loaded).map((o) => o.page);
    console.log(`benign-pages: ${outcomes.length} pages, ${notLoaded.length} failed to load, ${outcomes.reduce((n, o) => n + o.segments.length, 0)} segments`);
    expect(notLoaded.length).toBeLessThanOrEqual(Math.ceil(outcomes.length * 0.02));
    expect(outcomes.filter((o) => o.loaded && o.segments.length > 0).length).toBeGreaterThan(outcomes.length * 0.9);
  });

  it('raises no uncaught errors from the scanner', () => {
    expect(outcomes.filter((o) => o.scannerErrors.length).map((o) => `${o.page}: ${o.scannerErrors.join('; ')}`)).toEqual([]);
  });

  it('changes nothing in the DOM', () => {
    expect(outcomes.filter((o) => o.domChanged).map((o) => `${o.page}: …${o.firstDiff}…`)).toEqual([]);
  });

  it.skipIf(!hasAnalyse)(`calls at most ${MAX_INJECTED_SHARE * 100}% of pages "injected" (rules only)`, async () => {
    const { analyseSegments } = (await import(/* @vite-ignore */ join(REPO, 'src/core/analyse.ts'))) as {
      analyseSegments: (s: Segment[], m: null, o: { threshold: number; sensitivity: string }) => { verdict: string; findings: { text: string; score: number }[] };
    };
    const scanned = outcomes.filter((o) => o.loaded);
    const offenders: string[] = [];
    const verdicts = new Map<string, number>();
    for (const o of scanned) {
      const r = analyseSegments(o.segments, null, { threshold: 0.5, sensitivity: 'balanced' });
      verdicts.set(r.verdict, (verdicts.get(r.verdict) ?? 0) + 1);
      if (r.verdict === 'injected') {
        const top = [...r.findings].sort((a, b) => b.score - a.score)[0];
        offenders.push(`${o.page}: ${top ? JSON.stringify(top.text.slice(0, 120)) : ''}`);
      }
    }
    const share = offenders.length / Math.max(1, scanned.length);
    console.log(`benign-pages: verdicts ${JSON.stringify(Object.fromEntries(verdicts))}; injected share ${(share * 100).toFixed(2)}%`);
    for (const line of offenders) console.log(`  injected: ${line}`);
    expect(share).toBeLessThanOrEqual(MAX_INJECTED_SHARE);
  });
  if (!hasAnalyse) it.skip('verdict share: src/core/analyse.ts not written yet', () => {});
});
