/**
 * The numbers the model card states, computed on the shipped ONNX model through the same classifier the
 * extension uses. Every figure here is printed by `npm run eval`.
 */
import { readAsAgent } from '../core/agent-text';
import type { TextClassifier } from '../model/classifier';
import type { Dataset, Example } from './build-dataset';
import { EVASIONS, EVASION_NAMES } from './evasions';
import { rate, rocAuc, tprAtFpr } from './metrics';
import { makeRng } from './rng';

export interface RankMetrics {
  positives: number;
  negatives: number;
  auc: number;
  tprAt1: number;
  tprAt01: number;
  tprAtThreshold: number;
  fprAtThreshold: number;
}

export interface SubsetRow {
  group: string;
  subset: string;
  label: 0 | 1;
  n: number;
  /** Share flagged at the shipped threshold (detection rate for positives, FPR for negatives). */
  flagged: number;
}

export interface EvalReport {
  version: string;
  threshold: number;
  heldout: RankMetrics;
  heldoutStandalone: RankMetrics;
  heldoutEmbedded: RankMetrics;
  /** Held-out attacks minus TaskTracker's translated trivia questions (attacks only in context, see card). */
  heldoutWithoutContextOnly: RankMetrics;
  trainingSourcesTest: RankMetrics;
  subsets: SubsetRow[];
  notInjectHeldOut: { n: number; accuracy: number };
  notInjectAll: { n: number; accuracy: number };
  pageSegmentsTest: { n: number; fpr: number; pages: number; pagesWithAnyFlag: number };
  pageSegmentsAll: { n: number; fpr: number };
  robustness: { evasion: string; heldout: number; trainingTest: number }[];
  robustnessN: { heldout: number; trainingTest: number };
}

/** The over-defence set: NotInject part three, held out (parts one and two are trained on). */
export function heldOutNotInject(ds: Dataset): Example[] {
  return ds.heldout.filter((e) => e.subset === 'notinject/three');
}

function metrics(pos: number[], neg: number[], threshold: number): RankMetrics {
  return {
    positives: pos.length,
    negatives: neg.length,
    auc: rocAuc(pos, neg),
    tprAt1: tprAtFpr(pos, neg, 0.01),
    tprAt01: tprAtFpr(pos, neg, 0.001),
    tprAtThreshold: rate(pos, threshold),
    fprAtThreshold: rate(neg, threshold),
  };
}

/** Scores texts the way the scanner would hand them over (readAsAgent), through the shipped classifier. */
function asAgent(c: TextClassifier): TextClassifier {
  return { version: c.version, threshold: c.threshold, score: (texts) => c.score(texts.map((t) => readAsAgent(t).text)) };
}

async function scoreAll(c: TextClassifier, examples: Example[]): Promise<Map<Example, number>> {
  const out = new Map<Example, number>();
  const CHUNK = 512;
  for (let i = 0; i < examples.length; i += CHUNK) {
    const part = examples.slice(i, i + CHUNK);
    const s = await c.score(part.map((e) => e.text));
    part.forEach((e, k) => out.set(e, s[k]));
  }
  return out;
}

export async function evaluateClassifier(
  c: TextClassifier,
  ds: Dataset,
  seed: number,
): Promise<EvalReport> {
  c = asAgent(c);
  const trainPages = ds.train.filter((e) => e.subset === 'page-segment' && !e.evasion);
  const t = c.threshold;
  const testPages = ds.test.filter((e) => e.subset === 'page-segment');
  const all = [...ds.heldout, ...ds.test];
  const score = await scoreAll(c, [...all, ...trainPages, ...ds.val.filter((e) => e.subset === 'page-segment')]);
  const s = (xs: Example[]) => xs.map((e) => score.get(e) as number);

  const heldNeg = [...ds.heldout.filter((e) => e.label === 0), ...testPages];
  const heldPos = ds.heldout.filter((e) => e.label === 1);
  const standalone = heldPos.filter((e) => !e.subset.endsWith('+embedded'));
  const embedded = heldPos.filter((e) => e.subset.endsWith('+embedded'));
  const trainPos = ds.test.filter((e) => e.label === 1);
  const trainNeg = ds.test.filter((e) => e.label === 0);

  const groups = new Map<string, Example[]>();
  for (const e of all) {
    const g = `${e.split === 'heldout' ? 'held-out' : 'training sources (test rows)'}\t${e.source}\t${e.subset}\t${e.label}`;
    const list = groups.get(g) ?? [];
    list.push(e);
    groups.set(g, list);
  }
  const subsets: SubsetRow[] = [...groups.entries()]
    .map(([g, xs]) => {
      const [group, , subset, label] = g.split('\t');
      return { group, subset: `${xs[0].source} · ${subset}`, label: Number(label) as 0 | 1, n: xs.length, flagged: rate(s(xs), t) };
    })
    .sort((a, b) => a.group.localeCompare(b.group) || b.label - a.label || a.subset.localeCompare(b.subset));

  const notInjectHeld = heldOutNotInject(ds);
  const notInjectAll = [...ds.train, ...ds.val, ...ds.test, ...ds.heldout].filter((e) => e.subset.startsWith('notinject/') && !e.evasion);
  const niScores = await c.score(notInjectAll.map((e) => e.text));

  const flaggedPages = new Set(testPages.filter((e) => (score.get(e) as number) >= t).map((e) => e.page ?? '?'));
  const testPageIds = new Set(testPages.map((e) => e.page ?? '?'));
  const allPageSegs = [...trainPages, ...ds.val.filter((e) => e.subset === 'page-segment'), ...testPages];

  // robustness: every evasion on every held-out standalone positive and on training-source test positives
  const rng = makeRng(seed + 99);
  const trainStandalone = trainPos.filter((e) => !e.subset.endsWith('+embedded') && !e.subset.includes('+injection'));
  const robustness = [];
  for (const name of ['none', ...EVASION_NAMES]) {
    const ev = (e: Example) => (name === 'none' ? e.text : EVASIONS[name](e.text, rng));
    const h = await c.score(standalone.map(ev));
    const tr = await c.score(trainStandalone.map(ev));
    robustness.push({ evasion: name, heldout: rate(h, t), trainingTest: rate(tr, t) });
  }

  return {
    version: c.version,
    threshold: t,
    heldout: metrics(s(heldPos), s(heldNeg), t),
    heldoutStandalone: metrics(s(standalone), s(heldNeg), t),
    heldoutEmbedded: metrics(s(embedded), s(heldNeg), t),
    heldoutWithoutContextOnly: metrics(s(heldPos.filter((e) => !e.subset.includes('translated_secondary_tasks'))), s(heldNeg), t),
    trainingSourcesTest: metrics(s(trainPos), s(trainNeg), t),
    subsets,
    notInjectHeldOut: { n: notInjectHeld.length, accuracy: 1 - rate(s(notInjectHeld), t) },
    notInjectAll: { n: notInjectAll.length, accuracy: 1 - rate(niScores, t) },
    pageSegmentsTest: { n: testPages.length, fpr: rate(s(testPages), t), pages: testPageIds.size, pagesWithAnyFlag: flaggedPages.size },
    pageSegmentsAll: { n: allPageSegs.length, fpr: rate(s(allPageSegs), t) },
    robustness,
    robustnessN: { heldout: standalone.length, trainingTest: trainStandalone.length },
  };
}
