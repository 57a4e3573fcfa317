import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromiumPath, OFFLINE_CHROMIUM_ARGS } from '../../src/cli/launch-browser';
import { join } from 'node:path';

export const CHROMIUM_PATH = chromiumPath();
export const hasChromium = existsSync(CHROMIUM_PATH);

/** The CLI's own offline flags (see DESIGN.md): one list for the tool and its tests. */
export const CHROMIUM_ARGS = OFFLINE_CHROMIUM_ARGS;

/** Plain headless Chromium, no extension: for DOM tests that inject the built page bundle. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Headless Chromium with an unpacked extension loaded; resolves with its id. */
export async function launchWithExtension(distDir: string): Promise<{ context: BrowserContext; extensionId: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'il-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [`--disable-extensions-except=${distDir}`, `--load-extension=${distDir}`, ...CHROMIUM_ARGS],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 20_000 });
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId };
}
