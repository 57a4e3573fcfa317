/**
 * `npm run eval -- --data ../shared/data`: evaluates the shipped model (models/*.onnx through the same classifier
 * the CLI uses), prints the report, and rewrites models/MODEL_CARD.md from it.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadShippedClassifier } from '../model/load-node';
import { buildDataset } from './build-dataset';
import { candidateOfVersion } from './candidates';
import { parseTrainArgs } from './cli-args';
import { evaluateClassifier } from './evaluate';
import { loadTextSources } from './load-sources';
import { loadTrainingPages } from './scanned-pages';
import { DATASET_OPTIONS } from './dataset-options';
import { renderModelCard, type LofoReport } from './model-card';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  const args = parseTrainArgs(process.argv.slice(2), REPO_ROOT);
  const config = JSON.parse(readFileSync(join(args.out, 'model-config.json'), 'utf8'));
  const texts = loadTextSources(args.data);
  const { pages, from: pageText } = loadTrainingPages(args.data);
  if (config.pageText && config.pageText !== pageText) console.warn(`the model was trained on page text from ${config.pageText}, evaluated on ${pageText}`);
  if (texts.length === 0) throw new Error(`no data under ${args.data} (pass --data DIR)`);
  const ds = buildDataset(texts, pages, { seed: config.seed ?? args.seed, ...DATASET_OPTIONS });
  const classifier = await loadShippedClassifier(args.out);
  const report = await evaluateClassifier(classifier, ds, config.seed ?? args.seed);
  let speed;
  if (!process.argv.includes('--no-speed')) {
    const { benchModelSpeed } = await import('../../test/bench/model-speed');
    speed = await benchModelSpeed(args.out);
  }
  // written by `npm run eval:lofo`; quoted only when it measured the shipped recipe
  const lofoPath = join(args.out, 'lofo-report.json');
  const lofoAll = existsSync(lofoPath) ? (JSON.parse(readFileSync(lofoPath, 'utf8')) as LofoReport) : undefined;
  const lofo = lofoAll && candidateOfVersion(config.version) === lofoAll.candidate ? lofoAll : undefined;
  if (lofoAll && !lofo) console.warn(`models/lofo-report.json measured ${lofoAll.candidate}, not the shipped model: rerun npm run eval:lofo`);
  const card = renderModelCard({ report, config, modelBytes: statSync(join(args.out, 'injection-lens.onnx')).size, speed, lofo, pageText });
  console.log(card);
  writeFileSync(join(args.out, 'MODEL_CARD.md'), card);
  writeFileSync(join(args.out, 'eval-report.json'), `${JSON.stringify({ ...report, speed }, null, 2)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
