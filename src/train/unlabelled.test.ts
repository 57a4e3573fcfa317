/**
 * The unlabelled pretraining corpus: which runs may read which texts, and (with ../shared/data present) what the
 * reader gets out of the compressed Tensor Trust dump.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELD_OUT_ATTACK_SOURCES, unlabelledForTraining } from './build-dataset';
import { loadUnlabelledTexts } from './load-sources';

const DATA = resolve(process.env.INJECTION_LENS_DATA ?? resolve(__dirname, '../../../shared/data'));
const HAS_DUMP = existsSync(resolve(DATA, 'text/HumanCompatibleAI__tensor-trust-data/raw-data/v1/raw_dump_defenses.jsonl.bz2'));
if (!HAS_DUMP) console.warn(`unlabelled corpus test skipped: no Tensor Trust dump under ${DATA}`);

describe('unlabelledForTraining', () => {
  const texts = [
    { text: 'a defence', source: 'HumanCompatibleAI__tensor-trust-data' },
    { text: 'text of the held-out family', source: HELD_OUT_ATTACK_SOURCES[0] },
    { text: 'a held-out benign instruction', source: 'yizhongw__self-instruct' },
  ];

  it('keeps nothing from a source the run holds out', () => {
    expect(unlabelledForTraining(texts)).toEqual(['a defence']);
  });

  it("drops a leave-one-family-out fold's own family", () => {
    expect(unlabelledForTraining(texts, ['HumanCompatibleAI__tensor-trust-data'])).toEqual(['text of the held-out family']);
  });
});

describe.skipIf(!HAS_DUMP)('loadUnlabelledTexts on ../shared/data', () => {
  it('reads every stream of the .bz2 dump: tens of thousands of distinct defences, none trivially short', () => {
    const texts = loadUnlabelledTexts(DATA);
    expect(texts.length).toBeGreaterThan(20_000);
    expect(new Set(texts.map((t) => t.text)).size).toBe(texts.length);
    expect(texts.every((t) => t.text.length >= 40 && t.source === 'HumanCompatibleAI__tensor-trust-data')).toBe(true);
  });
});
