/**
 * Pure decisions for the `covered` hiding reason: text painted over by an opaque element. The DOM side
 * (covered-dom.ts) collects occluder candidates during the walk and, after it, asks these functions
 * whether a visible text block lies under one and whether that one paints later. Nothing here touches
 * the DOM.
 *
 * The paint-order rule is a deliberately small subset of CSS 2.1 Appendix E, conservative (it says
 * "covered" only when it is sure):
 *   - Within the stacking context the two share, each element sits at the level of the first element on
 *     its path below their common ancestor that creates a stacking context (its z-index, 0 for contexts
 *     made by opacity/transform/… or fixed/sticky with z-index auto); otherwise at the positioned level if
 *     anything on that path is positioned; otherwise at the in-flow level.
 *   - Levels: negative z < in-flow content < positioned, z 0/auto < positive z (by value).
 *   - The occluder paints over the block when its level is higher, or equal at a positioned level and it
 *     comes later in tree order. In-flow content never covers in-flow text (backgrounds paint first).
 *   - An occluder inside the block compares against an empty block path (in flow): positioned, it paints
 *     over the block's own text unless its path has a negative z-index.
 *   - An occluder never covers its own content (its descendants).
 */

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** An occluder hides what is under it only when (almost) nothing shows through. */
export const MIN_OCCLUDER_ALPHA = 0.9;
/** Below this size (px, either side) a box is a dot or a rule, not a cover. */
export const MIN_OCCLUDER_SIDE_PX = 8;
/** Share of a text block's box that must lie inside one occluder's box. */
export const MIN_COVERED_SHARE = 0.9;
/** A fixed (or sticky) box covers text for good only when it spans the viewport: otherwise scrolling shows it. */
export const MIN_VIEWPORT_SHARE = 0.9;

export function boxArea(b: Box): number {
  return Math.max(0, b.right - b.left) * Math.max(0, b.bottom - b.top);
}

/** Share (0..1) of `block`'s area that lies inside `cover`; 0 for an empty block. */
export function coveredShare(block: Box, cover: Box): number {
  const area = boxArea(block);
  if (area <= 0) return 0;
  const w = Math.min(block.right, cover.right) - Math.max(block.left, cover.left);
  const h = Math.min(block.bottom, cover.bottom) - Math.max(block.top, cover.top);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / area;
}

/** True when `cover` hides (at least MIN_COVERED_SHARE of) `block`. */
export function coversBox(block: Box, cover: Box): boolean {
  return coveredShare(block, cover) >= MIN_COVERED_SHARE;
}

export interface OccluderLook {
  position: string;
  /** Background colour alpha (0 when transparent or unparsed). */
  backgroundAlpha: number;
  /** A background image (or gradient) is set: assumed to paint the box. */
  backgroundImage: boolean;
  /** Effective opacity, own × ancestors. */
  opacity: number;
  /** The computed transform ('none' or a matrix). */
  transform: string;
  /** The computed clip-path ('none' or a shape). */
  clipPath: string;
  /** The computed (legacy) `clip`: 'auto' or a rect. */
  clip: string;
  /** Its box, viewport coordinates. */
  box: Box;
}

/** Positions whose box is placed over others rather than beside them. */
export function isOverlayPosition(position: string): boolean {
  return position === 'absolute' || position === 'fixed' || position === 'sticky';
}

/**
 * Whether an element can hide what is under it: placed out of flow, opaque, not faded, not cut to a shape
 * clipped or rotated (its rect would then overstate what it paints), and of some size.
 */
export function isOccluder(o: OccluderLook): boolean {
  if (!isOverlayPosition(o.position)) return false;
  if (o.backgroundAlpha < MIN_OCCLUDER_ALPHA && !o.backgroundImage) return false;
  if (!(o.opacity >= MIN_OCCLUDER_ALPHA)) return false;
  if (o.clipPath && o.clipPath !== 'none') return false;
  if (o.clip && o.clip !== 'auto') return false;
  if (!isAxisAligned(o.transform)) return false;
  const w = o.box.right - o.box.left;
  const h = o.box.bottom - o.box.top;
  return w >= MIN_OCCLUDER_SIDE_PX && h >= MIN_OCCLUDER_SIDE_PX;
}

/** Splits a computed multi-layer value ("a(1, 2), b") at its top-level commas. */
function layers(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out;
}

const COLOUR_TOKEN = /rgba?\(([^)]*)\)|\btransparent\b/g;

/** Every colour a gradient names is (nearly) opaque: a scrim fading to transparent hides nothing. */
function isOpaqueGradient(layer: string): boolean {
  let colours = 0;
  for (const m of layer.matchAll(COLOUR_TOKEN)) {
    colours++;
    if (!m[1]) return false; // transparent
    const parts = m[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length >= 4) {
      const a = parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
      if (!(a >= MIN_OCCLUDER_ALPHA)) return false;
    }
  }
  return colours > 0;
}

