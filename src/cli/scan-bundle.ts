/** The built scanner bundle (vite mode `page`): the very code the extension's content script runs. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const PAGE_BUNDLE_PATH =
  process.env.INJECTION_LENS_PAGE_BUNDLE ?? fileURLToPath(new URL('../../dist-cli/page-scan.js', import.meta.url));

export class BundleMissingError extends Error {}

export async function readScanBundle(path = PAGE_BUNDLE_PATH): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new BundleMissingError(`scanner bundle not found at ${path}: run "npm run build:page" (or "npm run build") first`);
  }
}
