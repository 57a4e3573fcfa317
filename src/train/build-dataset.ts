/**
 * Sources → labelled examples, split by source AND by row.
 *
 * Held out entirely (never trained on, never used to pick the threshold):
 *   - attack family: microsoft__TaskTracker (trigger preambles, PAIR jailbreaks, adaptive attacks, translated tasks)
 *   - benign family: lm-sys__FastChat + yizhongw__self-instruct (instruction-like questions and tasks)
 *   - NotInject_three (the over-defence check; NotInject one/two are trained on as hard negatives)
 * Every other source is split by a hash of its normalised text: 80% train, 10% validation, 10% test.
 * Pages are split by page (hash of the path): 70% train, 15% validation, 15% test.
 */
import { createHash } from 'node:crypto';
import type { PageDoc, SourceText, UnlabelledText } from './load-sources';
import { EVASIONS, EVASION_NAMES } from './evasions';
import { makeRng, pick, shuffleInPlace, type Rng } from './rng';
import { synthBenign, synthInjection } from './synth-injections';
import { synthTriggerBenign } from './synth-trigger-benign';

export const HELD_OUT_ATTACK_SOURCES = ['microsoft__TaskTracker'];
export const HELD_OUT_BENIGN_SOURCES = ['lm-sys__FastChat', 'yizhongw__self-instruct'];
export const HELD_OUT_SUBSETS = ['notinject/three'];

export type Split = 'train' | 'val' | 'test' | 'heldout';

export interface Example {
  text: string;
  label: 0 | 1;
  /** Source folder, or `pages/<folder>` for page segments. */
  source: string;
  subset: string;
  split: Split;
  weight: number;
  /** Evasion applied, when this is an augmented copy. */
  evasion?: string;
  /** Page id, for page segments. */
  page?: string;
}

export function hashUnit(s: string): number {
  return createHash('sha1').update(s).digest().readUInt32BE(0) / 4294967296;
}

