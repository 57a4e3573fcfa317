import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../core/types';
import { groupFindings, hidingLabel, percent } from './group-findings';
import { codePointLabel, countInvisibles, showInvisibles } from './show-invisibles';
import { frameLabel, prefixFrame } from '../content/frame-label';

const tags = (s: string): string => [...s].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');

describe('showInvisibles', () => {
  it.each([
    ['plain text stays', 'hello world', 'hello world'],
    ['zero-width space', 'ig\u200Bnore', 'ig⟦U+200B⟧nore'],
    ['soft hyphen and BOM', 'a\u00ADb\uFEFF', 'a⟦U+00AD⟧b⟦U+FEFF⟧'],
    ['bidi override', '\u202Eabc\u202C', '⟦U+202E⟧abc⟦U+202C⟧'],
    ['variation selector supplement', 'x\u{E0101}', 'x⟦U+E0101⟧'],
    ['Hangul filler and Braille blank', '\u3164\u2800', '⟦U+3164⟧⟦U+2800⟧'],
    ['tag characters decode as a run', `ok${tags('hi there')}!`, 'ok⟦tags "hi there"⟧!'],
    ['emoji are kept', 'a 😀 b', 'a 😀 b'],
  ])('%s', (_l, input, output) => {
    expect(showInvisibles(input)).toBe(output);
  });
  it('bounds its output', () => {
    expect(showInvisibles('\u200B'.repeat(10_000), 100).length).toBeLessThanOrEqual(101);
  });
  it('counts invisibles', () => {
    expect(countInvisibles(`a\u200Bb${tags('xy')}`)).toBe(3);
    expect(codePointLabel(0xad)).toBe('U+00AD');
  });
});

describe('groupFindings', () => {
  const f = (severity: Severity, score: number): Finding => ({
    segmentId: Math.round(score * 100), text: '', raw: '', score, modelScore: null, ruleScore: 0, severity, rules: [],
    hidden: [], visibility: 'visible', source: 'text', selector: '', frame: '', invisible: { removed: 0, kinds: [], decoded: '' },
  });
  it('orders groups high → low, findings by score, and leaves out empty groups', () => {
    const groups = groupFindings([f('low', 0.3), f('high', 0.8), f('high', 0.95)]);
    expect(groups.map((g) => g.severity)).toEqual(['high', 'low']);
    expect(groups[0]!.findings.map((x) => x.score)).toEqual([0.95, 0.8]);
  });
  it('labels and percentages', () => {
    expect(hidingLabel('low-contrast')).toBe('same colour as background');
    expect(percent(0.456)).toBe('46%');
    expect(percent(7)).toBe('100%');
  });
});

describe('frame labels', () => {
  it('top frame has none; cross-origin frames are named by address', () => {
    expect(frameLabel(true, 'https://a.example/x')).toBe('');
    expect(frameLabel(false, 'https://ads.example/slot?id=1')).toBe('iframe https://ads.example/slot');
  });
  it('prefixes segment frame paths', () => {
    const s = { frame: 'iframe#inner' } as never;
    expect(prefixFrame([s], 'iframe https://b/')[0]!.frame).toBe('iframe https://b/ >> iframe#inner');
    expect(prefixFrame([{ frame: '' } as never], 'L')[0]!.frame).toBe('L');
  });
});
