/**
 * Where the bench reads data: `--data DIR`, else $INJECTION_LENS_DATA, else ../shared/data beside the repo.
 * Lists the real benign pages and loads the held-out text sets (the classifier's eval split when
 * src/train provides it; otherwise a fixed fallback of sources, labelled as such in the report).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sample } from './bench-stats';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function resolveDataDir(flag?: string): string {
  return flag ?? process.env.INJECTION_LENS_DATA ?? join(REPO_ROOT, '..', 'shared', 'data');
}

export interface LabelledText {
  source: string;
  /** 1 = injection / attack, 0 = benign (incl. hard negatives). */
  label: 0 | 1;
  text: string;
}

export interface TextSet {
  /** Where the split comes from, said in the report. */
  origin: string;
  items: LabelledText[];
}

/** Every .html page under pages/, relative paths, sorted. */
export function listRealPages(dataDir: string): string[] {
  const root = join(dataDir, 'pages');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.html?$/i.test(name)) out.push(relative(root, full));
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

const textDir = (dataDir: string) => join(dataDir, 'text');

function linesOf(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length >= 8);
}

function jsonlField(path: string, field: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      try {
        return String(JSON.parse(l)[field] ?? '');
      } catch {
        return '';
      }
    })
    .filter((t) => t.trim().length >= 8);
}

function jsonPrompts(path: string, keep: (r: Record<string, unknown>) => boolean = () => true): string[] {
  const rows = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
  return rows.filter(keep).map((r) => String(r.prompt ?? r.text ?? '')).filter((t) => t.trim().length >= 8);
}

/**
 * Fallback held-out sources, used only when src/train has no eval split: two attack families and two
 * benign families. They may overlap what the model trained on; the report says which split was used.
 */
function fallbackTextSet(dataDir: string, perSource: number): TextSet {
  const t = textDir(dataDir);
  const tt = join(t, 'microsoft__TaskTracker/task_tracker/dataset_creation/datasets');
  const groups: [string, 0 | 1, () => string[]][] = [
    ['TaskTracker (test injections, adaptive, PAIR)', 1, () => [
      ...linesOf(join(tt, 'saved_injections_test.txt')),
      ...linesOf(join(tt, 'llm_adaptive_attacks.txt')),
      ...linesOf(join(tt, 'jailbreaks_pair_attack.txt')),
    ]],
    ['tensor-trust hijacking', 1, () =>
      jsonlField(join(t, 'HumanCompatibleAI__tensor-trust-data/benchmarks/hijacking-robustness/v1/hijacking_robustness_dataset.jsonl'), 'attack')],
    ['PIGuard NotInject (hard negatives)', 0, () =>
      ['one', 'two', 'three'].flatMap((n) => jsonPrompts(join(t, `leolee99__PIGuard/datasets/NotInject_${n}.json`)))],
    ['PIGuard wildguard benign', 0, () =>
      jsonPrompts(join(t, 'leolee99__PIGuard/datasets/wildguard.json'), (r) => r.label === 0 || r.label === undefined)],
  ];
  const items: LabelledText[] = [];
  for (const [source, label, load] of groups) {
    let texts: string[] = [];
    try {
      texts = [...new Set(load())];
    } catch {
      continue; // a source missing from this data copy is left out, and the table shows it
    }
    for (const text of sample(texts, perSource, 7)) items.push({ source, label, text });
  }
  return { origin: 'bench fallback sources (src/train eval split not found; may overlap training)', items };
}

/**
 * The classifier issue's held-out split (src/train: whole sources never trained on, nor used for the
 * threshold): attacks → label 1, benign and hard negatives → label 0, grouped by subset. Falls back to a
 * fixed set of sources when the training code is not importable.
 */
export async function loadHeldOutTexts(dataDir: string, perSource: number): Promise<TextSet> {
  let train: {
    loadTextSources: (dir: string) => { text: string; source: string; subset: string; role: string }[];
    splitOf: (t: { text: string; source: string; subset: string; role: string }) => string;
    HELD_OUT_ATTACK_SOURCES: string[];
    HELD_OUT_BENIGN_SOURCES: string[];
    HELD_OUT_SUBSETS: string[];
  };
  try {
    // Variable specifiers: the bench must still run (on the fallback) if the training code moves.
    const sourcesPath = '../../src/train/load-sources';
    const datasetPath = '../../src/train/build-dataset';
    train = { ...(await import(sourcesPath)), ...(await import(datasetPath)) };
  } catch (err) {
    const set = fallbackTextSet(dataDir, perSource);
    return { ...set, origin: `${set.origin}: ${(err as Error).message.split('\n')[0]}` };
  }
  const groups = new Map<string, { label: 0 | 1; texts: Set<string> }>();
  for (const t of train.loadTextSources(dataDir)) {
    if (train.splitOf(t) !== 'heldout') continue;
    const label = t.role === 'attack' ? 1 : t.role === 'benign' || t.role === 'hard-negative' ? 0 : null;
    if (label === null || t.text.trim().length < 8) continue;
    const key = `${t.subset} (${t.source})`;
    const g = groups.get(key) ?? { label, texts: new Set<string>() };
    g.texts.add(t.text);
    groups.set(key, g);
  }
  const items: LabelledText[] = [];
  for (const [source, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const text of sample([...g.texts], perSource, 7)) items.push({ source, label: g.label, text });
  }
  const held = [...train.HELD_OUT_ATTACK_SOURCES, ...train.HELD_OUT_BENIGN_SOURCES, ...train.HELD_OUT_SUBSETS].join(', ');
  return { origin: `the classifier's held-out sources (src/train/build-dataset.ts: ${held})`, items };
}
