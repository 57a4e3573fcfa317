/**
 * `npm run eval:lofo -- --data ../shared/data [--candidate NAME] [--families a,b] [--epochs N]` (default: the shipped
 * model's recipe, every attack family but the shipped split's held-out one)
 * Leave-one-family-out generalisation of a training recipe (see lofo.ts): one training run per attack family with
 * that family held out. Prints a table and writes models/lofo-report.json, which the model card quotes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDataset, HELD_OUT_ATTACK_SOURCES, unlabelledForTraining } from './build-dataset';
import { ALL_CANDIDATES, EXTRA_CANDIDATES, candidateOfVersion, fitCandidate, isCnnCandidate } from './candidates';
import { parseTrainArgs } from './cli-args';
import { loadTextSources, loadUnlabelledTexts } from './load-sources';
import { loadTrainingPages } from './scanned-pages';
import { attackFamilies, evaluateFold, macroMean, type FoldResult } from './lofo';
import { DATASET_OPTIONS, PAGE_FPR_BUDGET } from './dataset-options';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseTrainArgs(argv, REPO_ROOT);
  const famArg = argv.find((a) => a.startsWith('--families='))?.slice(11) ?? (argv.includes('--families') ? argv[argv.indexOf('--families') + 1] : null);
  const known = [...ALL_CANDIDATES, ...EXTRA_CANDIDATES];
  // default: the shipped model's recipe (its version starts with the candidate's name)
  const shippedVersion = () => (JSON.parse(readFileSync(join(args.out, 'model-config.json'), 'utf8')) as { version: string }).version;
  const name = args.candidate ?? candidateOfVersion(shippedVersion());
  const candidate = known.find((c) => c.name === name);
  if (!candidate) throw new Error(`unknown candidate ${name}`);
  const texts = loadTextSources(args.data);
  const { pages } = loadTrainingPages(args.data);
  if (texts.length === 0 || pages.length === 0) throw new Error(`no data under ${args.data} (pass --data DIR)`);
  // the shipped split's held-out family is already the card's headline: the folds cover the other families
  const families = famArg ? famArg.split(',') : attackFamilies(texts).filter((f) => !HELD_OUT_ATTACK_SOURCES.includes(f));
  // each fold drops its own family's unlabelled texts too (unlabelledForTraining)
  const unlabelled = isCnnCandidate(candidate) && candidate.train.pretrainOnUnlabelled ? loadUnlabelledTexts(args.data) : [];
  const t0 = performance.now();
  const log = (s: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0)}s] ${s}`);
  const rows: FoldResult[] = [];
  for (const family of families) {
    const ds = buildDataset(texts, pages, { seed: args.seed, ...DATASET_OPTIONS, heldOutAttackSources: [family] });
    const fitted = fitCandidate(candidate, ds.train, { seed: args.seed, epochs: args.epochs ?? undefined, unlabelled: unlabelledForTraining(unlabelled, [family]) });
    const r = evaluateFold(family, ds, (texts) => fitted.score(texts), PAGE_FPR_BUDGET);
    log(`${family}: n=${r.positives} AUC ${r.auc.toFixed(3)} TPR@1%FPR ${pct(r.tprAt1)} (vs pages ${pct(r.tprAt1VsPages)}) TPR@thr ${pct(r.tprAtThreshold)} page FPR ${pct(r.pageFprAtThreshold)}`);
    rows.push(r);
  }
  const summary = {
    candidate: candidate.name,
    seed: args.seed,
    epochs: args.epochs ?? candidate.train.epochs,
    seconds: Math.round((performance.now() - t0) / 1000),
    macro: {
      auc: macroMean(rows, (r) => r.auc),
      tprAt1: macroMean(rows, (r) => r.tprAt1),
      tprAt1VsPages: macroMean(rows, (r) => r.tprAt1VsPages),
      tprAtThreshold: macroMean(rows, (r) => r.tprAtThreshold),
    },
    folds: rows,
  };
  console.log(`\n| held-out family | attacks | ROC-AUC | TPR@1%FPR | TPR@1%FPR vs pages+NotInject | TPR@threshold | page FPR@threshold |`);
  console.log(`|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    console.log(`| ${r.family} | ${r.positives} | ${r.auc.toFixed(3)} | ${pct(r.tprAt1)} | ${pct(r.tprAt1VsPages)} | ${pct(r.tprAtThreshold)} | ${pct(r.pageFprAtThreshold)} |`);
  }
  const m = summary.macro;
  console.log(`| macro mean | | ${m.auc.toFixed(3)} | ${pct(m.tprAt1)} | ${pct(m.tprAt1VsPages)} | ${pct(m.tprAtThreshold)} | |`);
  if (!argv.includes('--no-write')) {
    mkdirSync(args.out, { recursive: true });
    writeFileSync(join(args.out, 'lofo-report.json'), `${JSON.stringify(summary, null, 2)}\n`);
    log(`wrote ${join(args.out, 'lofo-report.json')}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
