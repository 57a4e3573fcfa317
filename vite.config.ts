import { defineConfig } from 'vite';
import { existsSync, readFileSync } from 'node:fs';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';

// Modes: default → Chrome extension in dist/; 'firefox' → dist-firefox/; 'page' → dist-cli/page-scan.js,
// the scanner as one classic script that the CLI and the DOM tests inject into pages.
const OFFSCREEN_HTML = 'src/extension/offscreen/offscreen.html';
const SAMPLES_HTML = 'src/extension/samples/samples.html';
const GECKO_ID = 'injection-lens@injection-lens.dev';

/** Chrome's manifest.json, reshaped for Firefox: event page instead of service worker, no offscreen, gecko settings. */
function manifestFor(mode: string): ManifestV3Export {
  const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
  if (!existsSync(manifest.options_ui.page)) delete manifest.options_ui; // options land separately; build without them
  if (mode !== 'firefox') return manifest;
  delete manifest.minimum_chrome_version;
  manifest.permissions = manifest.permissions.filter((p: string) => p !== 'offscreen');
  // Firefox event pages can start Workers themselves; the same entry checks import.meta.env.MODE.
  manifest.background = { scripts: [manifest.background.service_worker], type: 'module' };
  manifest.browser_specific_settings = {
    gecko: { id: GECKO_ID, strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } },
  };
  return manifest;
}

export default defineConfig(({ mode }) => {
  if (mode === 'page') {
    return {
      build: {
        outDir: 'dist-cli',
        emptyOutDir: true,
        lib: { entry: 'src/scan/page-entry.ts', formats: ['iife'], name: '__injectionLensPage', fileName: () => 'page-scan.js' },
        minify: false,
      },
    };
  }
  const firefox = mode === 'firefox';
  const pages = [firefox ? null : OFFSCREEN_HTML, existsSync(SAMPLES_HTML) ? SAMPLES_HTML : null].filter(Boolean);
  return {
    plugins: [preact(), crx({ manifest: manifestFor(mode), browser: firefox ? 'firefox' : 'chrome' })],
    build: {
      outDir: firefox ? 'dist-firefox' : 'dist',
      emptyOutDir: true,
      // Debuggable output; the size that matters is the ~14 MB wasm, which minifying does not touch.
      minify: false,
      chunkSizeWarningLimit: 2_000,
      rollupOptions: { input: Object.fromEntries(pages.map((p) => [p!.split('/').pop()!.replace('.html', ''), p!])) },
    },
    worker: { format: 'es' as const },
  };
});
