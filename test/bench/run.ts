/**
 * `npm run bench` — one benchmark that prints, and writes to test/bench/results/YYYY-MM-DD.md (+ .json):
 *   1. text detection on held-out sources (ours, per source)
 *   2. page detection: page-level FPR on the real pages in ../shared/data/pages; detection on synthetic
 *      injected pages (a sample of real pages + a held-out attack, per hiding technique and visible)
 *   3. side by side on the same texts: ours vs every offline prompt-injection npm package installed
 *   4. speed: scan vs innerText, classifier throughput, model load time, memory
 *
 *   npm run bench [-- --quick] [-- --data DIR] [-- --pages N] [-- --skip-speed] [-- --pages-only] [-- --models DIR]
 *                 [-- --explain FILE]
 * --quick: smaller samples (~3 min); the full run stays under ~15 min on 2 cores.
 * --pages-only: section 2 alone (no peers, no side-by-side, no speed), written as YYYY-MM-DD-pages.md.
 * --models DIR: score with the model in DIR instead of models/ (compare fusion changes against one pinned model).
 * --explain FILE: write, per flagged real page, each medium/high finding's evidence (rules, model score, hiding).
 * --segments FILE: write every judged page's segments as JSON lines (page, technique, the attack's probe, segments), so
 *   fusion changes can be replayed on the very same scans without Chromium.
 * --replay FILE: section 2 alone, from a --segments file instead of Chromium (model options as usual).
 * The scanner bundle can be pinned the same way with INJECTION_LENS_PAGE_BUNDLE.
 */
import { appendFileSync, mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchBrowser } from '../../src/cli/launch-browser';
import { loadClassifier } from '../../src/cli/load-classifier';
import { readScanBundle } from '../../src/cli/scan-bundle';
import { scoreTexts } from '../../src/cli/score-texts';
import { REPO_ROOT, listRealPages, loadHeldOutTexts, resolveDataDir } from './bench-data';
import { median, pct, rate, sample } from './bench-stats';
import { TECHNIQUES, isUtf8 } from './inject-attack';
import { realPageJobs, replayPages, runInjectedPages, runPageJobs, segmentLine, type PageOutcome } from './page-bench';
import type { Segment } from '../../src/core/types';
import { fixed, table } from './report';
import { benchTextDetector, type DetectorResult } from './text-bench';
import { PEERS_LEFT_OUT, oursDetector, peerDetectors } from './text-detectors';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    data: { type: 'string' },
    out: { type: 'string' },
    pages: { type: 'string' },
    'skip-speed': { type: 'boolean' },
    'pages-only': { type: 'boolean' },
    models: { type: 'string' },
    explain: { type: 'string' },
    segments: { type: 'string' },
    replay: { type: 'string' },
    concurrency: { type: 'string' },
  },
});

const QUICK = args.quick ?? false;
const PAGES_ONLY = (args['pages-only'] ?? false) || args.replay !== undefined;
const SIZES = QUICK
  ? { perSource: 120, realPages: 40, injectedPages: 8, latencyRuns: 3, speedPages: 10, throughputRuns: 3 }
  : { perSource: 500, realPages: Infinity, injectedPages: 100, latencyRuns: 3, speedPages: 40, throughputRuns: 5 };
const INJECTED_PAGES = args.pages ? Number(args.pages) : SIZES.injectedPages;
const CONCURRENCY = args.concurrency ? Number(args.concurrency) : 2;
const PAGE_TIMEOUT_MS = 20_000;
/** Synthetic and saved pages are static: a short quiet window is enough and keeps the bench fast. */
const BENCH_QUIET_MS = 100;
/** Attacks longer than this would be split into several segments; keep the page test about hiding. */
const MAX_ATTACK_CHARS = 600;

const md: string[] = [];
const out = (s = '') => {
  md.push(s);
  process.stdout.write(s + '\n');
};
const note = (s: string) => process.stderr.write(`bench: ${s}\n`);
const json: Record<string, unknown> = {};

/** The classifier's page split (train pages' segments were trained on), when src/train is importable. */
let pageSplitOf: ((page: string) => string) | null = null;

