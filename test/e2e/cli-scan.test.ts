/**
 * `injection-lens scan` end to end: spawns the real CLI on fixture pages in headless Chromium (the built
 * scanner bundle, the shipped model + rules). Per-input failures must be lines, in input order.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { hasChromium } from '../helpers/browser';
import { serveFolder } from '../helpers/server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const F = `${ROOT}test/fixtures/cli`;
const BUNDLE = `${ROOT}dist-cli/page-scan.js`;

interface Line {
  input: string;
  verdict: string | null;
  score: number | null;
  findings: { text: string; score: number; severity: string; hidden: string[]; source: string; selector: string }[];
  timings: Record<string, number>;
  error?: string;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  lines: Line[];
  ms: number;
}

function runCli(args: string[]): Promise<Run> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}src/cli/bin.mjs`, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line);
      resolve({ status, stdout, stderr, lines, ms: Date.now() - start });
    });
  });
}

const flagged = (l: Line) => l.verdict === 'injected' || l.verdict === 'suspicious';

describe.skipIf(!hasChromium)('scan', () => {
  beforeAll(() => {
    // `npm test` builds first; a lone `vitest run` of this file builds the scanner bundle itself.
    if (!existsSync(BUNDLE)) execFileSync('npx', ['vite', 'build', '--mode', 'page'], { cwd: ROOT, stdio: 'ignore' });
  }, 120_000);

  test('pages, a folder and bad inputs: one line each, in input order', async () => {
    const run = await runCli([
      'scan', '--concurrency', '3', '--timeout', '20000', '--no-progress',
      `${F}/hidden-injection.html`, `${F}/benign-recipe.html`, `${F}/missing.html`, `${F}/binary.html`,
      `${F}/notes.txt`, `${F}/site`,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.lines.map((l) => l.input.replace(ROOT, ''))).toEqual([
      'test/fixtures/cli/hidden-injection.html',
      'test/fixtures/cli/benign-recipe.html',
      'test/fixtures/cli/missing.html',
      'test/fixtures/cli/binary.html',
      'test/fixtures/cli/notes.txt',
      // The folder expands in place, sorted; readme.md is not a page.
      'test/fixtures/cli/site/a-visible-injection.html',
      'test/fixtures/cli/site/b-opacity-injection.htm',
      'test/fixtures/cli/site/c-gzipped.html.gz',
    ]);
    const [hidden, benign, missing, binary, notes, visible, opacity, gzipped] = run.lines;

    expect(Object.keys(hidden).slice(0, 5)).toEqual(['input', 'verdict', 'score', 'findings', 'timings']);
    expect(flagged(hidden)).toBe(true);
    const hiddenFinding = hidden.findings.find((f) => /previous instructions/i.test(f.text));
    expect(hiddenFinding, JSON.stringify(hidden.findings)).toBeDefined();
    expect(hiddenFinding!.hidden).toContain('display-none');
    expect(Object.keys(hiddenFinding!)).toEqual(['text', 'score', 'severity', 'hidden', 'source', 'selector']);
    expect(hiddenFinding!.selector).toMatch(/agent-note/);
    expect(hidden.timings.total).toBeGreaterThan(0);

    expect(benign.verdict, JSON.stringify(benign.findings)).toBe('clean');

    expect(missing).toMatchObject({ verdict: null, score: null, findings: [] });
    expect(missing.error).toMatch(/^missing: /);
    expect(binary.error).toMatch(/^not-html: binary/);
    expect(notes.error).toMatch(/^not-html: /);

    // Visible text addressed to agents is judged by content.
    expect(flagged(visible)).toBe(true);
    expect(visible.findings.some((f) => /AI assistants/.test(f.text) && f.hidden.length === 0)).toBe(true);
    expect(flagged(opacity)).toBe(true);
    expect(opacity.findings.some((f) => f.hidden.includes('opacity'))).toBe(true);
    // The .html.gz was gunzipped and rendered; its font-size:0 injection is found.
    expect(gzipped.error).toBeUndefined();
    expect(flagged(gzipped)).toBe(true);
    expect(gzipped.findings.some((f) => f.hidden.includes('tiny-font'))).toBe(true);
  });

  test('--segments adds every block read, visible and hidden, after the other fields', async () => {
    const plain = await runCli(['scan', '--no-progress', '--no-model', `${F}/hidden-injection.html`]);
    const run = await runCli(['scan', '--segments', '--no-progress', '--no-model', `${F}/hidden-injection.html`]);
    expect(run.status, run.stderr).toBe(0);
    const [line] = run.lines as (Line & { segments: number; segmentTexts: { text: string; source: string; hidden: string[]; visibility: string; selector: string }[] })[];
    expect(Object.keys(plain.lines[0])).not.toContain('segmentTexts');
    expect(Object.keys(line).at(-1)).toBe('segmentTexts');
    expect(line.segmentTexts).toHaveLength(line.segments);
    const garlic = line.segmentTexts.find((s) => s.text.startsWith('Autumn is the best time to plant garlic'));
    expect(garlic).toMatchObject({ source: 'text', hidden: [], visibility: 'visible' });
    const note = line.segmentTexts.find((s) => /Ignore all previous instructions/.test(s.text));
    expect(note).toMatchObject({ source: 'text', visibility: 'hidden' });
    expect(note!.hidden).toContain('display-none');
    expect(note!.selector).toMatch(/agent-note/);
    // document order: the note sits between the two paragraphs
    const order = ['Autumn is the best', 'Ignore all previous', 'Tulip bulbs'].map((p) => line.segmentTexts.findIndex((s) => s.text.includes(p)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  test('pages that never settle get a timeout line and the run goes on', async () => {
    const run = await runCli(['scan', '--timeout', '4000', `${F}/endless-mutations.html`, `${F}/infinite-script.html`, `${F}/benign-recipe.html`]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.lines).toHaveLength(3);
    expect(run.lines[0].error).toMatch(/^timeout: /);
    expect(run.lines[1].error).toMatch(/^timeout: /);
    expect(run.lines[2].verdict).toBe('clean');
    // Both stuck pages ran side by side under their own 4 s limits; nothing waited for the whole batch.
    expect(run.ms).toBeLessThan(25_000);
  });

  test('output keeps input order when later pages finish first', async () => {
    const run = await runCli(['scan', '--concurrency', '4', `${F}/order`]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.lines.map((l) => l.input.split('/').pop())).toEqual(['1-slow.html', '2-fast.html', '3-fast.html', '4-fast.html', '5-fast.html']);
    expect(run.lines.every((l) => l.verdict === 'clean')).toBe(true);
    // The first page settles only after its text stops changing (~1.5 s), the others at once: it is the one that ends
    // last. Compared by each page's own settle time: totals also hold the shared browser start and model load, which
    // a loaded machine stretches for every page alike (a total-based check failed by 2 ms under load average 8).
    expect(run.lines[0].timings.settle).toBeGreaterThan(1_200);
    expect(Math.max(...run.lines.slice(1).map((l) => l.timings.settle))).toBeLessThan(run.lines[0].timings.settle);
  });

  test('http URLs: scanned from their own origin; an unreachable host is an error line, fast', async () => {
    const server = await serveFolder(F);
    try {
      const run = await runCli(['scan', '--timeout', '15000', `${server.url}/hidden-injection.html`, 'http://unreachable.invalid/page.html', `${server.url}/nope.html`]);
      expect(run.status, run.stderr).toBe(0);
      const [ok, unreachable, notFound] = run.lines;
      expect(ok.input).toBe(`${server.url}/hidden-injection.html`);
      expect(flagged(ok)).toBe(true);
      expect(ok.findings.some((f) => f.hidden.includes('display-none'))).toBe(true);
      expect(unreachable.error).toMatch(/^navigation: /);
      // A 404 answer is still a page (the server's "not found" text), scanned like any other.
      expect(notFound.verdict).toBe('clean');
      expect(run.ms).toBeLessThan(15_000);
    } finally {
      await server.close();
    }
  });

  test('usage errors exit 2; no browser exits 1 and says how to install one', async () => {
    expect((await runCli(['scan'])).status).toBe(2);
    expect((await runCli(['scan', '--concurrency', '0', `${F}/benign-recipe.html`])).status).toBe(2);
    const noBrowser = await runCli(['scan', '--chromium', '/nonexistent/chromium', `${F}/benign-recipe.html`]);
    expect(noBrowser.status).toBe(1);
    expect(noBrowser.stderr).toMatch(/apt-get install chromium/);
    const help = await runCli(['scan', '--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/"verdict":null/); // the error-line shape is documented
  });
});
