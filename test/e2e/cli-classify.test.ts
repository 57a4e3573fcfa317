/**
 * `injection-lens classify` end to end: spawns the real CLI (node src/cli/bin.mjs) on fixture JSONL files.
 * Expectations follow from the shipped model + rules: an obvious injection is flagged, a recipe is not.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = `${ROOT}test/fixtures/cli`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  lines: Record<string, unknown>[];
}

function runCli(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}src/cli/bin.mjs`, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      resolve({ status, stdout, stderr, lines });
    });
    child.stdin.end(stdin ?? '');
  });
}

describe('classify', () => {
  test('scores every line in input order, ids from the input or the line number', async () => {
    const run = await runCli(['classify', `${FIXTURES}/classify.jsonl`]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.lines.map((l) => l.id)).toEqual(['inj-override', 'inj-exfil', 'recipe', 42, 4, 'smuggled']);
    for (const line of run.lines) {
      expect(Object.keys(line)).toEqual(['id', 'score', 'flagged', 'reasons']);
      expect(line.score).toBeGreaterThanOrEqual(0);
      expect(line.score).toBeLessThanOrEqual(1);
      expect(Array.isArray(line.reasons)).toBe(true);
    }
    const byId = new Map(run.lines.map((l) => [l.id, l]));
    expect(byId.get('inj-override')!.flagged).toBe(true);
    expect(byId.get('inj-exfil')!.flagged).toBe(true);
    expect(byId.get('recipe')!.flagged).toBe(false);
    expect(byId.get(42)!.flagged).toBe(false);
    expect(byId.get(4)!.flagged).toBe(false);
    // The injection rides in invisible Unicode tag characters: read as an agent would, it is caught.
    expect(byId.get('smuggled')!.flagged).toBe(true);
    expect(byId.get('inj-override')!.score as number).toBeGreaterThan(byId.get('recipe')!.score as number);
  });

  test('a bad line gets an error line in its place and the run goes on', async () => {
    const run = await runCli(['classify', `${FIXTURES}/classify-bad-lines.jsonl`]);
    expect(run.status, run.stderr).toBe(0);
    // Line 4 is blank: skipped, but still counted for ids.
    expect(run.lines.map((l) => l.id)).toEqual(['ok-1', 1, 2, 'no-text', 5, 'ok-2']);
    const errors = run.lines.filter((l) => 'error' in l);
    expect(errors.map((l) => l.id)).toEqual([1, 2, 'no-text', 5]);
    for (const e of errors) {
      expect(e).toMatchObject({ score: null, flagged: null, reasons: [] });
      expect(typeof e.error).toBe('string');
    }
    expect(run.lines[1].error).toMatch(/invalid JSON/);
    expect(run.lines[0].flagged).toBe(true);
    expect(run.lines[5].flagged).toBe(false);
  });

  test('reads stdin when the file is "-" or absent', async () => {
    const input = readFileSync(`${FIXTURES}/classify.jsonl`, 'utf8');
    const fromFile = await runCli(['classify', `${FIXTURES}/classify.jsonl`]);
    const dash = await runCli(['classify', '-'], input);
    const absent = await runCli(['classify', '--batch', '2'], input);
    expect(dash.lines).toEqual(fromFile.lines);
    // Batch size changes nothing but speed.
    expect(absent.lines).toEqual(fromFile.lines);
  });

  test('usage errors exit 2 with a hint on stderr; --help documents the line formats', async () => {
    const missing = await runCli(['classify', `${FIXTURES}/no-such-file.jsonl`]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--help/);
    const bogus = await runCli(['classify', '--frobnicate']);
    expect(bogus.status).toBe(2);
    const help = await runCli(['classify', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('"flagged"');
    expect(help.stdout).toMatch(/error line/);
  });
});