async function main(): Promise<number> {
  try {
    const datasetPath = '../../src/train/build-dataset';
    pageSplitOf = ((await import(datasetPath)) as { pageSplit: (id: string) => string }).pageSplit;
  } catch {
    pageSplitOf = null;
  }
  const started = performance.now();
  const dataDir = resolveDataDir(args.data);
  if (!existsSync(join(dataDir, 'text')) || !existsSync(join(dataDir, 'pages'))) {
    note(`data folder not found at ${dataDir} (set --data or INJECTION_LENS_DATA): nothing to measure`);
    return 1;
  }
  const today = new Date().toISOString().slice(0, 10);
  out(`# Injection Lens benchmark — ${today}${QUICK ? ' (quick)' : ''}`);
  out();
  out(`Command: \`npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}\` · data: \`${relative(REPO_ROOT, dataDir) || '.'}\` · Node ${process.version} · ${new Date().toISOString()}`);
  out();

  // Model: load time and memory as a side effect of loading it for the rest of the bench.
  const rssBefore = process.memoryUsage().rss;
  const model = await loadClassifier(false, args.models);
  const rssAfter = process.memoryUsage().rss;
  if (model.note) note(model.note);
  const classifier = model.classifier;
  json.model = { version: classifier?.version ?? null, threshold: classifier?.threshold ?? null, loadMs: model.loadMs, rssDeltaMb: (rssAfter - rssBefore) / 2 ** 20 };

  if (args.replay) {
    note(`replaying saved scans from ${args.replay} (no Chromium)`);
    const t0 = performance.now();
    const saved = await replayPages(args.replay, classifier);
    const ms = performance.now() - t0;
    reportPages(saved.real, saved.injected, ms, 0, new Set(saved.injected.map((r) => r.page)).size);
    writeExplain(saved.real);
    return finish(started, [], '-replay');
  }
  // 1 + 3: texts.
  const texts = await loadHeldOutTexts(dataDir, SIZES.perSource);
  const positives = texts.items.filter((i) => i.label === 1);
  note(`texts: ${texts.items.length} (${positives.length} attacks) from ${texts.origin}`);
  const detectors = PAGES_ONLY
    ? [oursDetector(classifier)]
    : [oursDetector(classifier), ...(classifier ? [oursDetector(null)] : []), ...(await peerDetectors(note))];
  const results: DetectorResult[] = [];
  for (const d of detectors) {
    note(`text detection: ${d.name}`);
    results.push(await benchTextDetector(d, texts.items, { latencyRuns: SIZES.latencyRuns }));
  }
  json.text = { origin: texts.origin, results };
  const ours = results[0];

  out('## 1. Text detection on held-out sources (injection-lens)');
  out();
  out(`Split: ${texts.origin}. Flagged = \`classify\`'s \`flagged\`. Up to ${SIZES.perSource} texts per source, seeded sample.`);
  out();
  out(
    table(
      ['source', 'kind', 'texts', 'flagged'],
      Object.entries(ours.perSource).map(([src, s]) => [src, s.label ? 'attack (TPR)' : 'benign (FPR)', s.n, pct(rate(s.flagged, s.n))]),
    ),
  );
  out();
  out(`Overall: TPR ${pct(ours.tpr)} on ${ours.positives} attacks, FPR ${pct(ours.fpr)} on ${ours.negatives} benign texts.`);
  out();

  // 2: pages.
  const pagesRoot = join(dataDir, 'pages');
  const allPages = listRealPages(dataDir);
  const realPages = Number.isFinite(SIZES.realPages) ? sample(allPages, SIZES.realPages, 3).sort() : allPages;
  const utf8Pages = allPages.filter((p) => isUtf8(readFileSync(join(pagesRoot, p))));
  const injectedPages = sample(utf8Pages, INJECTED_PAGES, 5).sort();
  const attacks = sample(
    positives.map((p) => p.text.trim()).filter((t) => t.length >= 40 && t.length <= MAX_ATTACK_CHARS),
    Math.max(1, injectedPages.length),
    13,
  );
  const bundle = await readScanBundle();
  let browser: Browser | null = null;
  try {
    browser = await launchBrowser(chromiumPath());
    const segmentsFile = args.segments;
    if (segmentsFile) writeFileSync(segmentsFile, '');
    const pageOpts = {
      browser, bundle, classifier, concurrency: CONCURRENCY, timeoutMs: PAGE_TIMEOUT_MS, quietMs: BENCH_QUIET_MS,
      ...(segmentsFile ? { onJudged: (row: PageOutcome, segments: Segment[], attack: string | undefined) => appendFileSync(segmentsFile, segmentLine(row, segments, attack)) } : {}),
    };
    note(`real pages: ${realPages.length}`);
    const t0 = performance.now();
    const real = await runPageJobs(realPageJobs(pagesRoot, realPages), pageOpts);
    const realMs = performance.now() - t0;
    note(`synthetic injected pages: ${injectedPages.length} pages × ${TECHNIQUES.length} techniques`);
    const t1 = performance.now();
    const injected = await runInjectedPages(pagesRoot, injectedPages, attacks, TECHNIQUES, pageOpts, (n) => {
      if (n % 10 === 0) note(`  ${n}/${injectedPages.length} pages`);
    });
    const injectedMs = performance.now() - t1;
    reportPages(real, injected, realMs, injectedMs, injectedPages.length);
    writeExplain(real);
  } finally {
    await browser?.close();
  }

  if (PAGES_ONLY) return finish(started, [], QUICK ? '-quick-pages' : '-pages');

  out('## 3. Side by side on the same texts');
  out();
  out(`Same ${ours.positives} attacks and ${ours.negatives} benign texts as section 1. Latency: one text per call, median of ${SIZES.latencyRuns} runs over 200 texts (after warm-up).`);
  out();
  out(
    table(
      ['detector', 'TPR', 'FPR', 'median latency', 'p90 latency', 'called as'],
      results.map((r) => [r.name, pct(r.tpr), pct(r.fpr), `${fixed(r.medianLatencyMs, 3)} ms`, `${fixed(r.p90LatencyMs, 3)} ms`, `\`${r.how}\``]),
    ),
  );
  out();
  out(
    table(
      ['source', ...results.map((r) => r.name)],
      Object.keys(ours.perSource).map((src) => [
        `${src} (${ours.perSource[src].label ? 'TPR' : 'FPR'})`,
        ...results.map((r) => pct(rate(r.perSource[src]?.flagged ?? 0, r.perSource[src]?.n ?? 0))),
      ]),
    ),
  );
  out();
  out('Not compared: ' + PEERS_LEFT_OUT.join('; ') + '.');
  out();

  if (!args['skip-speed']) await reportSpeed(dataDir, classifier, texts.items.map((i) => i.text), model.loadMs, (rssAfter - rssBefore) / 2 ** 20);

  return finish(started, results, QUICK ? '-quick' : '');
}

