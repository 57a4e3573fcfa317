/**
 * Settling against a stalled renderer: a page whose text changes every 200 ms never has a 300 ms quiet window, even
 * when its main thread stalls for a second (a loaded machine) and wakes with the page's own timer overdue.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium } from '../helpers/browser';
import { chromiumPath, launchBrowser } from '../../src/cli/launch-browser';
import { waitForQuietDom } from '../../src/cli/settle-page';

const TICKER = `<p id="t">0</p><script>
  let n = 0;
  setInterval(() => {
    document.getElementById('t').textContent = String(++n);
    // right after the third change, the main thread stalls for a second
    if (n === 3) setTimeout(() => { const t = performance.now(); while (performance.now() - t < 1000) {} }, 0);
  }, 200);
</script>`;

describe.skipIf(!hasChromium)('waitForQuietDom', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser(chromiumPath());
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a stall longer than the quiet window is not mistaken for a settled page', async () => {
    const page = await browser.newPage();
    try {
      await page.setContent(TICKER);
      const quiet = await waitForQuietDom(page, 300, 3000);
      expect(quiet.settled).toBe(false);
      expect(quiet.ms).toBeGreaterThanOrEqual(3000);
    } finally {
      await page.close();
    }
  });

  test('a page that stops changing settles after the quiet window', async () => {
    const page = await browser.newPage();
    try {
      await page.setContent('<p id="t">0</p><script>let n = 0; const i = setInterval(() => { if (++n === 3) clearInterval(i); document.getElementById("t").textContent = String(n); }, 50);</script>');
      const quiet = await waitForQuietDom(page, 300, 3000);
      expect(quiet.settled).toBe(true);
      expect(quiet.ms).toBeLessThan(3000);
    } finally {
      await page.close();
    }
  });
});
