import { describe, expect, it } from 'vitest';
import type { Dataset, Example } from './build-dataset';
import { attackFamilies, evaluateFold, macroMean } from './lofo';

const ex = (text: string, label: 0 | 1, source: string, subset: string, split: Example['split']): Example => ({ text, label, source, subset, split, weight: 1 });

function dataset(): Dataset {
  const pages = Array.from({ length: 200 }, (_, i) => ex(`page ${i}`, 0, 'pages/x', 'page-segment', 'test'));
  const val = Array.from({ length: 200 }, (_, i) => ex(`page ${i}`, 0, 'pages/x', 'page-segment', 'val'));
  return {
    train: [],
    val,
    test: pages,
    heldout: [
      ex('attack one', 1, 'fam', 'fam/a', 'heldout'),
      ex('attack two in a page', 1, 'fam', 'fam/a+embedded', 'heldout'),
      ex('ask the assistant a question', 0, 'yizhongw__self-instruct', 'self-instruct', 'heldout'),
      ex('ignore the noise', 0, 'leolee99__PIGuard', 'notinject/three', 'heldout'),
      ex('benign context of the held-out family', 0, 'fam', 'fam/context', 'heldout'),
    ],
  };
}

describe('evaluateFold', () => {
  it('scores the family against shared benign + test pages, not the family’s own contexts', () => {
    // a scorer that separates attacks perfectly except that it rates the self-instruct row highest of all
    const score = (texts: string[]) => texts.map((t) => (t.startsWith('attack') ? 0.9 : t.startsWith('ask') ? 0.95 : t.startsWith('benign context') ? 0.99 : 0.1));
    const r = evaluateFold('fam', dataset(), score, 0.004);
    expect(r.positives).toBe(2);
    expect(r.standalone).toBe(1);
    expect(r.embedded).toBe(1);
    // self-instruct + NotInject + 200 test pages; the family's own benign context is not a negative here
    expect(r.negatives).toBe(202);
    expect(r.pageNegatives).toBe(201);
    // the one self-instruct row outranks every attack: AUC just under 1, and vs pages it is perfect
    expect(r.auc).toBeCloseTo(201 / 202, 6);
    expect(r.aucVsPages).toBe(1);
    expect(r.tprAt1VsPages).toBe(1);
    expect(r.tprAtThreshold).toBe(1);
    expect(r.pageFprAtThreshold).toBe(0);
  });

  it('reports no detection when the scorer cannot tell attacks from pages', () => {
    const r = evaluateFold('fam', dataset(), (texts) => texts.map(() => 0.5), 0.004);
    expect(r.auc).toBeCloseTo(0.5, 6);
    expect(r.tprAt1).toBe(0);
  });
});

describe('attackFamilies', () => {
  it('lists sources with enough attack or template texts, sorted', () => {
    const texts = [
      ...Array.from({ length: 3 }, () => ({ source: 'small', role: 'attack' })),
      ...Array.from({ length: 5 }, () => ({ source: 'b', role: 'template' })),
      ...Array.from({ length: 5 }, () => ({ source: 'a', role: 'attack' })),
      ...Array.from({ length: 50 }, () => ({ source: 'benign-only', role: 'benign' })),
    ];
    expect(attackFamilies(texts, 4)).toEqual(['a', 'b']);
  });
});

describe('macroMean', () => {
  it('averages per fold and is NaN for no folds', () => {
    const rows = [{ auc: 0.5 }, { auc: 1 }] as Parameters<typeof macroMean>[0];
    expect(macroMean(rows, (r) => r.auc)).toBe(0.75);
    expect(macroMean([], (r) => r.auc)).toBeNaN();
  });
});
