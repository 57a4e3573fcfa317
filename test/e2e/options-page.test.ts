/**
 * The options page in real Chromium (test shell over a fake, validating backend): every control saves through
 * the backend, host lists are normalised and bad entries reported, the sample count and the demo/samples links
 * work, and changes made elsewhere show up live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../helpers/browser';
import { serveFolder, type StaticServer } from '../helpers/server';
import { buildShells } from '../fixtures/actions/pages/build-shell';

describe.skipIf(!hasChromium)('options page', () => {
  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    server = await serveFolder(await buildShells());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(sampleCount = 0): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/options.html`);
    await page.evaluate((n) => localStorage.setItem('sampleCount', String(n)), sampleCount);
    await page.reload();
    await page.getByTestId('auto-scan').waitFor();
    return page;
  }
  const stored = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('settings') ?? 'null'));

  it('starts from the defaults and says settings sync', async () => {
    const page = await open(1234);
    expect(await page.getByTestId('sensitivity-balanced').isChecked()).toBe(true);
    expect(await page.getByTestId('auto-scan').isChecked()).toBe(true);
    expect(await page.getByTestId('collect-samples').isChecked()).toBe(false);
    expect(await page.getByTestId('storage-area').innerText()).toContain('sync');
    expect(await page.getByTestId('sample-count').innerText()).toBe('1,234 samples stored.');
    await page.context().close();
  });

  it('saves sensitivity, automatic scanning and collection', async () => {
    const page = await open();
    await page.getByTestId('sensitivity-high').check();
    await page.getByTestId('auto-scan').uncheck();
    await page.getByTestId('collect-samples').check();
    await page.getByTestId('status').getByText('Saved.').waitFor();
    expect(await stored(page)).toMatchObject({ schemaVersion: 1, sensitivity: 'high', autoScan: false, collectSamples: true });
    await page.reload();
    expect(await page.getByTestId('sensitivity-high').isChecked()).toBe(true);
    expect(await page.getByTestId('auto-scan').isChecked()).toBe(false);
    await page.context().close();
  });

  it('normalises site lists and reports what it left out', async () => {
    const page = await open();
    await page.getByTestId('deny-list').fill('https://Bank.Example/login\nbank.example\nnot a host\n');
    await page.getByTestId('allow-list').fill('news.example, *.docs.example');
    await page.getByTestId('save-lists').click();
    await page.getByTestId('status').getByText('Site lists saved.').waitFor();
    expect(await stored(page)).toMatchObject({ denyList: ['bank.example'], allowList: ['news.example', '*.docs.example'] });
    expect(await page.getByTestId('deny-list').inputValue()).toBe('bank.example');
    expect(await page.getByTestId('rejected-hosts').innerText()).toContain('not a host');
    await page.context().close();
  });

  it('opens the demo and the sample browser; follows changes made elsewhere', async () => {
    const page = await open();
    await page.getByTestId('open-demo').click();
    await page.getByTestId('open-samples').click();
    expect(await page.evaluate(() => (window as unknown as { __opened: string[] }).__opened)).toEqual(['demo', 'samples']);
    await page.evaluate(() =>
      (window as unknown as { __emitSettings(s: unknown): void }).__emitSettings({ schemaVersion: 1, sensitivity: 'low', autoScan: false }),
    );
    await page.waitForFunction(() => (document.querySelector('[data-testid=sensitivity-low]') as HTMLInputElement).checked);
    expect(await page.getByTestId('auto-scan').isChecked()).toBe(false);
    await page.context().close();
  });
});
