import { describe, expect, it } from 'vitest';
import { WHITE, compositeOver, contrastRatio, parseCssColor } from './color';

describe('parseCssColor', () => {
  it.each([
    ['rgb(255, 0, 0)', { r: 255, g: 0, b: 0, a: 1 }],
    ['rgba(0, 0, 0, 0.5)', { r: 0, g: 0, b: 0, a: 0.5 }],
    ['rgb(10 20 30 / 0.25)', { r: 10, g: 20, b: 30, a: 0.25 }],
    ['transparent', { r: 0, g: 0, b: 0, a: 0 }],
    ['color(srgb 1 1 1)', { r: 255, g: 255, b: 255, a: 1 }],
    ['color(srgb 0 0 0 / 0.5)', { r: 0, g: 0, b: 0, a: 0.5 }],
  ])('%s', (input, want) => {
    expect(parseCssColor(input)).toEqual(want);
  });
  it.each(['oklch(0.5 0.1 200)', 'currentcolor', 'rgb(a, b, c)', ''])('unknown %j → null', (input) => {
    expect(parseCssColor(input)).toBeNull();
  });
});

describe('contrastRatio', () => {
  const black = { r: 0, g: 0, b: 0, a: 1 };
  it('black on white is 21', () => expect(contrastRatio(black, WHITE)).toBeCloseTo(21, 1));
  it('white on white is 1', () => expect(contrastRatio(WHITE, WHITE)).toBeCloseTo(1, 5));
  it('#fefefe on white is about 1', () => expect(contrastRatio({ r: 254, g: 254, b: 254, a: 1 }, WHITE)).toBeLessThan(1.02));
  it('#767676 on white passes WCAG AA (about 4.5)', () =>
    expect(contrastRatio({ r: 118, g: 118, b: 118, a: 1 }, WHITE)).toBeGreaterThan(4.5));
  it('transparent black text over white reads as white', () =>
    expect(contrastRatio({ r: 0, g: 0, b: 0, a: 0 }, WHITE)).toBeCloseTo(1, 5));
});

describe('compositeOver', () => {
  it('half black over white is mid grey', () => {
    const c = compositeOver({ r: 0, g: 0, b: 0, a: 0.5 }, WHITE);
    expect(c.r).toBeCloseTo(127.5, 1);
    expect(c.a).toBe(1);
  });
  it('opaque top wins', () => expect(compositeOver({ r: 1, g: 2, b: 3, a: 1 }, WHITE)).toEqual({ r: 1, g: 2, b: 3, a: 1 }));
});
