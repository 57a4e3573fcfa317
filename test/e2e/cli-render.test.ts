/**
 * The CLI's per-page renderer against failures a fixture page cannot produce by itself: a renderer crash
 * (forced through the DevTools protocol) must become a `crash:` error, and the shared browser must stay usable.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium } from '../helpers/browser';
import { chromiumPath, launchBrowser } from '../../src/cli/launch-browser';
import { renderAndScan } from '../../src/cli/render-and-scan';

const F = fileURLToPath(new URL('../fixtures/cli/', import.meta.url));
// A stand-in scanner: this test is about the renderer, not the scanner bundle.
const FAKE_BUNDLE = `window.__injectionLens = { scanDocument: async function () {
  return { segments: [], closedShadowRoots: 0, truncated: false }; } };`;

describe.skipIf(!hasChromium)('renderAndScan failures', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser(chromiumPath());
  });
  afterAll(async () => {
    await browser?.close();
  });

  const page = (name: string) => ({ kind: 'local' as const, path: `${F}${name}`, html: readFileSync(`${F}${name}`) });

  test('a renderer crash is a crash error, and the next page still scans', async () => {
    const crashed = await renderAndScan(browser, page('benign-recipe.html'), {
      timeoutMs: 10_000,
      quietMs: 100,
      bundle: FAKE_BUNDLE,
      onLoaded: async (p) => {
        const cdp = await p.context().newCDPSession(p);
        await cdp.send('Page.crash').catch(() => {}); // the session dies with the renderer
      },
    });
    expect(crashed).toEqual({ ok: false, error: expect.stringMatching(/^crash: /) });
    const next = await renderAndScan(browser, page('benign-recipe.html'), { timeoutMs: 10_000, quietMs: 100, bundle: FAKE_BUNDLE });
    expect(next.ok).toBe(true);
  });

  test('a page that stalls past the deadline is a timeout error naming the stage', async () => {
    const start = Date.now();
    const stalled = await renderAndScan(browser, page('infinite-script.html'), { timeoutMs: 2_000, quietMs: 100, bundle: FAKE_BUNDLE });
    expect(stalled.ok).toBe(false);
    if (!stalled.ok) expect(stalled.error).toMatch(/^timeout: .*(load|settle)/);
    expect(Date.now() - start).toBeLessThan(8_000);
  });
});
