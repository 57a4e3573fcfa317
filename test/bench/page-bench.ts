/**
 * Section 2 of the bench: pages in headless Chromium with the CLI's pieces (scanner bundle injection, DOM
 * quiet window, model + rules, verdict). Real pages give the page-level false-positive rate; the same pages
 * with a held-out attack inserted — once per hiding technique, and once visible — give detection per technique.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Finding, Segment, Verdict } from '../../src/core/types';
import type { TextClassifier } from '../../src/model/classifier';
import { judgePage } from '../../src/cli/judge-page';
import { LOCAL_ORIGIN, htmlContentType } from '../../src/cli/page-network';
import { scanLoadedPage } from '../../src/cli/render-and-scan';
import { waitForQuietDom } from '../../src/cli/settle-page';
import { attackMarkup, injectAttackBytes, type Technique } from './inject-attack';

export interface PageOutcome {
  page: string;
  technique: Technique | null;
  verdict: Verdict | null;
  error?: string;
  /** For injected pages: a medium/high finding carries the attack text. */
  attackFound?: boolean;
  /** Texts of the medium/high findings (for listing false positives). */
  flaggedTexts: string[];
  /** Why each medium/high finding got there (real pages only; for `--explain`). */
  flaggedWhy?: FindingWhy[];
  ms: number;
}

/** The evidence behind one medium/high finding: enough to tell a rule hit from a model-only or hiding-only path. */
export interface FindingWhy {
  text: string;
  severity: Finding['severity'];
  source: Finding['source'];
  detail?: string;
  visibility: Finding['visibility'];
  hidden: Finding['hidden'];
  modelScore: number | null;
  ruleScore: number;
  rules: string[];
  decoded: string;
}

function why(f: Finding): FindingWhy {
  return {
    text: f.text.slice(0, 300),
    severity: f.severity,
    source: f.source,
    ...(f.detail !== undefined ? { detail: f.detail } : {}),
    visibility: f.visibility,
    hidden: f.hidden,
    modelScore: f.modelScore,
    ruleScore: f.ruleScore,
    rules: f.rules.map((r) => `${r.id}: ${r.match}`),
    decoded: f.invisible.decoded.slice(0, 200),
  };
}

export interface PageBenchOptions {
  browser: Browser;
  bundle: string;
  classifier: TextClassifier | null;
  concurrency: number;
  timeoutMs: number;
  quietMs: number;
  /** Sees every judged page's segments (e.g. to cache them and replay fusion changes without Chromium). */
  onJudged?: (row: PageOutcome, segments: Segment[], attack: string | undefined) => void;
  /**
   * Another way to scan a loaded page that already holds the bundle, inserting `markup` first and taking it out after
   * when given (lazy-bench.ts); default scanDocument.
   */
  scan?: (page: Page, markup: { where: 'head' | 'body'; html: string } | null) => Promise<Segment[]>;
}

export interface PageJob {
  page: string;
  path: string;
  technique: Technique | null;
  attack?: string;
}

