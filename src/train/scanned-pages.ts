/**
 * Benign page text as the extension reads it: the data pages rendered in headless Chromium and read by the shipped
 * scanner (`injection-lens scan --segments`), hidden menus, attributes, comments, noscript and option lists included.
 * html-text.ts only approximates that diet (it splits at links and spans, drops comments and noscript, never sees a
 * data-* URL or a <select> as one block). The model trained and calibrated on it flagged 0.70% of the scanner's
 * test-page segments against 0.42% of html-text's (`npm run eval`, model cnn-w3-pre-q8-2026-11-29): the ≤ 0.5% page
 * target, met on the approximation, was missed on what the extension reads.
 *
 * The scan takes a few minutes, so its result is cached in `.cache/page-segments/` (git-ignored), keyed by the scanner
 * bundle and the page files: a new scanner or new pages scan again. Training runs in Node without a DOM (the layer
 * table); the scan runs in a child process, the CLI, which owns the browser.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distinctSegments } from './html-text';
import { loadPages, pageFilesIn, type PageDoc } from './load-sources';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(REPO_ROOT, 'src/cli/bin.mjs');
const BUNDLE = join(REPO_ROOT, 'dist-cli/page-scan.js');
const CACHE_DIR = join(REPO_ROOT, '.cache/page-segments');
const SCAN_TIMEOUT_MS = 40 * 60_000;

/** The scan's line for one page, as far as training reads it. */
interface ScannedLine {
  input: string;
  error?: string;
  segmentTexts?: { text: string }[];
}

export interface ScannedPages {
  pages: PageDoc[];
  /** Pages the scan could not read (error lines): left out, and named in the log. */
  failed: string[];
}

/** The cache file for these pages, named by the scanner bundle's bytes and each page's path and size. */
function cacheFileFor(pagesDir: string, files: string[]): string {
  const h = createHash('sha256');
  h.update(readFileSync(BUNDLE));
  for (const f of files) h.update(`${relative(pagesDir, f)}:${statSync(f).size}\n`);
  return join(CACHE_DIR, `${h.digest('hex').slice(0, 16)}.jsonl`);
}

/** Segments of one scanned page, de-duplicated within the page and cut as html-text.ts cuts its blocks. */
export function pageDocOf(line: ScannedLine, pagesDir: string): PageDoc {
  const id = relative(pagesDir, line.input);
  const texts = (line.segmentTexts ?? []).map((s) => s.text);
  return { id, source: id.split('/')[0], segments: distinctSegments(texts, (t) => t.replace(/\s+/g, ' ').trim()) };
}

/** Parses the CLI's output (one JSON line per page, in input order) into pages and failures. */
export function parseScanOutput(stdout: string, pagesDir: string): ScannedPages {
  const pages: PageDoc[] = [];
  const failed: string[] = [];
  for (const raw of stdout.split('\n')) {
    if (!raw.startsWith('{')) continue;
    const line = JSON.parse(raw) as ScannedLine;
    if (line.error !== undefined || !line.segmentTexts) failed.push(`${relative(pagesDir, line.input)}: ${line.error ?? 'no segments'}`);
    else pages.push(pageDocOf(line, pagesDir));
  }
  return { pages, failed };
}

/**
 * The scanner's segments of every page under `<dataDir>/pages`, from the cache or, unless `scan` is false, a fresh scan
 * (null when there is no cache and no scan was allowed). Throws when the scan cannot run (no Chromium, no bundle after
 * a build): the caller decides whether to fall back.
 */
export function loadScannedPages(dataDir: string, opts: { scan?: boolean; log?: (s: string) => void } = {}): ScannedPages | null {
  const log = opts.log ?? (() => undefined);
  const pagesDir = join(dataDir, 'pages');
  const files = pageFilesIn(dataDir);
  if (files.length === 0) return { pages: [], failed: [] };
  if (!existsSync(BUNDLE)) {
    if (opts.scan === false) return null;
    log('page scanner bundle missing: building it (vite build --mode page)');
    const built = spawnSync('npx', ['vite', 'build', '--mode', 'page'], { cwd: REPO_ROOT, stdio: 'ignore' });
    if (built.status !== 0 || !existsSync(BUNDLE)) throw new Error('could not build dist-cli/page-scan.js (npm run build:page)');
  }
  const cacheFile = cacheFileFor(pagesDir, files);
  if (existsSync(cacheFile)) return parseScanOutput(readFileSync(cacheFile, 'utf8'), pagesDir);
  if (opts.scan === false) return null;
  log(`scanning ${files.length} pages with the extension's scanner (injection-lens scan --segments); cached in ${relative(REPO_ROOT, cacheFile)}`);
  const run = spawnSync(process.execPath, [CLI, 'scan', '--segments', '--no-model', '--no-progress', pagesDir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: SCAN_TIMEOUT_MS,
  });
  if (run.status !== 0) throw new Error(`injection-lens scan failed (${run.status ?? run.signal}): ${(run.stderr ?? '').trim().slice(0, 500)}`);
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(cacheFile, run.stdout);
  return parseScanOutput(run.stdout, pagesDir);
}

export type PageTextSource = 'scanner' | 'html-text';

/**
 * The pages training and evaluation use: the scanner's segments when the scan can run (or is cached), else the
 * html-text.ts approximation with a warning. `scan: false` reads the cache only (tests must not start a long scan).
 */
export function loadTrainingPages(
  dataDir: string,
  opts: { scan?: boolean; log?: (s: string) => void } = {},
): { pages: PageDoc[]; from: PageTextSource } {
  const log = opts.log ?? ((s: string) => console.log(s));
  try {
    const scanned = loadScannedPages(dataDir, { scan: opts.scan, log });
    if (scanned && scanned.pages.length > 0) {
      if (scanned.failed.length) log(`pages the scanner could not read (left out): ${scanned.failed.join('; ')}`);
      return { pages: scanned.pages, from: 'scanner' };
    }
  } catch (err) {
    log(`WARNING: page text from html-text.ts instead of the scanner: ${(err as Error).message}`);
  }
  return { pages: loadPages(dataDir), from: 'html-text' };
}
