/**
 * Section 2 of the bench: pages through the CLI's own path (render in headless Chromium, settle, scanner
 * bundle, model + rules, verdict). Real pages give the page-level false-positive rate; the same pages
 * with a held-out attack inserted — once per hiding technique, and once visible — give detection per technique.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Finding, Verdict } from '../../src/core/types';
import type { TextClassifier } from '../../src/model/classifier';
import { judgePage } from '../../src/cli/judge-page';
import { renderAndScan } from '../../src/cli/render-and-scan';
import { runPool } from '../../src/cli/run-pool';
import { injectAttackBytes, type Technique } from './inject-attack';

export interface PageOutcome {
  page: string;
  technique: Technique | null;
  verdict: Verdict | null;
  error?: string;
  /** For injected pages: a medium/high finding carries the attack text. */
  attackFound?: boolean;
  /** Texts of the medium/high findings (for listing false positives). */
  flaggedTexts: string[];
  ms: number;
}

export interface PageBenchOptions {
  browser: Browser;
  bundle: string;
  classifier: TextClassifier | null;
  concurrency: number;
  timeoutMs: number;
  quietMs: number;
}

export interface PageJob {
  page: string;
  path: string;
  technique: Technique | null;
  attack?: string;
}

/** Letters and digits only, lower case: survives escaping, whitespace changes and comment mangling. */
function squash(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const PROBE_CHARS = 24;

function carriesAttack(findings: Finding[], attack: string): boolean {
  const probe = squash(attack).slice(0, PROBE_CHARS);
  return findings.some((f) => f.severity !== 'low' && squash(f.text).includes(probe));
}

export async function runPageJobs(jobs: PageJob[], opts: PageBenchOptions, onDone?: (n: number) => void): Promise<PageOutcome[]> {
  const out: PageOutcome[] = new Array(jobs.length);
  let done = 0;
  await runPool(jobs, opts.concurrency, async (job, i) => {
    const t0 = performance.now();
    let html: Buffer = readFileSync(job.path);
    if (job.technique && job.attack) html = injectAttackBytes(html, job.attack, job.technique);
    const rendered = await renderAndScan(opts.browser, { kind: 'local', path: job.path, html }, {
      timeoutMs: opts.timeoutMs,
      quietMs: opts.quietMs,
      bundle: opts.bundle,
    });
    if (!rendered.ok) {
      out[i] = { page: job.page, technique: job.technique, verdict: null, error: rendered.error, flaggedTexts: [], ms: performance.now() - t0 };
    } else {
      const judged = await judgePage(rendered.scan.segments, opts.classifier, { sensitivity: 'balanced' });
      const flagged = judged.findings.filter((f) => f.severity !== 'low');
      out[i] = {
        page: job.page,
        technique: job.technique,
        verdict: judged.verdict,
        attackFound: job.attack ? carriesAttack(judged.findings, job.attack) : undefined,
        flaggedTexts: flagged.map((f) => f.text.slice(0, 160)),
        ms: performance.now() - t0,
      };
    }
    onDone?.(++done);
  });
  return out;
}

export function realPageJobs(pagesRoot: string, pages: string[]): PageJob[] {
  return pages.map((page) => ({ page, path: join(pagesRoot, page), technique: null }));
}

export function injectedPageJobs(pagesRoot: string, pages: string[], attacks: string[], techniques: readonly Technique[]): PageJob[] {
  const jobs: PageJob[] = [];
  pages.forEach((page, p) => {
    // One attack per page (the same across techniques, so techniques compare on equal terms).
    const attack = attacks[p % attacks.length];
    for (const technique of techniques) jobs.push({ page, path: join(pagesRoot, page), technique, attack });
  });
  return jobs;
}
