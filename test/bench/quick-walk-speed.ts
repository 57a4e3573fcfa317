/**
 * quickText (src/scan/quick-text.ts) before and after, in the same page, same run: per page of ../shared/data/pages,
 * the working tree's quickText and a reference revision's (default REFERENCE_REV, the last explicit-stack walk),
 * each with and without readAsAgent, against `document.body.innerText`.
 *
 * - wall: ms per call over CALLS warm calls in one loop, median of ROUNDS rounds (rounds interleave the variants, so
 *   a burst of load on this shared machine hits all of them alike);
 * - CPU: renderer main-thread ThreadTime per call (test/bench/renderer-cpu.ts) over CALLS calls of each variant;
 * - ratios: per page, variant / max(innerText, 0.5 ms), then the median over pages (issue 3's measure);
 * - identity: the two revisions' results compared block by block (text, element, source, detail, agentText,
 *   invisible) plus nodes, closedShadowRoots and truncated, with and without readAsAgent, capped (maxNodes) and
 *   sliced (budgetMs 0). A page that differs is named.
 *
 * Both revisions are bundled together (one IIFE, `__ilQuickWalk`), so they share every other module at its
 * working-tree state: only quick-text.ts differs. The reference is `git show REV:src/scan/quick-text.ts` written
 * into a temp folder with its relative imports pointed back at the repo.
 *
 *   nice -n 10 npx tsx test/bench/quick-walk-speed.ts [PAGES_DIR] [--limit N] [--ref REV] [--calls N]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO, buildIife, dataDir, listHtmlPages, visitScannedPages } from '../fixtures/scan/harness';
import { median } from './bench-stats';
import { withRendererCpu } from './renderer-cpu';

/** The last quick-text.ts with the explicit (Node|Builder) stack walk: what the identity checks compare against. */
export const REFERENCE_REV = 'bd7679a8e0fd6aa24c40d40d6e64535306758a74';
const MIN_BASELINE_MS = 0.5;
const ROUNDS = 3;
const DEFAULT_CALLS = 20;

/**
 * In-page helpers, as source text: vite compiles them into the bundle. (A function passed to page.evaluate from
 * tsx may carry esbuild's `__name` wrappers, which the page does not define.)
 */
const IN_PAGE = String.raw`
type Q = (d: Document, o?: object) => Promise<any>;
function describe(r: any, ids: Map<Element, number>) {
  const id = (el: Element) => {
    let n = ids.get(el);
    if (n === undefined) ids.set(el, (n = ids.size));
    return n;
  };
  return {
    nodes: r.nodes,
    closedShadowRoots: r.closedShadowRoots,
    truncated: r.truncated,
    blocks: r.blocks.map((b: any) => [b.text, id(b.element), b.source, b.detail, b.agentText, JSON.stringify(b.invisible)]),
  };
}
/** First difference between two revisions' results on this document for these options, or '' when identical. */
async function diff(a: Q, b: Q, opts: object): Promise<string> {
  const ids = new Map<Element, number>();
  const ra = describe(await a(document, opts), ids);
  const rb = describe(await b(document, opts), ids);
  for (const k of ['nodes', 'closedShadowRoots', 'truncated'] as const) {
    if (ra[k] !== rb[k]) return k + ' ' + ra[k] + ' vs ' + rb[k];
  }
  const n = Math.max(ra.blocks.length, rb.blocks.length);
  for (let i = 0; i < n; i++) {
    const x = ra.blocks[i];
    const y = rb.blocks[i];
    if (!x || !y) return 'block count ' + ra.blocks.length + ' vs ' + rb.blocks.length;
    for (let j = 0; j < x.length; j++) {
      if (x[j] !== y[j]) return 'block ' + i + ' field ' + j + ': ' + JSON.stringify(String(x[j]).slice(0, 80)) + ' vs ' + JSON.stringify(String(y[j]).slice(0, 80));
    }
  }
  return '';
}
/** Every option set the identity check runs; the caps are chosen from this page's node count. */
async function identity(a: Q, b: Q): Promise<{ problems: string[]; nodes: number; blocks: number; runs: number }> {
  const full = await a(document, { readAsAgent: true });
  const sets: object[] = [{ readAsAgent: true }, {}, { budgetMs: 0 }, { descendFrames: false }];
  for (const cap of [1, 7, 50, full.nodes >> 1, full.nodes - 1, full.nodes]) if (cap > 0) sets.push({ maxNodes: cap });
  const problems: string[] = [];
  for (const o of sets) {
    const d = await diff(a, b, o);
    if (d) problems.push(JSON.stringify(o) + ': ' + d);
  }
  return { problems, nodes: full.nodes, blocks: full.blocks.length, runs: sets.length };
}
/** ms per call of each variant, ROUNDS rounds of CALLS calls, variants interleaved within a round. */
async function wall(a: Q, b: Q, rounds: number, calls: number) {
  const variants: Record<string, () => unknown> = {
    innerText: () => document.body?.innerText,
    old: () => a(document),
    neu: () => b(document),
    oldRead: () => a(document, { readAsAgent: true }),
    neuRead: () => b(document, { readAsAgent: true }),
  };
  const out: Record<string, number[]> = {};
  for (const k in variants) {
    out[k] = [];
    await variants[k]();
  }
  for (let r = 0; r < rounds; r++) {
    for (const k in variants) {
      const f = variants[k];
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) await f();
      out[k].push((performance.now() - t0) / calls);
    }
  }
  return out;
}
async function loop(q: Q | null, opts: object, calls: number) {
  for (let i = 0; i < calls; i++) {
    if (q) await q(document, opts);
    else void document.body?.innerText;
  }
}
`;