/**
 * Whether a computed background image paints the whole box opaquely: an opaque gradient, or a picture
 * stretched over the box (`cover`, `100% 100%`). A picture at its own size is most often an icon (a play
 * button, an arrow) on a transparent box; what a picture's pixels are is unknown either way.
 */
export function backgroundImagePaints(image: string, size: string, repeat: string): boolean {
  if (!image || image === 'none') return false;
  const images = layers(image);
  const sizes = layers(size || 'auto');
  const repeats = layers(repeat || 'repeat');
  for (let i = 0; i < images.length; i++) {
    const layer = images[i];
    const sz = sizes[i % sizes.length];
    const rp = repeats[i % repeats.length];
    if (layer.includes('gradient(')) {
      // A gradient's own size is the box: it fills it unless sized smaller and not repeated.
      const fills = sz === 'auto' || sz === 'auto auto' || sz === 'cover' || sz === '100% 100%' || rp === 'repeat' || rp === 'repeat repeat';
      if (fills && !layer.startsWith('repeating-') && isOpaqueGradient(layer)) return true;
    } else if (layer.startsWith('url(') || layer.startsWith('image-set(')) {
      if (sz === 'cover' || sz === '100% 100%') return true;
    }
  }
  return false;
}

/** A transform that keeps a box a box (translate/scale), so its bounding rect is what it paints. */
export function isAxisAligned(transform: string): boolean {
  const t = transform.trim();
  if (!t || t === 'none') return true;
  const m = /^matrix(3d)?\(([^)]*)\)$/.exec(t);
  if (!m) return false;
  const n = m[2].split(',').map((s) => parseFloat(s));
  const [b, c] = m[1] ? [n[1], n[4]] : [n[1], n[2]];
  return Math.abs(b) < 1e-6 && Math.abs(c) < 1e-6;
}

/** Whether a viewport-anchored box spans the viewport, so no scroll position shows what is under it. */
export function spansViewport(box: Box, viewWidth: number, viewHeight: number): boolean {
  const w = Math.min(box.right, viewWidth) - Math.max(box.left, 0);
  const h = Math.min(box.bottom, viewHeight) - Math.max(box.top, 0);
  return w >= viewWidth * MIN_VIEWPORT_SHARE && h >= viewHeight * MIN_VIEWPORT_SHARE;
}

/** One element on the path from just below the common ancestor down to the element itself. */
export interface StackStep {
  position: string;
  /** Computed z-index: 'auto' or an integer. */
  zIndex: string;
  /** Its parent lays it out as a flex or grid item (z-index then applies without positioning). */
  flexOrGridItem: boolean;
  /** Creates a stacking context by other means: opacity < 1, transform, filter, isolation, will-change, … */
  otherContext: boolean;
}

/** The in-flow level; positioned (z 0/auto) sits just above it. */
const IN_FLOW = 0;
const POSITIONED = 0.5;

function zLevel(z: number): number {
  return z < 0 ? z : z === 0 ? POSITIONED : z + POSITIONED;
}

/** The level (see the header) of the last step's content in the context shared with the other chain. */
export function paintLevel(chain: readonly StackStep[]): number {
  let positioned = false;
  for (const s of chain) {
    const pos = s.position !== 'static' && s.position !== '';
    const z = s.zIndex === 'auto' ? null : parseInt(s.zIndex, 10);
    const zApplies = z !== null && !Number.isNaN(z) && (pos || s.flexOrGridItem);
    if (zApplies) return zLevel(z!);
    if (s.position === 'fixed' || s.position === 'sticky' || s.otherContext) return POSITIONED;
    if (pos) positioned = true;
  }
  return positioned ? POSITIONED : IN_FLOW;
}

/**
 * The occluder paints over the block: a higher level in their shared context, or the same positioned
 * level and later in tree order. Chains run from just below the common ancestor down to each element.
 */
export function paintsOver(occluder: readonly StackStep[], block: readonly StackStep[], occluderLaterInTree: boolean): boolean {
  const o = paintLevel(occluder);
  const b = paintLevel(block);
  if (o > b) return true;
  return o === b && o >= POSITIONED && occluderLaterInTree;
}

/** Which side of the pair an element found at a point belongs to. */
export type HitSide = 'occluder' | 'block' | 'other';

/**
 * Reading of `elementsFromPoint` (topmost first) at a point of the block: true when the occluder comes
 * before the block, false when the block shows above it. When the occluder is not listed: false if hit
 * testing would have found it (something clips it away there), null if it would not (`pointer-events:
 * none` takes an element out of hit testing, so its absence then proves nothing). Null too when the
 * block is not listed.
 */
export function hitTestVerdict(stack: readonly HitSide[], occluderHitTestable: boolean): boolean | null {
  const o = stack.indexOf('occluder');
  const b = stack.indexOf('block');
  if (b < 0) return null;
  if (o >= 0) return o < b;
  return occluderHitTestable ? false : null;
}
