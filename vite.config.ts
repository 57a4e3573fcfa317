import { defineConfig } from 'vite';

// Modes: default → Chrome extension in dist/; 'firefox' → dist-firefox/; 'page' → dist-cli/page-scan.js,
// the scanner as one classic script that the CLI and the DOM tests inject into pages.
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
  throw new Error(`extension build for mode ${mode} not written yet`);
});
