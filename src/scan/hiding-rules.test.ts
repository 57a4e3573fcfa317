import { describe, expect, it } from 'vitest';
import {
  clipsOverflow,
  filterOpacityFactor,
  isBlockDisplay,
  isClipPathEmpty,
  isClipRectEmpty,
  scalePropertyFactor,
  transformScaleFactor,
  zoomFactor,
} from './hiding-rules';

describe('isClipRectEmpty', () => {
  it.each([
    ['rect(0px, 0px, 0px, 0px)', true],
    ['rect(1px, 1px, 1px, 1px)', true],
    ['rect(0px 0px 0px 0px)', true],
    ['rect(0px, 100px, 50px, 0px)', false],
    ['rect(0px, auto, auto, 0px)', false],
    ['auto', false],
  ])('%s → %s', (v, want) => expect(isClipRectEmpty(v)).toBe(want));
});

describe('isClipPathEmpty', () => {
  it.each([
    ['inset(50%)', true],
    ['inset(100%)', true],
    ['inset(50% 0%)', true],
    ['inset(0% 50%)', true],
    ['inset(10%)', false],
    ['inset(10px)', false],
    ['circle(0px at 50% 50%)', true],
    ['circle(0)', true],
    ['circle(40px at 50% 50%)', false],
    ['ellipse(0px 10px)', true],
    ['polygon(0px 0px, 0px 0px, 0px 0px)', true],
    ['polygon(0% 0%, 100% 0%, 100% 100%)', false],
    ['none', false],
    ['url("#mask")', false],
  ])('%s → %s', (v, want) => expect(isClipPathEmpty(v)).toBe(want));
});

describe('scale factors', () => {
  it.each([
    ['none', 1],
    ['matrix(0, 0, 0, 0, 0, 0)', 0],
    ['matrix(0.5, 0, 0, 0.5, 10, 10)', 0.5],
    ['matrix(1, 0, 0, 1, -9999, 0)', 1],
    ['matrix3d(0.1, 0, 0, 0, 0, 0.1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)', 0.1],
  ])('transform %s → %s', (v, want) => expect(transformScaleFactor(v)).toBeCloseTo(want, 5));
  it.each([
    ['none', 1],
    ['0', 0],
    ['0.5', 0.5],
    ['1 0', 0],
    ['50%', 0.5],
  ])('scale %s → %s', (v, want) => expect(scalePropertyFactor(v)).toBeCloseTo(want, 5));
});

describe('isBlockDisplay', () => {
  it.each([
    ['block', true],
    ['list-item', true],
    ['table-cell', true],
    ['flex', true],
    ['inline-block', true],
    ['block flow', true],
    ['inline', false],
    ['contents', false],
    ['none', false],
  ])('%s → %s', (v, want) => expect(isBlockDisplay(v)).toBe(want));
});

describe('clipsOverflow', () => {
  it('hidden clips', () => expect(clipsOverflow({ overflowX: 'hidden', overflowY: 'visible' })).toBe(true));
  it('visible does not', () => expect(clipsOverflow({ overflowX: 'visible', overflowY: 'visible' })).toBe(false));
});

describe('filterOpacityFactor and zoomFactor', () => {
  it('multiplies the opacity() functions of a filter list and ignores the rest', () => {
    expect(filterOpacityFactor('none')).toBe(1);
    expect(filterOpacityFactor('opacity(0)')).toBe(0);
    expect(filterOpacityFactor('opacity(5%)')).toBeCloseTo(0.05);
    expect(filterOpacityFactor('blur(2px) opacity(0.5) opacity(0.5)')).toBeCloseTo(0.25);
    expect(filterOpacityFactor('drop-shadow(rgba(0, 0, 0, 0.5) 1px 1px 2px)')).toBe(1);
    expect(filterOpacityFactor('opacity()')).toBe(1);
  });
  it('reads zoom as a factor, with percentages and unknowns', () => {
    expect(zoomFactor('1')).toBe(1);
    expect(zoomFactor('0.01')).toBeCloseTo(0.01);
    expect(zoomFactor('50%')).toBeCloseTo(0.5);
    expect(zoomFactor('normal')).toBe(1);
    expect(zoomFactor('')).toBe(1);
  });
});