function key(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function rowSplit(text: string): Split {
  const u = hashUnit(`row:${key(text)}`);
  return u < 0.8 ? 'train' : u < 0.9 ? 'val' : 'test';
}

export function pageSplit(id: string): Split {
  const u = hashUnit(`page:${id}`);
  return u < 0.7 ? 'train' : u < 0.85 ? 'val' : 'test';
}

/** The unlabelled texts a run may pretrain on: none from a source that run holds out. */
export function unlabelledForTraining(texts: readonly UnlabelledText[], heldOutAttacks: readonly string[] = HELD_OUT_ATTACK_SOURCES): string[] {
  return texts.filter((t) => !heldOutAttacks.includes(t.source) && !HELD_OUT_BENIGN_SOURCES.includes(t.source)).map((t) => t.text);
}

/** `heldOutAttacks` replaces the shipped split's held-out attack family (leave-one-family-out runs). */
export function splitOf(t: SourceText, heldOutAttacks: readonly string[] = HELD_OUT_ATTACK_SOURCES): Split {
  if (heldOutAttacks.includes(t.source) || HELD_OUT_BENIGN_SOURCES.includes(t.source) || HELD_OUT_SUBSETS.includes(t.subset)) return 'heldout';
  return rowSplit(t.text);
}

/** Agent-facing attacks (browse, summarise, shop, mail) count more: that is what pages carry. */
function attackWeight(subset: string): number {
  if (/agentdojo|asb|spikee\/document|bipia/.test(subset)) return 2;
  if (/inthewild|dan|tensor-trust/.test(subset)) return 0.7;
  // machine-translated copies of the same attacks: enough to learn other languages, not "foreign script = attack"
  if (/multilingual/.test(subset)) return 0.3;
  return 1;
}

/** Put `attack` into `context` at the start, middle (sentence boundary) or end, keeping the window short. */
export function embed(context: string, attack: string, rng: Rng, maxContextChars = 360): string {
  let c = context;
  if (c.length > maxContextChars) {
    const start = Math.floor(rng() * (c.length - maxContextChars));
    c = c.slice(start, start + maxContextChars);
  }
  const where = rng();
  const sep = pick(['\n', ' ', '\n\n', ' | '], rng);
  if (where < 0.33) return attack + sep + c;
  if (where < 0.66) {
    const cut = c.indexOf('. ', Math.floor(c.length / 3));
    const at = cut > 0 ? cut + 2 : Math.floor(c.length / 2);
    return c.slice(0, at) + sep + attack + sep + c.slice(at);
  }
  return c + sep + attack;
}

export interface DatasetOptions {
  seed: number;
  /** Embedded copies per attack. */
  embedPerAttack: number;
  /** Probability of adding one evasion-augmented copy of a training positive. */
  augmentRate: number;
  /** Weight of benign instruction-like texts (they sit closest to attacks). */
  hardNegativeWeight: number;
  /** Synthetic agent-directed injections to generate (training/validation only; never in test or held-out). */
  synthetic: number;
  /** Synthetic benign texts using injection trigger words in their everyday sense (training/validation only). */
  triggerBenign: number;
  /** Attack source folders to hold out instead of HELD_OUT_ATTACK_SOURCES (leave-one-family-out). */
  heldOutAttackSources?: readonly string[];
}

export interface Dataset {
  train: Example[];
  val: Example[];
  test: Example[];
  heldout: Example[];
}

export function buildDataset(texts: SourceText[], pages: PageDoc[], opts: DatasetOptions): Dataset {
  const rng = makeRng(opts.seed);
  const all: Example[] = [];
  const heldOutAttacks = opts.heldOutAttackSources ?? HELD_OUT_ATTACK_SOURCES;
  const splitFor = (t: SourceText) => splitOf(t, heldOutAttacks);
  const heldKeys = new Set(texts.filter((t) => splitFor(t) === 'heldout').map((t) => key(t.text)));

  const contexts: Record<Split, string[]> = { train: [], val: [], test: [], heldout: [] };
  const attacks: Record<Split, SourceText[]> = { train: [], val: [], test: [], heldout: [] };
  const injectionSlots: SourceText[] = [];
  for (const t of texts) {
    const split = splitFor(t);
    if (split !== 'heldout' && heldKeys.has(key(t.text))) continue; // a copy of a held-out text never trains
    if (t.role === 'context') {
      if (t.text.includes('{injection_')) injectionSlots.push(t);
      else contexts[split].push(t.text);
      all.push({ text: t.text, label: 0, source: t.source, subset: t.subset, split, weight: 1 });
    } else if (t.role === 'attack' || t.role === 'template') {
      attacks[split].push(t);
      if (t.role === 'attack') all.push({ text: t.text, label: 1, source: t.source, subset: t.subset, split, weight: attackWeight(t.subset) });
    } else {
      all.push({ text: t.text, label: 0, source: t.source, subset: t.subset, split, weight: t.role === 'hard-negative' ? opts.hardNegativeWeight : 1 });
    }
  }
  for (const p of pages) {
    const split = pageSplit(p.id);
    for (const s of p.segments) {
      all.push({ text: s, label: 0, source: `pages/${p.source}`, subset: 'page-segment', split, weight: 1, page: p.id });
      if (s.length >= 80) contexts[split].push(s);
    }
  }
  // documents with embedded injections: attacks of a split inside contexts of the same split
  const rendered = attacks.train.filter((a) => a.subset === 'agentdojo/rendered_injection');
  for (const split of ['train', 'val', 'test', 'heldout'] as Split[]) {
    const ctx = split === 'heldout' ? contexts.test : contexts[split]; // held-out attacks go into unseen (test) pages
    if (ctx.length === 0) continue;
    for (const a of attacks[split]) {
      const n = a.role === 'template' ? opts.embedPerAttack + 1 : opts.embedPerAttack;
      for (let k = 0; k < n; k++) {
        all.push({ text: embed(pick(ctx, rng), a.text, rng), label: 1, source: a.source, subset: `${a.subset}+embedded`, split, weight: attackWeight(a.subset) });
      }
    }
  }
  // AgentDojo environment chunks with their injection slots filled by (training) rendered injections
  for (const t of injectionSlots) {
    const split = rowSplit(t.text);
    for (let k = 0; k < 3 && rendered.length; k++) {
      const text = t.text.replace(/\{injection_[a-z0-9_]*\}/gi, () => pick(rendered, rng).text);
      all.push({ text, label: 1, source: t.source, subset: 'agentdojo/environment+injection', split, weight: 2 });
    }
  }
  // synthetic page-shaped injections (and human-addressed look-alikes), standalone and embedded in page text
  for (let k = 0; k < opts.synthetic; k++) {
    const text = synthInjection(rng);
    const split = rowSplit(text);
    if (split === 'train' || split === 'val') {
      all.push({ text, label: 1, source: 'synthetic', subset: 'synthetic/injection', split, weight: 1 });
      if (contexts[split].length) all.push({ text: embed(pick(contexts[split], rng), text, rng), label: 1, source: 'synthetic', subset: 'synthetic/injection+embedded', split, weight: 1.5 });
    }
    const benign = synthBenign(rng);
    const bs = rowSplit(benign + k);
    if (bs === 'train' || bs === 'val') all.push({ text: benign, label: 0, source: 'synthetic', subset: 'synthetic/benign', split: bs, weight: 1 });
  }
  // the words of injections in their everyday senses, weighted as the hard negatives they are
  for (let k = 0; k < opts.triggerBenign; k++) {
    const text = synthTriggerBenign(rng);
    const split = rowSplit(text); // by text: a repeated draw stays in one split
    if (split === 'train' || split === 'val') all.push({ text, label: 0, source: 'synthetic', subset: 'synthetic/trigger-benign', split, weight: opts.hardNegativeWeight });
  }
  const ds: Dataset = { train: [], val: [], test: [], heldout: [] };
  for (const e of all) ds[e.split].push(e);
  // adversarial augmentation: evasion copies of training positives (and a few negatives, so odd spelling alone
  // is not a cue)
  const extra: Example[] = [];
  for (const e of ds.train) {
    const rate = e.label === 1 ? opts.augmentRate : 0.03;
    if (rng() >= rate) continue;
    const name = pick(EVASION_NAMES, rng);
    if (e.label === 0 && /decode|translation|paraphrase/.test(name)) continue;
    extra.push({ ...e, text: EVASIONS[name](e.text, rng), evasion: name });
  }
  ds.train.push(...extra);
  shuffleInPlace(ds.train, rng);
  return ds;
}