/** Letters and digits only, lower case: survives escaping, whitespace changes and comment mangling. */
export function squash(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export const PROBE_CHARS = 24;

export function attackProbe(attack: string): string {
  return squash(attack).slice(0, PROBE_CHARS);
}

function carriesProbe(findings: Finding[], probe: string): boolean {
  return findings.some((f) => f.severity !== 'low' && squash(f.text).includes(probe));
}

/** One judged page as a JSON line for `--segments`: the attack travels only as its probe. */
export function segmentLine(row: PageOutcome, segments: Segment[], attack: string | undefined): string {
  return JSON.stringify({ page: row.page, technique: row.technique, probe: attack ? attackProbe(attack) : null, segments }) + '\n';
}

/**
 * Judges one scanned page and records the outcome: with an attack (its probe), whether a medium/high finding carries
 * it; without one, why each medium/high finding got there. One code path for live, injected and replayed pages.
 */
async function judgeOutcome(
  page: string,
  technique: Technique | null,
  segments: Segment[],
  classifier: TextClassifier | null,
  probe: string | null,
  t0: number,
): Promise<PageOutcome> {
  const judged = await judgePage(segments, classifier, { sensitivity: 'balanced' });
  const flagged = judged.findings.filter((f) => f.severity !== 'low');
  return {
    page,
    technique,
    verdict: judged.verdict,
    ...(probe !== null ? { attackFound: carriesProbe(judged.findings, probe) } : { flaggedWhy: flagged.map(why) }),
    flaggedTexts: flagged.map((f) => f.text.slice(0, 160)),
    ms: performance.now() - t0,
  };
}

/** The outcome of a page that could not be loaded, scanned or judged. */
function failedOutcome(page: string, technique: Technique | null, err: unknown, ms: number): PageOutcome {
  return { page, technique, verdict: null, error: String((err as Error).message).split('\n')[0], flaggedTexts: [], ms };
}

/**
 * Re-judges scans saved by `--segments` with today's core (and the given classifier): a fusion or rule change is
 * measured on the very same segments in seconds, without Chromium or the scanner in the loop.
 */
export async function replayPages(file: string, classifier: TextClassifier | null): Promise<{ real: PageOutcome[]; injected: PageOutcome[] }> {
  const real: PageOutcome[] = [];
  const injected: PageOutcome[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const saved = JSON.parse(line) as { page: string; technique: Technique | null; probe: string | null; segments: Segment[] };
    const row = await judgeOutcome(saved.page, saved.technique, saved.segments, classifier, saved.probe, performance.now());
    (saved.technique === null ? real : injected).push(row);
  }
  return { real, injected };
}

/**
 * One lane of the pool: a context whose route serves every job's bytes and sibling files under
 * /j<index>/, and one page reused from job to job (replaced after a failure). Cheaper than the CLI's
 * context per input, which matters over ~2,000 renders; the scanner, settle check and judgement are the CLI's.
 */
async function openLane(browser: Browser, jobs: Map<number, { bytes: Buffer; path: string }>): Promise<BrowserContext> {
  const context = await browser.newContext({ serviceWorkers: 'block', bypassCSP: true, viewport: { width: 1280, height: 800 } });
  await context.route('**/*', async (route) => {
    try {
      const url = new URL(route.request().url());
      const m = /^\/j(\d+)\/(.*)$/.exec(url.pathname);
      const job = m && url.origin === LOCAL_ORIGIN ? jobs.get(Number(m[1])) : undefined;
      if (!m || !job) return await route.abort('blockedbyclient');
      const rel = decodeURIComponent(m[2]);
      if (rel === basename(job.path)) return await route.fulfill({ status: 200, contentType: htmlContentType(job.bytes), body: job.bytes });
      const root = resolve(dirname(job.path));
      const file = resolve(root, rel);
      if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return await route.fulfill({ status: 404, body: '' });
      return await route.fulfill({ status: 200, body: readFileSync(file) });
    } catch {
      // closed while routing
    }
  });
  return context;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  p.catch(() => {});
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

export async function runPageJobs(jobs: PageJob[], opts: PageBenchOptions, onDone?: (n: number) => void): Promise<PageOutcome[]> {
  const out: PageOutcome[] = new Array(jobs.length);
  const live = new Map<number, { bytes: Buffer; path: string }>();
  const lanes = Math.max(1, Math.min(opts.concurrency, jobs.length));
  let next = 0;
  let done = 0;
  const lane = async () => {
    const context = await openLane(opts.browser, live);
    let page: Page | null = null;
    try {
      while (next < jobs.length) {
        const i = next++;
        const job = jobs[i];
        const t0 = performance.now();
        let bytes: Buffer = readFileSync(job.path);
        if (job.technique && job.attack) bytes = injectAttackBytes(bytes, job.attack, job.technique);
        live.set(i, { bytes, path: job.path });
        try {
          page ??= await context.newPage();
          const p = page;
          const scan = await withTimeout(
            (async () => {
              await p.goto(`${LOCAL_ORIGIN}/j${i}/${encodeURIComponent(basename(job.path))}`, { waitUntil: 'load', timeout: opts.timeoutMs });
              await waitForQuietDom(p, opts.quietMs, opts.timeoutMs / 2);
              if (!opts.scan) return scanLoadedPage(p, opts.bundle);
              await p.evaluate(`void 0;\n${opts.bundle}\n;void 0`);
              return { segments: await opts.scan(p, null) };
            })(),
            opts.timeoutMs,
          );
          const row = await judgeOutcome(job.page, job.technique, scan.segments, opts.classifier, job.attack ? attackProbe(job.attack) : null, t0);
          out[i] = row;
          opts.onJudged?.(row, scan.segments, job.attack);
        } catch (err) {
          out[i] = failedOutcome(job.page, job.technique, err, performance.now() - t0);
          await page?.close().catch(() => {});
          page = null;
        } finally {
          live.delete(i);
        }
        onDone?.(++done);
      }
    } finally {
      await context.close().catch(() => {});
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return out;
}

/**
 * Inserts markup at the start of <body> (or <head>) of the loaded page, scans, and takes it out again;
 * returns the scan. insertAdjacentHTML parses with the page's scripting flag, like the page's own parser
 * would at that spot (noscript stays raw text, template content goes inert). Bench-only: the product never
 * writes markup into pages.
 */
const INSERT_SCAN_REMOVE = `async function (o) {
  var host = (o.where === 'head' ? document.head : document.body) || document.documentElement;
  var before = host.childNodes.length;
  host.insertAdjacentHTML('afterbegin', o.html);
  var added = [];
  for (var i = 0; i < host.childNodes.length - before; i++) added.push(host.childNodes[i]);
  try {
    var r = await window.__injectionLens.scanDocument(document);
    return { segments: r.segments, closedShadowRoots: r.closedShadowRoots, truncated: r.truncated };
  } finally {
    for (var j = 0; j < added.length; j++) added[j].remove();
  }
}`;

/**
 * Synthetic injected pages, cheaply: each real page is loaded and settled once, then for every technique the
 * attack is inserted into its DOM, the page scanned and judged, and the attack removed. ~26× fewer page loads
 * than one file per technique, same scanner and judgement; the page's own verdict (no attack) comes first.
 */
export async function runInjectedPages(
  pagesRoot: string,
  pages: string[],
  attacks: string[],
  techniques: readonly Technique[],
  opts: PageBenchOptions,
  onDone?: (n: number) => void,
): Promise<PageOutcome[]> {
  const results: PageOutcome[][] = new Array(pages.length);
  const live = new Map<number, { bytes: Buffer; path: string }>();
  let next = 0;
  let done = 0;
  const lane = async () => {
    const context = await openLane(opts.browser, live);
    try {
      while (next < pages.length) {
        const i = next++;
        const path = join(pagesRoot, pages[i]);
        const attack = attacks[i % attacks.length];
        live.set(i, { bytes: readFileSync(path), path });
        const rows: PageOutcome[] = [];
        let page: Page | null = null;
        try {
          page = await context.newPage();
          const p = page;
          await withTimeout(
            (async () => {
              await p.goto(`${LOCAL_ORIGIN}/j${i}/${encodeURIComponent(basename(path))}`, { waitUntil: 'load', timeout: opts.timeoutMs });
              await waitForQuietDom(p, opts.quietMs, opts.timeoutMs / 2);
              await p.evaluate(`void 0;\n${opts.bundle}\n;void 0`);
            })(),
            opts.timeoutMs,
          );
          for (const technique of techniques) {
            const t0 = performance.now();
            try {
              const markup = attackMarkup(attack, technique);
              const scan = opts.scan
                ? { segments: await withTimeout(opts.scan(p, markup), opts.timeoutMs) }
                : ((await withTimeout(p.evaluate(`(${INSERT_SCAN_REMOVE})(${JSON.stringify(markup)})`), opts.timeoutMs)) as { segments: Segment[] });
              const row = await judgeOutcome(pages[i], technique, scan.segments, opts.classifier, attackProbe(attack), t0);
              rows.push(row);
              opts.onJudged?.(row, scan.segments, attack);
            } catch (err) {
              rows.push(failedOutcome(pages[i], technique, err, performance.now() - t0));
            }
          }
        } catch (err) {
          const error = String((err as Error).message).split('\n')[0];
          for (const technique of techniques.slice(rows.length)) rows.push({ page: pages[i], technique, verdict: null, error, flaggedTexts: [], ms: 0 });
        } finally {
          await page?.close().catch(() => {});
          live.delete(i);
        }
        results[i] = rows;
        onDone?.(++done);
      }
    } finally {
      await context.close().catch(() => {});
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, pages.length)) }, lane));
  return results.flat();
}

export function realPageJobs(pagesRoot: string, pages: string[]): PageJob[] {
  return pages.map((page) => ({ page, path: join(pagesRoot, page), technique: null }));
}
