/**
 * Quality floor of the shipped model on the public data (`../shared/data`, or INJECTION_LENS_DATA). Skipped, with a
 * message, when the data is absent. The full figures come from `npm run eval` (models/MODEL_CARD.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadShippedClassifier } from '../model/load-node';
import { buildDataset } from './build-dataset';
import { DATASET_OPTIONS } from './dataset-options';
import { evaluateClassifier } from './evaluate';
import { loadTextSources } from './load-sources';
import { loadTrainingPages } from './scanned-pages';

const DATA = resolve(process.env.INJECTION_LENS_DATA ?? resolve(__dirname, '../../../shared/data'));
const HAS_DATA = existsSync(resolve(DATA, 'text')) && existsSync(resolve(DATA, 'pages'));
if (!HAS_DATA) console.warn(`quality test skipped: no data at ${DATA} (set INJECTION_LENS_DATA)`);

describe.skipIf(!HAS_DATA)('shipped model quality on ../shared/data', () => {
  it('separates attacks from benign text and stays quiet on real pages', async () => {
    const seed = JSON.parse(readFileSync(resolve(__dirname, '../../models/model-config.json'), 'utf8')).seed as number;
    // the scanner's page segments when `npm run train`/`eval` cached them, else html-text.ts (no browser scan in a test)
    const { pages, from } = loadTrainingPages(DATA, { scan: false });
    console.log(`quality test: page text from ${from}`);
    const ds = buildDataset(loadTextSources(DATA), pages, { seed, ...DATASET_OPTIONS });
    const classifier = await loadShippedClassifier();
    const r = await evaluateClassifier(classifier, ds, seed);
    // regression floors a little under the shipped model's figures (the card has the figures and the targets)
    expect(r.trainingSourcesTest.auc).toBeGreaterThan(0.98);
    expect(r.heldout.auc).toBeGreaterThan(0.9);
    // 34.6% since the page segments among the negatives are the scanner's own (the model before scored 34.3% on them)
    expect(r.heldout.tprAt1).toBeGreaterThan(0.3);
    // the page target holds: ≤ 0.5% of benign test-page segments flagged
    expect(r.pageSegmentsTest.fpr).toBeLessThanOrEqual(0.005);
    // over-defence: the target holds, ≥ 0.90 of NotInject part three left alone
    expect(r.notInjectHeldOut.accuracy).toBeGreaterThanOrEqual(0.9);
  }, 300_000);
});
