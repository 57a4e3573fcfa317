/**
 * Colour maths for the low-contrast check: parse the colours `getComputedStyle` returns, composite
 * translucent layers, and compute the WCAG 2 contrast ratio. Pure: no DOM.
 */

export interface Rgba {
  r: number; // 0..255
  g: number;
  b: number;
  a: number; // 0..1
}

export const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

/**
 * Parses the serialisations Chromium and Firefox give for computed colours: `rgb()`, `rgba()`,
 * `transparent` and `color(srgb r g b / a)`. Returns null for anything else (oklch, lab, …): the caller
 * then skips the contrast check rather than guess.
 */
export function parseCssColor(value: string): Rgba | null {
  const hit = parsed.get(value);
  if (hit !== undefined) return hit;
  const c = parseUncached(value);
  // Pages use few distinct colours; the cache is bounded so a hostile page cannot grow it.
  if (parsed.size < MAX_CACHED_COLOURS) parsed.set(value, c);
  return c;
}

const MAX_CACHED_COLOURS = 4_096;
const parsed = new Map<string, Rgba | null>();

function parseUncached(value: string): Rgba | null {
  const v = value.trim().toLowerCase();
  if (v === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  let m = /^rgba?\(([^)]*)\)$/.exec(v);
  if (m) {
    const parts = m[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length < 3) return null;
    const [r, g, b] = parts.slice(0, 3).map((p) => (p.endsWith('%') ? (parseFloat(p) * 255) / 100 : parseFloat(p)));
    const a = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
    if ([r, g, b, a].some((n) => Number.isNaN(n))) return null;
    return { r, g, b, a: clamp01(a) };
  }
  m = /^color\(srgb\s+([^)]*)\)$/.exec(v);
  if (m) {
    const parts = m[1].split(/[\s/]+/).filter(Boolean);
    if (parts.length < 3) return null;
    const [r, g, b] = parts.slice(0, 3).map((p) => parseFloat(p) * 255);
    const a = parts[3] === undefined ? 1 : parseFloat(parts[3]);
    if ([r, g, b, a].some((n) => Number.isNaN(n))) return null;
    return { r, g, b, a: clamp01(a) };
  }
  return null;
}

/** `top` painted over `bottom` (bottom treated as opaque result when it is). */
export function compositeOver(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const mix = (t: number, b: number) => (t * top.a + b * bottom.a * (1 - top.a)) / a;
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance of an opaque colour. */
export function relativeLuminance(c: Rgba): number {
  return luminance(c.r, c.g, c.b);
}

/**
 * WCAG 2 contrast ratio (1..21) of text colour `fg` (may be translucent) over opaque background `bg`.
 * Runs for every element that holds text: composites in place instead of building colour objects.
 */
export function contrastRatio(fg: Rgba, bg: Rgba): number {
  const t = fg.a;
  const l1 = luminance(fg.r * t + bg.r * (1 - t), fg.g * t + bg.g * (1 - t), fg.b * t + bg.b * (1 - t));
  const l2 = luminance(bg.r, bg.g, bg.b);
  return l1 > l2 ? (l1 + 0.05) / (l2 + 0.05) : (l2 + 0.05) / (l1 + 0.05);
}

function luminance(r: number, g: number, b: number): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function clamp01(n: number): number {
  return n < 0 ? 0 : n > 1 ? 1 : n;
}
