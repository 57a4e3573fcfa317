/**
 * Pure decisions about one element's computed style: is it clipped away, scaled to nothing, pushed off by
 * text-indent, … The DOM walk feeds these with a StyleRecord and a rect; nothing here touches the DOM.
 */
import type { StyleRecord } from './style-record';

/** Below this effective opacity (own × ancestors) text is treated as invisible (Bitwarden uses 0.1). */
export const MIN_VISIBLE_OPACITY = 0.1;
/** Text at or below this rendered size in px cannot be read. */
export const TINY_FONT_PX = 1;
/** Contrast ratios below this are "text colour ~ background" (WCAG's minimum for body text is 4.5). */
export const LOW_CONTRAST_RATIO = 1.25;
/** text-indent at least this far (px, either way) throws the first line out of its box. */
export const FAR_TEXT_INDENT_PX = 999;
/** Boxes this thin (px) with overflow clipped show nothing of their content. */
export const ZERO_SIZE_PX = 1;
/** A cumulative scale factor below this renders text as a speck. */
export const MIN_VISIBLE_SCALE = 0.05;

const BLOCK_DISPLAYS = new Set([
  'block', 'list-item', 'table', 'table-cell', 'table-caption', 'table-row', 'table-row-group',
  'table-header-group', 'table-footer-group', 'flex', 'grid', 'flow-root', 'inline-block', 'inline-flex',
  'inline-grid', 'inline-table',
]);

/** Block-level (or atomic inline box) displays start a new text block. */
export function isBlockDisplay(display: string): boolean {
  // 'block flow', 'inline flow-root' and other two-value forms.
  const d = display.trim();
  if (BLOCK_DISPLAYS.has(d)) return true;
  return d.includes('flow-root') || d.startsWith('block') || d.includes('list-item') || d.includes('table');
}

/** Tags that make a block when we cannot read style (inside display:none or <template>). */
export const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li',
  'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr',
  'ul', 'body', 'html', 'caption', 'menu', 'option', 'legend', 'center', 'button',
]);

/** Scale factor (sqrt of |det|) of a computed `transform` matrix; 1 for none/unknown. */
export function transformScaleFactor(transform: string): number {
  const t = transform.trim();
  if (!t || t === 'none') return 1;
  const m = /^matrix(3d)?\(([^)]*)\)$/.exec(t);
  if (!m) return 1;
  const n = m[2].split(',').map((s) => parseFloat(s));
  const [a, b, c, d] = m[1] ? [n[0], n[1], n[4], n[5]] : [n[0], n[1], n[2], n[3]];
  if ([a, b, c, d].some((x) => Number.isNaN(x))) return 1;
  return Math.sqrt(Math.abs(a * d - b * c));
}

/** Scale factor of the individual `scale` property ("none", "0", "0.5 2", "1 1 1"). */
export function scalePropertyFactor(scale: string): number {
  const s = scale.trim();
  if (!s || s === 'none') return 1;
  const parts = s.split(/\s+/).map((p) => (p.endsWith('%') ? parseFloat(p) / 100 : parseFloat(p)));
  if (parts.some((x) => Number.isNaN(x))) return 1;
  const x = parts[0];
  const y = parts[1] ?? x;
  return Math.sqrt(Math.abs(x * y));
}

/**
 * Opacity a computed `filter` list multiplies in: the product of its `opacity()` functions ("opacity(0)",
 * "opacity(5%)"); 1 for none or for filters that do not fade (blur, drop-shadow, …).
 */
export function filterOpacityFactor(filter: string): number {
  if (!filter || filter === 'none' || !filter.includes('opacity(')) return 1;
  let factor = 1;
  for (const m of filter.matchAll(/(?:^|[\s)])opacity\(\s*([-\d.]*)(%?)\s*\)/g)) {
    if (m[1] === '') continue; // opacity() means 1
    const v = parseFloat(m[1]) / (m[2] ? 100 : 1);
    if (!Number.isNaN(v)) factor *= Math.min(1, Math.max(0, v));
  }
  return factor;
}

/** The CSS `zoom` factor of a computed value ("1", "0.01", "50%"); 1 when unknown. */
export function zoomFactor(zoom: string): number {
  const z = zoom.trim();
  if (!z || z === 'normal') return 1;
  const v = z.endsWith('%') ? parseFloat(z) / 100 : parseFloat(z);
  return Number.isNaN(v) || v <= 0 ? 1 : v;
}

/** Parses `rect(t, r, b, l)` (the `clip` property); true when the visible area is a line or nothing. */
export function isClipRectEmpty(clip: string): boolean {
  const m = /^rect\(([^)]*)\)$/.exec(clip.trim());
  if (!m) return false;
  const parts = m[1].split(/[\s,]+/).filter(Boolean);
  if (parts.length !== 4 || parts.includes('auto')) return false;
  const [top, right, bottom, left] = parts.map((p) => parseFloat(p));
  if ([top, right, bottom, left].some((x) => Number.isNaN(x))) return false;
  return right - left <= ZERO_SIZE_PX || bottom - top <= ZERO_SIZE_PX;
}

/** True when a computed `clip-path` leaves (almost) nothing: inset(50%), circle(0), a degenerate polygon. */
export function isClipPathEmpty(clipPath: string): boolean {
  const v = clipPath.trim();
  if (!v || v === 'none') return false;
  let m = /^inset\(([^)]*)\)/.exec(v);
  if (m) {
    const parts = m[1].split(/\s+round\s+/)[0].split(/\s+/).filter(Boolean);
    const pct = parts.map((p) => (p.endsWith('%') ? parseFloat(p) : NaN));
    const [t, r = t, b = t, l = r] = pct;
    if (![t, r, b, l].some((x) => Number.isNaN(x))) return t + b >= 100 || l + r >= 100;
    return false;
  }
  m = /^(circle|ellipse)\(\s*([0-9.]+)(px|%)?(?:\s+([0-9.]+)(px|%)?)?/.exec(v);
  if (m) {
    const rx = parseFloat(m[2]);
    const ry = m[4] === undefined ? rx : parseFloat(m[4]);
    return rx <= 0.5 || ry <= 0.5;
  }
  m = /^polygon\(([^)]*)\)/.exec(v);
  if (m) {
    const pts = m[1].split(',').map((p) => p.trim().split(/\s+/).map((x) => parseFloat(x)));
    if (pts.length < 3) return true;
    if (pts.some((p) => p.length < 2 || p.some((x) => Number.isNaN(x)))) return false;
    let area = 0; // shoelace; units mix px/% but a degenerate shape is degenerate in both
    for (let i = 0; i < pts.length; i++) {
      const [x1, y1] = pts[i];
      const [x2, y2] = pts[(i + 1) % pts.length];
      area += x1 * y2 - x2 * y1;
    }
    return Math.abs(area) / 2 < 1;
  }
  return false;
}

/** Overflow that clips content (so a zero-size box shows none of it). */
export function clipsOverflow(style: Pick<StyleRecord, 'overflowX' | 'overflowY'>): boolean {
  const clips = (o: string) => o === 'hidden' || o === 'clip' || o === 'scroll' || o === 'auto';
  return clips(style.overflowX) || clips(style.overflowY);
}
