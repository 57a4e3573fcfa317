/**
 * `npm run train -- --data ../shared/data`: loads the public data, builds the split (see build-dataset.ts),
 * trains each candidate, picks the threshold on validation page segments of training pages (≤ 0.5% flagged),
 * compares candidates on held-out sources, and writes the winner to models/ (ONNX + config) with a summary.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDataset, unlabelledForTraining } from './build-dataset';
import { heldOutNotInject } from './evaluate';
import { ALL_CANDIDATES, EXTRA_CANDIDATES, fitCandidate, isCnnCandidate } from './candidates';
import { parseTrainArgs } from './cli-args';
import { loadTextSources, loadUnlabelledTexts } from './load-sources';
import { loadTrainingPages } from './scanned-pages';
import { DATASET_OPTIONS, NOTINJECT_TARGET, PAGE_FPR_BUDGET } from './dataset-options';
import { rate, rocAuc, thresholdForFpr, tprAtFpr } from './metrics';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  const args = parseTrainArgs(process.argv.slice(2), REPO_ROOT);
  const t0 = performance.now();
  const log = (s: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0)}s] ${s}`);
  const texts = loadTextSources(args.data);
  const { pages, from: pageText } = loadTrainingPages(args.data, { log });
  log(`page text: ${pageText === 'scanner' ? "the extension's scanner (scan --segments)" : 'html-text.ts approximation'}`);
  if (texts.length === 0 || pages.length === 0) throw new Error(`no data under ${args.data} (pass --data DIR)`);
  const ds = buildDataset(texts, pages, { seed: args.seed, ...DATASET_OPTIONS });
  log(`texts ${texts.length}, pages ${pages.length}; train ${ds.train.length} val ${ds.val.length} test ${ds.test.length} heldout ${ds.heldout.length}`);

  const valPages = ds.val.filter((e) => e.subset === 'page-segment').map((e) => e.text);
  // validation rows of the training sources: a yardstick for settings that does not read the held-out sources
  const valPos = ds.val.filter((e) => e.label === 1).map((e) => e.text);
  const valNeg = ds.val.filter((e) => e.label === 0 && e.subset !== 'page-segment').map((e) => e.text);
  const heldPos = ds.heldout.filter((e) => e.label === 1).map((e) => e.text);
  // the over-defence target is a constraint on the choice below, measured as `npm run eval` measures it
  const notInject = heldOutNotInject(ds).map((e) => e.text);
  const heldNeg = [...ds.heldout.filter((e) => e.label === 0), ...ds.test.filter((e) => e.subset === 'page-segment')].map((e) => e.text);
  const names = args.candidate?.split(',');
  const known = [...ALL_CANDIDATES, ...EXTRA_CANDIDATES];
  const candidates = names ? known.filter((c) => names.includes(c.name)) : ALL_CANDIDATES;
  if (candidates.length === 0) throw new Error(`unknown candidate ${args.candidate} (have ${known.map((c) => c.name).join(', ')})`);
  // read (and unpacked) only when a candidate pretrains on it
  const unlabelled = candidates.some((c) => isCnnCandidate(c) && c.train.pretrainOnUnlabelled) ? unlabelledForTraining(loadUnlabelledTexts(args.data)) : [];
  if (unlabelled.length) log(`unlabelled texts for pretraining: ${unlabelled.length}`);
  const results = [];
  for (const c of candidates) {
    log(`candidate ${c.name}: ${c.description}`);
    const tc = performance.now();
    const cpu0 = process.cpuUsage();
    const fitted = fitCandidate(c, ds.train, { seed: args.seed, epochs: args.epochs ?? undefined, unlabelled, log });
    const trainSeconds = Math.round((performance.now() - tc) / 1000);
    // CPU seconds alongside wall seconds: on this shared machine the wall clock mostly measures the neighbours
    const cpu = process.cpuUsage(cpu0);
    // a reused ensemble member's training counts towards the candidate that uses it, as if trained again
    const trainCpuSeconds = Math.round((cpu.user + cpu.system) / 1e6 + (fitted.reusedCpuSeconds ?? 0));
    const valPageScores = fitted.score(valPages);
    const threshold = thresholdForFpr(valPageScores, PAGE_FPR_BUDGET);
    const vPos = fitted.score(valPos);
    const vTextNeg = fitted.score(valNeg);
    const vNeg = [...vTextNeg, ...valPageScores];
    const pos = fitted.score(heldPos);
    const neg = fitted.score(heldNeg);
    const r = {
      name: c.name,
      threshold,
      auc: rocAuc(pos, neg),
      tpr1: tprAtFpr(pos, neg, 0.01),
      valAuc: rocAuc(vPos, vNeg),
      valTpr1: tprAtFpr(vPos, vNeg, 0.01),
      // benign instruction-like validation texts flagged at the page threshold: the over-defence signal selection may use
      valTextFpr: vTextNeg.filter((s) => s >= threshold).length / Math.max(1, vTextNeg.length),
      notInjectAccuracy: 1 - rate(fitted.score(notInject), threshold),
      fitted,
      candidate: c,
      trainSeconds,
      trainCpuSeconds,
    };
    log(
      `${c.name}: threshold ${threshold.toFixed(4)} validation AUC ${r.valAuc.toFixed(4)} TPR@1%FPR ${r.valTpr1.toFixed(4)} text FPR@threshold ${r.valTextFpr.toFixed(4)}; ` +
        `held-out AUC ${r.auc.toFixed(4)} TPR@1%FPR ${r.tpr1.toFixed(4)} NotInject three ${r.notInjectAccuracy.toFixed(4)} (trained in ${trainSeconds}s, ${trainCpuSeconds} CPU-s)`,
    );
    results.push(r);
  }
  // The issue: ship the best on held-out sources — among the candidates that keep its over-defence target; only if
  // none does, the best regardless (the card then shows the target missed).
  const eligible = results.filter((r) => r.notInjectAccuracy >= NOTINJECT_TARGET);
  const best = (eligible.length ? eligible : results).reduce((a, b) => (b.tpr1 > a.tpr1 ? b : a));
  const passedOver = results.filter((r) => r.tpr1 > best.tpr1).map((r) => `${r.name} (NotInject three ${(100 * r.notInjectAccuracy).toFixed(1)}%)`);
  if (passedOver.length) log(`higher on held-out but below the NotInject target ${NOTINJECT_TARGET}: ${passedOver.join(', ')}`);
  const version = `${best.name}-${new Date().toISOString().slice(0, 10)}-s${args.seed}`;
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, 'injection-lens.onnx'), best.fitted.exportOnnx(`Injection Lens ${version}`));
  const config = {
    version,
    threshold: Number(best.threshold.toFixed(6)),
    featuriser: best.candidate.featuriser,
    inputIds: 'ids',
    // a token graph reads ids only (featuriser.kind says so); a bag graph also reads pooling weights
    ...(isCnnCandidate(best.candidate) ? {} : { inputWeights: 'weights' }),
    output: 'score',
    architecture: best.candidate.description,
    seed: args.seed,
    pageText,
    trainSeconds: Math.round((performance.now() - t0) / 1000),
    trainCpuSeconds: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1e6),
    candidates: results.map((r) => ({
      name: r.name,
      description: r.candidate.description,
      threshold: r.threshold,
      heldoutAuc: r.auc,
      heldoutTprAt1Fpr: r.tpr1,
      validationAuc: r.valAuc,
      validationTprAt1Fpr: r.valTpr1,
      notInjectAccuracy: r.notInjectAccuracy,
      trainSeconds: r.trainSeconds,
      trainCpuSeconds: r.trainCpuSeconds,
    })),
  };
  writeFileSync(join(args.out, 'model-config.json'), `${JSON.stringify(config, null, 2)}\n`);
  log(`wrote ${version} to ${args.out} (whole run ${config.trainSeconds}s, ${config.trainCpuSeconds} CPU-s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
