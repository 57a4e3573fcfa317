/**
 * Options and sample browser inside the built extension (dist/, or INJECTION_LENS_DIST): settings land in
 * storage.sync validated, "Open demo" opens the bundled demo, and with collection on a scanned page's findings
 * reach the sample store (IndexedDB of the extension), shown by the sample browser and exported as JSONL.
 * Skips when the build has no options page yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchWithExtension } from '../helpers/browser';
import { serveFolder, type StaticServer } from '../helpers/server';

const ROOT = new URL('../..', import.meta.url).pathname;
const DIST = process.env.INJECTION_LENS_DIST ?? join(ROOT, 'dist');
const OPTIONS = 'src/extension/options/options.html';
const SAMPLES = 'src/extension/samples/samples.html';
const built = existsSync(join(DIST, OPTIONS)) && existsSync(join(DIST, SAMPLES));

declare const chrome: any; // evaluated inside extension pages

describe.skipIf(!hasChromium || !built)('options and samples in the extension', () => {
  let context: BrowserContext;
  let extensionId: string;
  let server: StaticServer;

  beforeAll(async () => {
    server = await serveFolder(join(ROOT, 'test/fixtures/e2e'));
    ({ context, extensionId } = await launchWithExtension(DIST));
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
  });

  async function openPage(path: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    return page;
  }

  it('options: saves validated settings to storage.sync; Open demo opens the bundled demo', async () => {
    const page = await openPage(OPTIONS);
    await page.getByTestId('collect-samples').waitFor();
    expect(await page.getByTestId('storage-area').innerText()).toContain('sync');
    await page.getByTestId('sensitivity-high').check();
    await page.getByTestId('collect-samples').check();
    await page.getByTestId('deny-list').fill('HTTPS://Bank.Example/x\nnot a host');
    await page.getByTestId('save-lists').click();
    await page.getByTestId('status').getByText('Site lists saved.').waitFor();
    const stored = await page.evaluate(async () => (await chrome.storage.sync.get('settings')).settings);
    expect(stored).toEqual({
      schemaVersion: 1, sensitivity: 'high', autoScan: true, collectSamples: true, denyList: ['bank.example'], allowList: [],
    });
    const [demo] = await Promise.all([context.waitForEvent('page'), page.getByTestId('open-demo').click()]);
    await demo.waitForLoadState();
    expect(demo.url()).toBe(`chrome-extension://${extensionId}/demo/index.html`);
    expect(await demo.locator('a[href="css-hiding.html"]').count()).toBe(1);
    await demo.close();
    await page.close();
  });

  it('options: a corrupt stored object is validated on read (defaults for the bad fields)', async () => {
    const page = await openPage(OPTIONS);
    await page.getByTestId('auto-scan').waitFor();
    await page.evaluate(async () =>
      chrome.storage.sync.set({ settings: { schemaVersion: 1, sensitivity: 'paranoid', autoScan: 'no', denyList: 'x', allowList: ['Ok.Example', 7] } }),
    );
    await page.reload();
    await page.getByTestId('auto-scan').waitFor();
    expect(await page.getByTestId('sensitivity-balanced').isChecked()).toBe(true);
    expect(await page.getByTestId('auto-scan').isChecked()).toBe(true);
    expect(await page.getByTestId('deny-list').inputValue()).toBe('');
    expect(await page.getByTestId('allow-list').inputValue()).toBe('ok.example');
    await page.close();
  });

  it('collection on: findings of a scanned page appear in the sample browser; export is JSONL', async () => {
    const options = await openPage(OPTIONS);
    await options.getByTestId('collect-samples').waitFor();
    if (!(await options.getByTestId('collect-samples').isChecked())) await options.getByTestId('collect-samples').check();
    await options.close();

    const site = await context.newPage();
    await site.goto(`${server.url}/hidden-injection.html`);
    const samples = await openPage(SAMPLES);
    const deadline = Date.now() + 45_000;
    let count = 0;
    for (let round = 1; Date.now() < deadline; round++) {
      // The background may have judged the page before the setting reached it (storage events are asynchronous,
      // and slow on a loaded machine): a reload is a fresh scan under the current setting.
      if (round % 10 === 0) await site.reload();
      await samples.reload();
      const text = await samples.getByTestId('sample-count').innerText();
      count = Number(/(\d+) stored/.exec(text)?.[1] ?? 0);
      if (count > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(count).toBeGreaterThan(0);
    expect(await samples.getByTestId('chart-site').innerText()).toContain('127.0.0.1');
    const [download] = await Promise.all([samples.waitForEvent('download'), samples.getByTestId('export').click()]);
    const lines = readFileSync(await download.path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(count);
    expect(lines[0]).toMatchObject({ schema: 'injection-lens.sample/1', site: '127.0.0.1' });
    await site.close();
    await samples.close();
  });
});