/** A bundle exposing `__ilQuickWalk = { old, neu, identity, wall, loop }`: quickText at `rev` and in the working tree. */
export async function buildQuickWalkBundle(rev = REFERENCE_REV): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'il-quick-walk-'));
  const oldSource = execFileSync('git', ['show', `${rev}:src/scan/quick-text.ts`], { cwd: REPO, encoding: 'utf8' })
    .replace(/from '\.\/([^']+)'/g, (_, p: string) => `from ${JSON.stringify(join(REPO, 'src/scan', p))}`)
    .replace(/from '\.\.\/([^']+)'/g, (_, p: string) => `from ${JSON.stringify(join(REPO, 'src', p))}`);
  writeFileSync(join(dir, 'quick-text-old.ts'), oldSource);
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { quickText as old } from './quick-text-old';\n` +
      `import { quickText as neu } from ${JSON.stringify(join(REPO, 'src/scan/quick-text.ts'))};\n` +
      IN_PAGE +
      `(globalThis as any).__ilQuickWalk = { old, neu, identity, wall, loop };\n`,
  );
  return buildIife(entry, join(dir, 'out'), '__ilQuickWalkBundle', 'quick-walk.js');
}

export interface IdentityResult {
  problems: string[];
  nodes: number;
  blocks: number;
  runs: number;
}

/** Old vs new quickText on the page's document under every option set (see IN_PAGE `identity`). */
export function compareInPage(page: Page): Promise<IdentityResult> {
  return page.evaluate('(() => { const w = window.__ilQuickWalk; return w.identity(w.old, w.neu); })()') as Promise<IdentityResult>;
}

interface Row {
  page: string;
  wall: Record<string, number>;
  cpu: Record<string, number>;
  identity: IdentityResult;
}

const VARIANTS = ['innerText', 'old', 'neu', 'oldRead', 'neuRead'] as const;

async function measure(page: Page, calls: number): Promise<Omit<Row, 'page'>> {
  const identity = await compareInPage(page);
  const w = (await page.evaluate(`(() => { const w = window.__ilQuickWalk; return w.wall(w.old, w.neu, ${ROUNDS}, ${calls}); })()`)) as Record<string, number[]>;
  const wall: Record<string, number> = {};
  for (const k of VARIANTS) wall[k] = median(w[k]);
  const cpu = await withRendererCpu(page, async (c) => {
    const out: Record<string, number> = {};
    const code: Record<(typeof VARIANTS)[number], string> = {
      innerText: 'null, {}',
      old: 'w.old, {}',
      neu: 'w.neu, {}',
      oldRead: 'w.old, { readAsAgent: true }',
      neuRead: 'w.neu, { readAsAgent: true }',
    };
    for (const k of VARIANTS) {
      out[k] = await c.perCall(calls, (n) => page.evaluate(`(() => { const w = window.__ilQuickWalk; return w.loop(${code[k]}, ${n}); })()`));
    }
    return out;
  });
  return { identity, wall, cpu };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const limit = opt('--limit') ? Number(opt('--limit')) : undefined;
  const calls = opt('--calls') ? Number(opt('--calls')) : DEFAULT_CALLS;
  const rev = opt('--ref') ?? REFERENCE_REV;
  const valued = new Set(['--limit', '--ref', '--calls']);
  const dir = args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1])) ?? join(dataDir(), 'pages');
  const bundle = await buildQuickWalkBundle(rev);
  let pages = listHtmlPages(dir);
  if (limit) pages = pages.slice(0, limit);
  const rows: Row[] = [];
  await visitScannedPages(dir, pages, async (page, rel) => {
    await page.addScriptTag({ path: bundle });
    rows.push({ page: rel, ...(await measure(page, calls)) });
  });

  const f = (n: number, d = 3) => n.toFixed(d);
  const col = (src: 'wall' | 'cpu', k: string) => rows.map((r) => r[src][k]);
  const ratio = (src: 'wall' | 'cpu', k: string) =>
    median(rows.map((r) => r[src][k] / Math.max(r[src].innerText, MIN_BASELINE_MS)));
  const speedup = (src: 'wall' | 'cpu', a: string, b: string) => median(rows.map((r) => r[src][a] / r[src][b]));
  console.log(`reference ${rev.slice(0, 12)} vs working tree; pages ${rows.length}; ${calls} calls × ${ROUNDS} rounds (wall), ${calls} calls (CPU)`);
  for (const src of ['wall', 'cpu'] as const) {
    console.log(
      `${src.padEnd(4)} median ms/call: innerText ${f(median(col(src, 'innerText')))}, quick old ${f(median(col(src, 'old')))} new ${f(median(col(src, 'neu')))}, ` +
        `quick+read old ${f(median(col(src, 'oldRead')))} new ${f(median(col(src, 'neuRead')))}`,
    );
    console.log(
      `${src.padEnd(4)} median ratio / innerText (floored ${MIN_BASELINE_MS} ms): quick old ${f(ratio(src, 'old'), 2)} new ${f(ratio(src, 'neu'), 2)}, ` +
        `quick+read old ${f(ratio(src, 'oldRead'), 2)} new ${f(ratio(src, 'neuRead'), 2)}; ` +
        `median per-page speed-up old/new: quick ${f(speedup(src, 'old', 'neu'), 2)}x, quick+read ${f(speedup(src, 'oldRead', 'neuRead'), 2)}x`,
    );
  }
  const within = (k: string) => rows.filter((r) => r.cpu[k] <= 2 * Math.max(r.cpu.innerText, MIN_BASELINE_MS)).length;
  console.log(`pages with CPU ≤ 2× innerText (floored): quick old ${within('old')} new ${within('neu')}, quick+read old ${within('oldRead')} new ${within('neuRead')} of ${rows.length}`);
  const differing = rows.filter((r) => r.identity.problems.length);
  const runs = rows.reduce((s, r) => s + r.identity.runs, 0);
  console.log(`identity: ${rows.length - differing.length}/${rows.length} pages identical over ${runs} option sets (median ${median(rows.map((r) => r.identity.blocks))} blocks, ${median(rows.map((r) => r.identity.nodes))} nodes per page)`);
  for (const r of differing.slice(0, 20)) console.log(`  DIFFERS ${r.page}: ${r.identity.problems.slice(0, 3).join(' | ')}`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
