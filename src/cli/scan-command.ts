/**
 * `injection-lens scan`: inputs → one JSON line each, in input order, from a bounded pool of pages in one
 * headless Chromium. Per-input failures are lines; only a tool failure (no browser, no bundle) is an exit status.
 */
import type { Browser } from 'playwright-core';
import { collectInputs, type InputItem } from './collect-inputs';
import { judgePage } from './judge-page';
import { BrowserUnavailableError, chromiumPath, launchBrowser } from './launch-browser';
import { loadClassifier } from './load-classifier';
import { createOrderedWriter } from './ordered-writer';
import { findingLine, round3, scanErrorLine, segmentLine, type ScanOutputLine } from './output-lines';
import type { ScanOptions } from './parse-cli-args';
import { NO_PROGRESS, PROGRESS_MIN_INPUTS, createProgressBar } from './progress-bar';
import { readPageSource } from './read-page-source';
import { renderAndScan, type PageTarget } from './render-and-scan';
import { BundleMissingError, readScanBundle } from './scan-bundle';
import { runPool } from './run-pool';
import type { TextClassifier } from '../model/classifier';
import type { CliIo } from './cli-io';

interface ScanContext {
  browser: () => Promise<Browser>;
  bundle: string;
  classifier: TextClassifier | null;
  options: ScanOptions;
}

/** Scans one input; never throws. */
async function scanItem(item: InputItem, ctx: ScanContext): Promise<ScanOutputLine> {
  const start = performance.now();
  const elapsed = () => performance.now() - start;
  if (item.kind === 'error') return scanErrorLine(item.input, item.error, elapsed());
  let target: PageTarget;
  if (item.kind === 'file') {
    const source = await readPageSource(item.path);
    if (!source.ok) return scanErrorLine(item.input, source.error, elapsed());
    target = { kind: 'local', path: item.path, html: source.html };
  } else {
    target = { kind: 'url', url: item.url };
  }
  let browser: Browser;
  try {
    browser = await ctx.browser();
  } catch (err) {
    return scanErrorLine(item.input, `scan: browser unavailable (${(err as Error).message})`, elapsed());
  }
  const outcome = await renderAndScan(browser, target, {
    timeoutMs: ctx.options.timeoutMs,
    quietMs: ctx.options.quietMs,
    bundle: ctx.bundle,
  });
  if (!outcome.ok) return scanErrorLine(item.input, outcome.error, elapsed());
  const { scan } = outcome;
  const url = target.kind === 'url' ? scan.finalUrl : undefined;
  let judged;
  try {
    judged = await judgePage(scan.segments, ctx.classifier, { sensitivity: ctx.options.sensitivity, url });
  } catch (err) {
    return scanErrorLine(item.input, `scan: analysis failed (${(err as Error).message})`, elapsed());
  }
  return {
    input: item.input,
    verdict: judged.verdict,
    score: round3(judged.score),
    findings: judged.findings.map(findingLine),
    timings: {
      load: round3(scan.timings.load),
      settle: round3(scan.timings.settle),
      scan: round3(scan.timings.scan),
      model: round3(judged.modelMs),
      analyse: round3(judged.analyseMs),
      total: round3(elapsed()),
    },
    model: ctx.classifier?.version ?? null,
    segments: scan.segments.length,
    closedShadowRoots: scan.closedShadowRoots,
    truncated: scan.truncated,
    ...(url && url !== item.input ? { url } : {}),
    ...(ctx.options.segments ? { segmentTexts: scan.segments.map(segmentLine) } : {}),
  };
}

/** One shared browser, relaunched once if it dies mid-batch (a crashed browser must not fail every later page). */
function browserKeeper(path: string): { get: () => Promise<Browser>; close: () => Promise<void> } {
  let current: Promise<Browser> | null = null;
  let relaunches = 0;
  return {
    async get() {
      if (current) {
        const b = await current.catch(() => null);
        if (b?.isConnected()) return b;
        if (relaunches++ >= 1) throw new Error('Chromium died twice');
      }
      current = launchBrowser(path);
      return current;
    },
    async close() {
      const b = await current?.catch(() => null);
      await b?.close().catch(() => {});
    },
  };
}

export async function runScan(operands: string[], options: ScanOptions, io: CliIo): Promise<number> {
  let bundle: string;
  try {
    bundle = await readScanBundle();
  } catch (err) {
    if (err instanceof BundleMissingError) {
      io.stderr(`injection-lens: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const items = await collectInputs(operands);
  if (items.length === 0) {
    io.stderr('injection-lens: no .html, .htm or .html.gz files found in the given folders\n');
    return 0;
  }
  const keeper = browserKeeper(chromiumPath(options.chromium));
  const needsBrowser = items.some((i) => i.kind !== 'error');
  if (needsBrowser) {
    try {
      await keeper.get();
    } catch (err) {
      const message = err instanceof BrowserUnavailableError ? err.message : (err as Error).message;
      io.stderr(`injection-lens: ${message}\n`);
      return 1;
    }
  }
  const model = await loadClassifier(options.noModel, options.modelsDir);
  if (model.note) io.stderr(`injection-lens: ${model.note}\n`);
  const showProgress = options.progress ?? (io.stderrIsTty && items.length >= PROGRESS_MIN_INPUTS);
  const progress = showProgress ? createProgressBar(items.length, io.stderr) : NO_PROGRESS;
  const writer = createOrderedWriter((line) => io.stdout(line + '\n'));
  const ctx: ScanContext = { browser: keeper.get, bundle, classifier: model.classifier, options };
  try {
    await runPool(items, options.concurrency, async (item, index) => {
      const line = await scanItem(item, ctx);
      writer.put(index, JSON.stringify(line));
      progress.tick(line.verdict === null);
    });
  } finally {
    progress.done();
    await keeper.close();
  }
  return 0;
}
