/**
 * Starts the one headless Chromium a CLI run shares between its pages. Owns the flags that keep Chromium off the
 * (closed) network and quiet; the browser tests import them from here.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's package; override with CHROMIUM_PATH or --chromium. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags every headless Chromium here needs: without the networking ones it keeps dialling hosts it cannot reach. */
export const OFFLINE_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const CHROMIUM_ARGS = [...OFFLINE_CHROMIUM_ARGS, '--disable-extensions', '--mute-audio'];

/** Thrown when no browser can be started: the tool itself failed (exit status 2), with how to fix it. */
export class BrowserUnavailableError extends Error {}

/** Resolves the executable: explicit path, then $CHROMIUM_PATH, then Debian's. */
export function chromiumPath(explicit?: string): string {
  return explicit ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new BrowserUnavailableError(
      `Chromium not found at ${executablePath}. Install it (Debian/Ubuntu: "sudo apt-get install chromium") ` +
        'or point --chromium / $CHROMIUM_PATH at a Chromium or Chrome executable.',
    );
  }
  try {
    return await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  } catch (err) {
    throw new BrowserUnavailableError(`Chromium at ${executablePath} failed to start: ${(err as Error).message}`);
  }
}
