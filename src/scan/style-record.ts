/**
 * The few computed-style values the scanner needs, read once per element per pass into a plain record
 * (a CSSStyleDeclaration is live: reading it again later could recompute style). Each property read costs
 * 0.2–0.5 µs in Chromium (colours and transforms the most) while Chromium's own `innerText` spends well
 * under 0.1 µs per element, so reads are tiered: `display` first (none → stop), the values that hide a
 * whole subtree next, and the text-only values (fill colour, font size, indent) only for elements that
 * hold text themselves. Values needed only to confirm a rare suspicion (background images, text shadows)
 * are not in the record: the caller reads them on demand.
 */
import { filterOpacityFactor, zoomFactor } from './hiding-rules';
import {
  P_ALL,
  P_BACKGROUND,
  P_CLIP,
  P_CLIP_PATH,
  P_CONTENT_VISIBILITY,
  P_FONT_SIZE,
  P_OPACITY,
  P_OVERFLOW,
  P_POSITION,
  P_SCALE,
  P_TEXT_INDENT,
  P_TRANSFORM,
  P_VISIBILITY,
} from './declared-properties';

export interface StyleRecord {
  display: string;
  visibility: string;
  opacity: number;
  fontSizePx: number;
  /** The painted text colour: -webkit-text-fill-color resolves to `color` unless a page overrides it. */
  textColor: string;
  backgroundColor: string;
  position: string;
  overflowX: string;
  overflowY: string;
  clip: string;
  clipPath: string;
  transform: string;
  scale: string;
  /** CSS `zoom` of this element alone (descendants multiply it in): shrinks text like a scale does. */
  zoom: number;
  textIndentPx: number;
  contentVisibility: string;
}

const NONE: Omit<StyleRecord, 'display'> = {
  visibility: 'visible',
  opacity: 1,
  fontSizePx: 16,
  textColor: '',
  backgroundColor: '',
  position: 'static',
  overflowX: 'visible',
  overflowY: 'visible',
  clip: 'auto',
  clipPath: 'none',
  transform: 'none',
  scale: 'none',
  zoom: 1,
  textIndentPx: 0,
  contentVisibility: 'visible',
};

/** The computed style object, or null when the element's window refuses (detached frame, hostile getter). */
export function computedStyleOf(win: Window, el: Element): CSSStyleDeclaration | null {
  try {
    return win.getComputedStyle(el);
  } catch {
    return null;
  }
}

/**
 * Reads one element's computed style through the element's own window (frames have their own).
 * `ownsText`: the element has text of its own (text children, a value, a placeholder), so the text-only
 * values are read too; otherwise they keep neutral defaults. `need` (declared-properties bits) names the
 * properties that can differ from their initial value here; the others keep it without a read. `display`
 * and the text colour are always read.
 */
export function readStyleRecord(win: Window, el: Element, ownsText: boolean, need = P_ALL): StyleRecord | null {
  const cs = computedStyleOf(win, el);
  if (!cs) return null;
  const display = cs.display;
  if (display === 'none') return { ...NONE, display };
  // transform, scale, overflow and content-visibility do not apply to inline (non-replaced) boxes.
  const inline = display === 'inline' || display === 'contents';
  const position = need & P_POSITION ? cs.position : NONE.position;
  const rec: StyleRecord = {
    display,
    visibility: NONE.visibility,
    // filter: opacity(…) fades like opacity does; the sheets' `filter` sets the same bit
    opacity: need & P_OPACITY ? parseFloat(cs.opacity) * filterOpacityFactor(cs.filter) : 1,
    fontSizePx: NONE.fontSizePx,
    textColor: NONE.textColor,
    backgroundColor: need & P_BACKGROUND ? cs.backgroundColor : NONE.backgroundColor,
    position,
    overflowX: NONE.overflowX,
    overflowY: NONE.overflowY,
    // `clip` only applies to absolutely positioned boxes.
    clip: need & P_CLIP && (position === 'absolute' || position === 'fixed') ? cs.clip : NONE.clip,
    clipPath: need & P_CLIP_PATH ? cs.clipPath : NONE.clipPath,
    transform: !inline && need & P_TRANSFORM ? cs.transform : NONE.transform,
    scale: !inline && need & P_SCALE ? cs.scale : NONE.scale,
    // zoom, unlike transforms, applies to inline boxes too
    zoom: need & P_SCALE ? zoomFactor(cs.zoom) : 1,
    textIndentPx: 0,
    contentVisibility: !inline && need & P_CONTENT_VISIBILITY ? cs.contentVisibility : NONE.contentVisibility,
  };
  if (!inline && need & P_OVERFLOW) {
    // One read of the shorthand instead of two: "hidden" or "visible hidden" (x then y).
    const overflow = cs.overflow;
    const gap = overflow.indexOf(' ');
    rec.overflowX = gap < 0 ? overflow : overflow.slice(0, gap);
    rec.overflowY = gap < 0 ? overflow : overflow.slice(gap + 1);
  }
  if (ownsText) {
    if (need & P_VISIBILITY) rec.visibility = cs.visibility;
    if (need & P_FONT_SIZE) rec.fontSizePx = parseFloat(cs.fontSize);
    rec.textColor = cs.webkitTextFillColor || cs.color;
    if (need & P_TEXT_INDENT) rec.textIndentPx = parseFloat(cs.textIndent);
  }
  return rec;
}