function writeExplain(real: PageOutcome[]): void {
  if (!args.explain) return;
  const flaggedReal = real.filter((r) => r.verdict !== null && r.verdict !== 'clean');
  writeFileSync(args.explain, JSON.stringify(flaggedReal.map((r) => ({ page: r.page, verdict: r.verdict, findings: r.flaggedWhy })), null, 1) + '\n');
  note(`wrote ${args.explain}`);
}

function finish(started: number, results: DetectorResult[], suffix: string): number {
  const today = new Date().toISOString().slice(0, 10);
  const headline = results.length ? headlineSection(results) : pagesHeadline();
  out(headline);
  const totalMin = (performance.now() - started) / 60_000;
  out(`_Bench took ${fixed(totalMin, 1)} min._`);
  const dir = args.out ?? join(REPO_ROOT, 'test/bench/results');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${today}${suffix}`);
  // The headline also goes right under the title in the file, where a reader looks first.
  const body = md.slice(0, -2);
  writeFileSync(`${base}.md`, [...body.slice(0, 4), headline, ...body.slice(4), md.at(-1)].join('\n') + '\n');
  writeFileSync(`${base}.json`, JSON.stringify(json, null, 1) + '\n');
  note(`wrote ${base}.md and .json`);
  return 0;
}

function reportPages(real: PageOutcome[], injected: PageOutcome[], realMs: number, injectedMs: number, nPages: number): void {
  const ok = real.filter((r) => r.verdict !== null);
  const flagged = ok.filter((r) => r.verdict !== 'clean');
  const injectedVerdict = ok.filter((r) => r.verdict === 'injected');
  out('## 2. Page detection (headless Chromium, the scanner bundle, model + rules)');
  out();
  out(`Real pages: ${real.length} (${real.length - ok.length} errors), ${fixed(realMs / 1000, 0)} s at concurrency ${CONCURRENCY}.`);
  out();
  const unseen = ok.filter((r) => pageSplitOf?.(r.page) !== 'train');
  const unseenFlagged = unseen.filter((r) => r.verdict !== 'clean');
  out(table(['real benign pages', 'pages', 'share'], [
    ['flagged (suspicious or injected)', flagged.length, pct(rate(flagged.length, ok.length))],
    ['injected', injectedVerdict.length, pct(rate(injectedVerdict.length, ok.length))],
    ...(pageSplitOf
      ? [[`flagged, among the ${unseen.length} pages outside the classifier's training split`, unseenFlagged.length, pct(rate(unseenFlagged.length, unseen.length))]]
      : []),
  ]));
  out();
  if (flagged.length) {
    out('Flagged real pages (false positives) and their first medium/high finding:');
    out();
    for (const r of flagged.slice(0, 15)) out(`- \`${r.page}\` — ${r.verdict}: “${r.flaggedTexts[0] ?? ''}”`);
    out();
  }
  const errors = real.filter((r) => r.error);
  for (const r of errors.slice(0, 5)) out(`- error on \`${r.page}\`: ${r.error}`);
  if (errors.length) out();

  const perTech = TECHNIQUES.map((t) => {
    const rows = injected.filter((r) => r.technique === t);
    const okRows = rows.filter((r) => r.verdict !== null);
    return {
      technique: t,
      n: rows.length,
      errors: rows.length - okRows.length,
      flagged: rate(okRows.filter((r) => r.verdict !== 'clean').length, okRows.length),
      injected: rate(okRows.filter((r) => r.verdict === 'injected').length, okRows.length),
      found: rate(okRows.filter((r) => r.attackFound).length, okRows.length),
    };
  });
  out(`Synthetic injected pages: ${nPages} UTF-8 real pages × ${TECHNIQUES.length} techniques = ${injected.length} pages, ${fixed(injectedMs / 1000, 0)} s. ` +
    'Each page is loaded once; then for each technique one held-out attack (the same for all its techniques) is inserted at the start of `<body>` (`<head>` for meta) of the loaded DOM, the page scanned and judged, and the attack removed. ' +
    '"attack found" = a medium/high finding carries the attack text; "page flagged" may also come from the page itself.');
  out();
  out(table(['technique', 'pages', 'attack found', 'page flagged', 'page injected', 'errors'],
    perTech.map((p) => [p.technique, p.n, pct(p.found), pct(p.flagged), pct(p.injected), p.errors])));
  out();
  const hiddenOnly = perTech.filter((p) => p.technique !== 'visible');
  const meanFound = hiddenOnly.reduce((a, p) => a + (Number.isNaN(p.found) ? 0 : p.found), 0) / hiddenOnly.length;
  out(`Mean "attack found" over the ${hiddenOnly.length} hiding techniques: ${pct(meanFound)}; visible: ${pct(perTech[0].found)}.`);
  out();
  json.pages = {
    real: { pages: real.length, errors: real.length - ok.length, flagged: flagged.length, unseenPages: unseen.length, unseenFlagged: unseenFlagged.length, injected: injectedVerdict.length, fpr: rate(flagged.length, ok.length), offenders: flagged.map((r) => ({ page: r.page, verdict: r.verdict, finding: r.flaggedTexts[0] })) },
    injected: { pages: nPages, perTechnique: perTech, meanFoundHidden: meanFound },
  };
}

