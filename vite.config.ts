import { build, defineConfig, type Plugin } from 'vite';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';

// Modes: default → Chrome extension in dist/; 'firefox' → dist-firefox/; 'page' → dist-cli/page-scan.js,
// the scanner as one classic script that the CLI and the DOM tests inject into pages.
const OFFSCREEN_HTML = 'src/extension/offscreen/offscreen.html';
const SAMPLES_HTML = 'src/extension/samples/samples.html';
const GECKO_ID = 'injection-lens@injection-lens.dev';
/** The content script ships as one classic script of its own (see classicContentScript). */
export const CONTENT_SCRIPT_FILE = 'content-script.js';

type ContentScripts = NonNullable<chrome.runtime.ManifestV3['content_scripts']>;

/**
 * Chrome refuses to load a manifest content script holding a Unicode noncharacter ("isn't UTF-8 encoded"), and the
 * bundler writes `'\uFDD0'` (normalise.ts's gap mark) as the character itself: write such characters back as escapes,
 * which mean the same in strings, templates and regular expressions.
 */
export function escapeNoncharacters(code: string): string {
  if (/[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{10FFFE}\u{10FFFF}]/u.test(code)) throw new Error('astral noncharacter in the content script');
  return code.replace(/[\uFDD0-\uFDEF\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Builds the content script as one self-contained classic script and lists it in the manifest. Left to crxjs, it would
 * be an ES-module loader importing shared chunks that must be web-accessible to every site: any page could then fetch
 * `chrome-extension://<id>/assets/…` and tell that Injection Lens is installed — and a page that knows it is being
 * watched can serve its payload only to readers without it. One file, no imports, nothing web-accessible.
 */
function classicContentScript(outDir: string, entries: ContentScripts): Plugin {
  return {
    name: 'injection-lens:classic-content-script',
    enforce: 'post',
    // crxjs writes manifest.json late in the build: list the script in the file it wrote
    async closeBundle() {
      const entry = entries[0]?.js?.[0];
      if (!entry) return;
      const manifestPath = join(outDir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      manifest.content_scripts = entries.map((e) => ({ ...e, js: [CONTENT_SCRIPT_FILE] }));
      writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
      await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          outDir,
          emptyOutDir: false,
          minify: false,
          lib: { entry: resolve(entry), formats: ['iife'], name: '__injectionLensContent', fileName: () => CONTENT_SCRIPT_FILE },
        },
      });
      const scriptPath = join(outDir, CONTENT_SCRIPT_FILE);
      writeFileSync(scriptPath, escapeNoncharacters(readFileSync(scriptPath, 'utf8')));
    },
  };
}

/** Chrome's manifest.json, reshaped for Firefox: event page instead of service worker, no offscreen, gecko settings. */
function manifestFor(mode: string): ManifestV3Export {
  const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
  if (!existsSync(manifest.options_ui.page)) delete manifest.options_ui; // options land separately; build without them
  // classicContentScript builds and lists the content script: crxjs must not make it a web-accessible module
  delete manifest.content_scripts;
  if (mode !== 'firefox') return manifest;
  delete manifest.minimum_chrome_version;
  manifest.permissions = manifest.permissions.filter((p: string) => p !== 'offscreen');
  // Firefox event pages can start Workers themselves; the same entry checks import.meta.env.MODE.
  manifest.background = { scripts: [manifest.background.service_worker], type: 'module' };
  // Desktop: 140 is the ESR Debian ships (firefox-esr), and it has every API the add-on uses (the smoke test runs on
  // it). Android learnt data_collection_permissions only in 142.
  manifest.browser_specific_settings = {
    gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
    gecko_android: { strict_min_version: '142.0' },
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
  const outDir = firefox ? 'dist-firefox' : 'dist';
  const contentScripts: ContentScripts = JSON.parse(readFileSync('manifest.json', 'utf8')).content_scripts;
  const pages = [firefox ? null : OFFSCREEN_HTML, existsSync(SAMPLES_HTML) ? SAMPLES_HTML : null].filter(Boolean);
  return {
    plugins: [preact(), crx({ manifest: manifestFor(mode), browser: firefox ? 'firefox' : 'chrome' }), classicContentScript(outDir, contentScripts)],
    build: {
      outDir,
      emptyOutDir: true,
      // Debuggable output; the size that matters is the ~14 MB wasm, which minifying does not touch.
      minify: false,
      chunkSizeWarningLimit: 2_000,
      rollupOptions: { input: Object.fromEntries(pages.map((p) => [p!.split('/').pop()!.replace('.html', ''), p!])) },
    },
    worker: { format: 'es' as const },
  };
});
