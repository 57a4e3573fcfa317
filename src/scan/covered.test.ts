import { describe, expect, it } from 'vitest';
import {
  type Box,
  type StackStep,
  backgroundImagePaints,
  coveredShare,
  coversBox,
  hitTestVerdict,
  isAxisAligned,
  isOccluder,
  paintLevel,
  paintsOver,
  spansViewport,
} from './covered';

const box = (left: number, top: number, right: number, bottom: number): Box => ({ left, top, right, bottom });

describe('coveredShare / coversBox', () => {
  it.each([
    ['inside', box(10, 10, 110, 30), box(0, 0, 200, 100), 1, true],
    ['identical', box(0, 0, 100, 20), box(0, 0, 100, 20), 1, true],
    ['apart', box(0, 0, 100, 20), box(200, 0, 300, 20), 0, false],
    ['touching edges', box(0, 0, 100, 20), box(100, 0, 200, 20), 0, false],
    ['half', box(0, 0, 100, 20), box(50, 0, 300, 20), 0.5, false],
    ['95% across', box(0, 0, 100, 20), box(5, -5, 300, 40), 0.95, true],
    ['89% across', box(0, 0, 100, 20), box(11, 0, 300, 20), 0.89, false],
    ['empty block', box(10, 10, 10, 30), box(0, 0, 200, 100), 0, false],
  ])('%s', (_name, block, cover, share, covers) => {
    expect(coveredShare(block, cover)).toBeCloseTo(share, 5);
    expect(coversBox(block, cover)).toBe(covers);
  });
});

describe('isAxisAligned', () => {
  it.each([
    ['none', true],
    ['matrix(1, 0, 0, 1, 20, 30)', true],
    ['matrix(2, 0, 0, 0.5, 0, 0)', true],
    ['matrix(0.707107, 0.707107, -0.707107, 0.707107, 0, 0)', false],
    ['matrix(1, 0, 0.3, 1, 0, 0)', false],
    ['matrix3d(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 5, 5, 0, 1)', true],
    ['matrix3d(0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)', false],
    ['rotate(10deg)', false],
  ])('%s → %s', (t, want) => expect(isAxisAligned(t)).toBe(want));
});

describe('isOccluder', () => {
  const base = {
    position: 'absolute',
    backgroundAlpha: 1,
    backgroundImage: false,
    opacity: 1,
    transform: 'none',
    clipPath: 'none',
    clip: 'auto',
    box: box(0, 0, 300, 40),
  };
  it('an opaque absolute box', () => expect(isOccluder(base)).toBe(true));
  it.each([['fixed'], ['sticky']])('%s counts too', (position) => expect(isOccluder({ ...base, position })).toBe(true));
  it.each([['static'], ['relative']])('%s stays in flow: no', (position) => expect(isOccluder({ ...base, position })).toBe(false));
  it('a half-transparent veil: no', () => expect(isOccluder({ ...base, backgroundAlpha: 0.5 })).toBe(false));
  it('transparent with a background image: yes', () =>
    expect(isOccluder({ ...base, backgroundAlpha: 0, backgroundImage: true })).toBe(true));
  it('faded out (opacity 0): no', () => expect(isOccluder({ ...base, opacity: 0 })).toBe(false));
  it('opacity 0.95: yes', () => expect(isOccluder({ ...base, opacity: 0.95 })).toBe(true));
  it('cut to a shape: no', () => expect(isOccluder({ ...base, clipPath: 'circle(50% at 50% 50%)' })).toBe(false));
  it('clipped by the legacy clip property: no', () =>
    expect(isOccluder({ ...base, clip: 'rect(0px, 0px, 0px, 0px)' })).toBe(false));
  it('rotated: no', () =>
    expect(isOccluder({ ...base, transform: 'matrix(0.866025, 0.5, -0.5, 0.866025, 0, 0)' })).toBe(false));
  it('a thin rule: no', () => expect(isOccluder({ ...base, box: box(0, 0, 300, 2) })).toBe(false));
});

describe('backgroundImagePaints', () => {
  it.each([
    ['none', 'auto', 'repeat', false],
    ['linear-gradient(rgb(255, 255, 255), rgb(255, 255, 255))', 'auto', 'repeat', true],
    ['linear-gradient(rgba(0, 0, 0, 0), rgba(0, 0, 0, 0.8))', 'auto', 'repeat', false],
    ['linear-gradient(transparent, rgb(0, 0, 0))', 'auto', 'repeat', false],
    ['linear-gradient(rgba(0, 0, 0, 0.95), rgb(0, 0, 0))', 'auto', 'repeat', true],
    ['radial-gradient(rgb(255, 0, 0) 10%, rgb(0, 0, 255))', 'auto', 'no-repeat', true],
    ['linear-gradient(rgb(255, 255, 255), rgb(255, 255, 255))', '10px 10px', 'no-repeat', false],
    ['repeating-linear-gradient(rgb(0, 0, 0) 0px, rgb(255, 255, 255) 4px)', 'auto', 'repeat', false],
    ['url("https://example.com/play.svg")', 'auto', 'no-repeat', false],
    ['url("https://example.com/play.svg")', 'contain', 'no-repeat', false],
    ['url("https://example.com/photo.jpg")', 'cover', 'no-repeat', true],
    ['url("https://example.com/photo.jpg")', '100% 100%', 'no-repeat', true],
    ['url("a.png"), linear-gradient(rgb(255, 255, 255), rgb(255, 255, 255))', 'auto, auto', 'no-repeat, repeat', true],
    ['url("a.png"), url("b.jpg")', '24px 24px, cover', 'no-repeat', true],
  ])('%s / %s / %s → %s', (image, size, repeat, want) => expect(backgroundImagePaints(image, size, repeat)).toBe(want));
});