async function reportSpeed(dataDir: string, classifier: Awaited<ReturnType<typeof loadClassifier>>['classifier'], texts: string[], loadMs: number, rssDeltaMb: number): Promise<void> {
  out('## 4. Speed');
  out();
  const rows: (string | number)[][] = [];
  try {
    const { benchScanSpeed } = await import('./scan-speed');
    note('scan speed (scan vs innerText)');
    const s = await benchScanSpeed(join(dataDir, 'pages'), { limit: SIZES.speedPages, classifier });
    if (classifier) {
      rows.push([`content script scan ÷ innerText per page (lazy: quick pass + rescans of chosen blocks; model and rules off the page), median over ${s.rows.length} pages, wall`, `${fixed(s.medianLazyRatio, 2)}×`]);
      rows.push(['the same in renderer main-thread CPU time', `${fixed(s.medianCpuLazyRatio, 2)}×`]);
      rows.push([`the content script's first scan in each page (a page load: code not yet optimised, every node touched from JS for the first time) ÷ the page's first innerText, median`, `${fixed(s.medianFirstLazyRatio, 2)}× (${fixed(median(s.rows.map((x) => x.firstLazyMs ?? NaN)), 1)} ms)`]);
      rows.push([`content script's longest main-thread slice on the largest page (${s.largestPage})`, `${fixed(s.maxLazyLongestSliceMs, 1)} ms`]);
    }
    rows.push([`full scan (CLI, reveal, clean copy) ÷ innerText per page, median over ${s.rows.length} pages (each median of 3 runs)`, `${fixed(s.medianRatio, 2)}×`]);
    rows.push([`full scan's longest main-thread slice on the largest page (${s.largestPage})`, `${fixed(s.maxLongestSliceMs, 1)} ms`]);
    json.scanSpeed = {
      medianRatio: s.medianRatio,
      medianLazyRatio: s.medianLazyRatio,
      medianCpuLazyRatio: s.medianCpuLazyRatio,
      medianFirstLazyRatio: s.medianFirstLazyRatio,
      maxLazyLongestSliceMs: s.maxLazyLongestSliceMs,
      maxLongestSliceMs: s.maxLongestSliceMs,
      largestPage: s.largestPage,
      pages: s.rows.length,
    };
  } catch (err) {
    rows.push(['scan vs innerText', `not measured (${(err as Error).message.split('\n')[0]})`]);
  }
  try {
    // Variable specifier: the ML helper's module may not exist yet; tsc must not require it.
    const modelSpeedPath = './model-speed';
    const mod = (await import(modelSpeedPath)) as { benchModelSpeed: () => Promise<{ segmentsPerSecond: number; p50SingleMs: number; loadMs: number }> };
    note('model speed');
    const m = await mod.benchModelSpeed();
    rows.push(['classifier throughput, batched, single thread (model only)', `${fixed(m.segmentsPerSecond, 0)} segments/s`]);
    rows.push(['classifier, one segment (p50)', `${fixed(m.p50SingleMs, 2)} ms`]);
    rows.push(['model load (median of runs, benchModelSpeed)', `${fixed(m.loadMs, 0)} ms`]);
    json.modelSpeed = m;
  } catch (err) {
    rows.push(['model-only speed', `not measured (${(err as Error).message.split('\n')[0]})`]);
  }
  // End to end as `classify` does it: agent-text decoding + model + rules, batches of 256.
  const probe = texts.slice(0, 2000);
  const perSecond: number[] = [];
  for (let r = 0; r < SIZES.throughputRuns; r++) {
    const t0 = performance.now();
    for (let i = 0; i < probe.length; i += 256) await scoreTexts(probe.slice(i, i + 256), classifier);
    perSecond.push(probe.length / ((performance.now() - t0) / 1000));
  }
  rows.push([`\`classify\` path throughput (decode + model + rules), median of ${SIZES.throughputRuns} runs over ${probe.length} texts`, `${fixed(median(perSecond), 0)} texts/s`]);
  rows.push(['model load in this process (cold, incl. onnxruntime start)', `${fixed(loadMs, 0)} ms`]);
  rows.push(['memory added by loading the model (process RSS)', `${fixed(rssDeltaMb, 1)} MB`]);
  rows.push(['bench process RSS at the end', `${fixed(process.memoryUsage().rss / 2 ** 20, 0)} MB`]);
  json.speed = { classifyTextsPerSecond: median(perSecond), loadMs, rssDeltaMb };
  out(table(['measure', 'value'], rows));
  out();
}

