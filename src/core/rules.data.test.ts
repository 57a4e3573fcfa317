/**
 * Measures the rules on the shared data (never copied into the repo): share of texts with any rule hit, and share
 * judged "moderate or stronger" by the rules alone (ruleScore ≥ MODERATE_RULE_SCORE), per source. Positives should hit
 * often, hard negatives rarely. Skipped, saying why, when the data folder is absent.
 * Data path: env INJECTION_LENS_DATA, default ../shared/data relative to the repo root.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODERATE_RULE_SCORE } from './analyse';
import { evaluateRules, ruleScore } from './rules';

const DATA = resolve(process.env.INJECTION_LENS_DATA ?? resolve(__dirname, '../../../shared/data'));
const TEXT = join(DATA, 'text');
const present = existsSync(TEXT);
if (!present) console.warn(`rules.data.test: skipped, no data at ${DATA} (set INJECTION_LENS_DATA)`);

/** Cap per source keeps the run short on a shared 2-core machine. */
const MAX_PER_SOURCE = 1500;

function readJson(rel: string): unknown {
  return JSON.parse(readFileSync(join(TEXT, rel), 'utf8'));
}
function readJsonl(rel: string): Record<string, unknown>[] {
  return readFileSync(join(TEXT, rel), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
function strings(xs: unknown[]): string[] {
  return xs.filter((x): x is string => typeof x === 'string' && x.trim().length > 0).slice(0, MAX_PER_SOURCE);
}
/** The second column of awesome-chatgpt-prompts' prompts.csv (RFC 4180 quoting). */
function csvSecondColumn(text: string): string[] {
  const out: string[] = [];
  let field = '';
  let col = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') {
      if (col === 1) out.push(field);
      field = '';
      col = c === ',' ? col + 1 : 0;
    } else field += c;
  }
  return out.slice(1);
}
function tldrPages(): string[] {
  const root = join(TEXT, 'tldr-pages__tldr/pages');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (out.length >= MAX_PER_SOURCE) return;
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.md')) out.push(readFileSync(join(dir, e.name), 'utf8'));
    }
  };
  walk(root);
  return out;
}

type Source = { name: string; kind: 'POS' | 'HN'; load: () => string[] };
const PI = 'meta-llama__PurpleLlama/CybersecurityBenchmarks/datasets/prompt_injection';
const DOJO = 'ethz-spylab__agentdojo__via_sequrity-ai_fork/extracted.jsonl';
const SOURCES: Source[] = [
  { name: 'agentdojo rendered', kind: 'POS', load: () => strings(readJsonl(DOJO).filter((r) => r.kind === 'rendered_injection').map((r) => r.text)) },
  { name: 'cyberseceval en', kind: 'POS', load: () => strings((readJson(`${PI}/prompt_injection.json`) as { user_input: string }[]).map((r) => r.user_input)) },
  { name: 'cyberseceval multi', kind: 'POS', load: () => strings((readJson(`${PI}/prompt_injection_multilingual_machine_translated.json`) as { user_input: string }[]).map((r) => r.user_input)) },
  { name: 'ASB attacker instr.', kind: 'POS', load: () => strings(readJsonl('Zhang-Henry__AIOS_agent_ASB/data/all_attack_tools.jsonl').map((r) => r['Attacker Instruction'])) },
  { name: 'BIPIA text attacks', kind: 'POS', load: () => strings(Object.values(readJson('microsoft__BIPIA/benchmark/text_attack_test.json') as Record<string, string[]>).flat()) },
  { name: 'agentdojo user tasks', kind: 'HN', load: () => strings(readJsonl(DOJO).filter((r) => r.kind === 'user_task_prompt').map((r) => r.text)) },
  { name: 'NotInject', kind: 'HN', load: () => strings(['one', 'two', 'three'].flatMap((k) => (readJson(`leolee99__PIGuard/datasets/NotInject_${k}.json`) as { prompt: string }[]).map((r) => r.prompt))) },
  { name: 'act-as prompts', kind: 'HN', load: () => strings(csvSecondColumn(readFileSync(join(TEXT, 'f__awesome-chatgpt-prompts/prompts.csv'), 'utf8'))) },
  { name: 'tldr pages', kind: 'HN', load: tldrPages },
];

describe.skipIf(!present)('rules on the shared data (measurement)', () => {
  it('hits positives far more often than hard negatives', () => {
    const rows: { source: string; kind: string; n: number; anyHit: string; moderate: string }[] = [];
    const totals = { POS: { n: 0, moderate: 0 }, HN: { n: 0, moderate: 0 } };
    for (const s of SOURCES) {
      let texts: string[];
      try {
        texts = s.load();
      } catch (e) {
        console.warn(`rules.data.test: ${s.name} unreadable (${String(e)})`);
        continue;
      }
      let any = 0;
      let moderate = 0;
      for (const t of texts) {
        const hits = evaluateRules(t);
        if (hits.length > 0) any++;
        if (ruleScore(hits) >= MODERATE_RULE_SCORE) moderate++;
      }
      totals[s.kind].n += texts.length;
      totals[s.kind].moderate += moderate;
      const pct = (k: number): string => `${((100 * k) / Math.max(1, texts.length)).toFixed(1)}%`;
      rows.push({ source: s.name, kind: s.kind, n: texts.length, anyHit: pct(any), moderate: pct(moderate) });
    }
    console.table(rows);
    const posRate = totals.POS.moderate / Math.max(1, totals.POS.n);
    const hnRate = totals.HN.moderate / Math.max(1, totals.HN.n);
    console.log(`moderate+ rate: positives ${(100 * posRate).toFixed(1)}%, hard negatives ${(100 * hnRate).toFixed(2)}%`);
    expect(totals.POS.n).toBeGreaterThan(0);
    expect(hnRate).toBeLessThan(0.02);
    expect(posRate).toBeGreaterThan(hnRate * 5);
  });
});