describe('spansViewport', () => {
  it.each([
    ['full screen', box(0, 0, 1280, 720), true],
    ['larger than the screen', box(-10, -10, 2000, 2000), true],
    ['a bottom banner', box(0, 630, 1280, 720), false],
    ['a centred modal', box(400, 200, 880, 520), false],
    ['a side drawer', box(0, 0, 320, 720), false],
  ])('%s → %s', (_n, b, want) => expect(spansViewport(b, 1280, 720)).toBe(want));
});

const step = (position = 'static', zIndex = 'auto', extra: Partial<StackStep> = {}): StackStep => ({
  position,
  zIndex,
  flexOrGridItem: false,
  otherContext: false,
  ...extra,
});

describe('paintLevel', () => {
  it.each<[string, StackStep[], number]>([
    ['in flow', [step(), step()], 0],
    ['positioned auto', [step('relative')], 0.5],
    ['positioned auto above in-flow child', [step('absolute'), step()], 0.5],
    ['z 0', [step('relative', '0')], 0.5],
    ['z 3', [step('absolute', '3')], 3.5],
    ['z -1', [step('absolute', '-1')], -1],
    ['outer context decides', [step('relative', '1'), step('absolute', '999')], 1.5],
    ['auto ancestor lets a deeper z through', [step('relative'), step('absolute', '7')], 7.5],
    ['z on a static non-flex item is ignored', [step('static', '5')], 0],
    ['z on a flex item applies', [step('static', '5', { flexOrGridItem: true })], 5.5],
    ['opacity context', [step('static', 'auto', { otherContext: true }), step('absolute', '9')], 0.5],
    ['fixed auto is a context', [step('fixed'), step('absolute', '9')], 0.5],
  ])('%s', (_n, chain, want) => expect(paintLevel(chain)).toBe(want));
});

describe('paintsOver', () => {
  it('positioned box over in-flow text, whatever the order', () => {
    expect(paintsOver([step('absolute')], [step()], false)).toBe(true);
    expect(paintsOver([step('absolute')], [step()], true)).toBe(true);
  });
  it('same positioned level: the later one wins', () => {
    expect(paintsOver([step('absolute')], [step('relative')], true)).toBe(true);
    expect(paintsOver([step('absolute')], [step('relative')], false)).toBe(false);
  });
  it('higher z-index wins even earlier in tree order', () =>
    expect(paintsOver([step('absolute', '2')], [step('relative', '1')], false)).toBe(true));
  it('lower z-index loses even later in tree order', () =>
    expect(paintsOver([step('absolute', '1')], [step('relative', '2')], true)).toBe(false));
  it('a background sent behind (z -1) never covers', () =>
    expect(paintsOver([step('absolute', '-1')], [step()], true)).toBe(false));
  it('in-flow never covers in-flow text (backgrounds paint first)', () =>
    expect(paintsOver([step()], [step()], true)).toBe(false));
  it('the box inside a low context stays low', () =>
    expect(paintsOver([step('relative', '1'), step('absolute', '100')], [step('relative', '2')], true)).toBe(false));
});

describe('hitTestVerdict', () => {
  it.each<[string, ('occluder' | 'block' | 'other')[], boolean, boolean | null]>([
    ['occluder on top', ['occluder', 'block', 'other'], true, true],
    ['block on top', ['block', 'occluder', 'other'], true, false],
    ['occluder clipped away (hit-testable, absent)', ['block', 'other'], true, false],
    ['pointer-events none occluder absent: cannot tell', ['block', 'other'], false, null],
    ['block not hit: cannot tell', ['occluder', 'other'], true, null],
  ])('%s', (_n, stack, testable, want) => expect(hitTestVerdict(stack, testable)).toBe(want));
});

describe('paintsOver: an occluder inside the block (empty block path)', () => {
  it('a positioned child covers its block’s in-flow text', () => expect(paintsOver([step('absolute')], [], true)).toBe(true));
  it('a child sent behind (z -1) does not', () => expect(paintsOver([step('absolute', '-1')], [], true)).toBe(false));
  it('an in-flow child does not', () => expect(paintsOver([step()], [], true)).toBe(false));
});