/** Headline of a `--pages-only` run: the page rows alone. */
function pagesHeadline(): string {
  const pages = json.pages as
    | { real: { pages: number; fpr: number; injected: number }; injected: { pages: number; meanFoundHidden: number; perTechnique: { technique: string; found: number }[] } }
    | undefined;
  if (!pages) return '';
  const visible = pages.injected.perTechnique.find((t) => t.technique === 'visible');
  const rows: (string | number)[][] = [
    [`real benign pages flagged (page-level FPR, ${pages.real.pages} pages)`, pct(pages.real.fpr)],
    ['real benign pages called injected', pct(rate(pages.real.injected, pages.real.pages))],
    [`synthetic injected pages: attack found, mean of ${pages.injected.perTechnique.length - 1} hiding techniques (${pages.injected.pages} pages each)`, pct(pages.injected.meanFoundHidden)],
    ['synthetic injected pages: attack found, visible text', pct(visible?.found ?? NaN)],
  ];
  return ['## Headline', '', table(['measure', 'injection-lens'], rows), ''].join('\n');
}

/** "llm_guardrail 2.1.2 (checkInjection)" → "llm_guardrail (checkInjection)". */
function short(name: string): string {
  return name.replace(/ \d+\.\d+\.\d+/, '');
}

/** The ready-to-paste table for the README: the numbers a reader asks for first, each from a section below. */
function headlineSection(results: DetectorResult[]): string {
  const ours = results[0];
  const pages = json.pages as
    | { real: { pages: number; flagged: number; fpr: number }; injected: { pages: number; meanFoundHidden: number; perTechnique: { technique: string; found: number }[] } }
    | undefined;
  const scan = json.scanSpeed as { medianRatio: number; medianLazyRatio: number; medianFirstLazyRatio?: number } | undefined;
  const speed = json.speed as { classifyTextsPerSecond: number; loadMs: number } | undefined;
  const modelSpeed = json.modelSpeed as { segmentsPerSecond: number } | undefined;
  const peers = results.slice(1);
  const rows: (string | number)[][] = [
    [`held-out attack texts flagged (TPR, ${ours.positives} texts)`, pct(ours.tpr), peers.map((p) => `${short(p.name)} ${pct(p.tpr)}`).join(' · ')],
    [`held-out benign texts flagged (FPR, ${ours.negatives} texts)`, pct(ours.fpr), peers.map((p) => `${short(p.name)} ${pct(p.fpr)}`).join(' · ')],
    ['median latency per text', `${fixed(ours.medianLatencyMs, 3)} ms`, peers.map((p) => `${short(p.name)} ${fixed(p.medianLatencyMs, 3)} ms`).join(' · ')],
  ];
  if (pages) {
    const visible = pages.injected.perTechnique.find((t) => t.technique === 'visible');
    rows.push([`real benign pages flagged (page-level FPR, ${pages.real.pages} pages)`, pct(pages.real.fpr), '']);
    rows.push([`synthetic injected pages: attack found, mean of ${pages.injected.perTechnique.length - 1} hiding techniques (${pages.injected.pages} pages each)`, pct(pages.injected.meanFoundHidden), '']);
    rows.push(['synthetic injected pages: attack found, visible text', pct(visible?.found ?? NaN), '']);
  }
  if (scan && Number.isFinite(scan.medianLazyRatio)) rows.push(["content script's scan time ÷ innerText time per page (median)", `${fixed(scan.medianLazyRatio, 2)}×`, '']);
  if (scan && Number.isFinite(scan.medianFirstLazyRatio ?? NaN)) rows.push(["the same on a page load (the page's first scan ÷ its first innerText, median)", `${fixed(scan.medianFirstLazyRatio ?? NaN, 2)}×`, '']);
  if (scan) rows.push(['full scan (CLI) time ÷ innerText time per page (median)', `${fixed(scan.medianRatio, 2)}×`, '']);
  if (modelSpeed) rows.push(['classifier throughput (batched, 1 thread, model only)', `${fixed(modelSpeed.segmentsPerSecond, 0)} segments/s`, '']);
  if (speed) rows.push(['`classify` throughput (decode + model + rules)', `${fixed(speed.classifyTextsPerSecond, 0)} texts/s`, '']);
  if (speed) rows.push(['model load (cold, Node)', `${fixed(speed.loadMs, 0)} ms`, '']);
  return ['## Headline', '', table(['measure', 'injection-lens', 'peers (same texts)'], rows), ''].join('\n');
}

main().then(
  (status) => process.exit(status),
  (err) => {
    process.stderr.write(`bench failed: ${(err as Error)?.stack ?? err}\n`);
    process.exit(1);
  },
);
