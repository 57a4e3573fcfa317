/**
 * The extension benches' loop: the built extension (`dist`) loaded in one offline headless Chromium, each page of
 * ../shared/data/pages opened in a tab of its own and handed to `visit` with the page's URL on a local server. A page
 * that fails is reported on stderr and skipped, as in the scan harness: a bench over third-party pages should not stop
 * at one. Opening the URL is `visit`'s job (a profiler may have to start first).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { blockNetwork, dataDir } from '../fixtures/scan/harness';
import { launchWithExtension } from '../helpers/browser';
import { serveFolder } from '../helpers/server';

export interface ExtensionRun {
  context: BrowserContext;
  extensionId: string;
}

export async function visitExtensionPages(
  dist: string,
  pages: readonly string[],
  visit: (page: Page, url: string, run: ExtensionRun) => Promise<void>,
): Promise<void> {
  if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`no extension in ${dist}: run npm run build first`);
  const server = await serveFolder(join(dataDir(), 'pages'));
  const run = await launchWithExtension(dist);
  await blockNetwork(run.context);
  try {
    for (const rel of pages) {
      const page = await run.context.newPage();
      try {
        await visit(page, `${server.url}/${rel.split('/').map(encodeURIComponent).join('/')}`, run);
      } catch (e) {
        process.stderr.write(`skip ${rel}: ${String(e).split('\n')[0]}\n`);
      } finally {
        await page.close();
      }
    }
  } finally {
    await run.context.close();
    await server.close();
  }
}
