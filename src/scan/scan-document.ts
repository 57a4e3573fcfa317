/**
 * DOM → Segment[]: every piece of text an agent reading the page would see, grouped into blocks, with how
 * (and whether) each is hidden from the human.
 *
 *   document ─► walk (explicit stack, slices of ~4 ms, yields via MessageChannel)
 *                 element: read computed style once → hiding reasons (carried down / own), block or inline
 *                 text:    appended to the nearest block's buffer (same hiding reasons only)
 *                 comments, attributes, meta, noscript, template, script data, textarea, svg: own segments
 *                 open shadow roots, same-origin iframes: walked in place
 *             ─► readAsAgent per segment (core) ─► ids, registry (for page actions) ─► ScanResult
 *
 * A guest in the page: only reads (computed style, rects), never writes the DOM, never throws.
 */
import type { HidingReason, InvisibleReport, Segment, SourceKind, Visibility } from '../core/types';
import { readAsAgent } from '../core/agent-text';
import { evaluateRules } from '../core/rules';
import { WHITE, compositeOver, contrastRatio, parseCssColor, type Rgba } from './color';
import {
  BLOCK_TAGS,
  FAR_TEXT_INDENT_PX,
  LOW_CONTRAST_RATIO,
  MIN_VISIBLE_OPACITY,
  MIN_VISIBLE_SCALE,
  TINY_FONT_PX,
  ZERO_SIZE_PX,
  clipsOverflow,
  isBlockDisplay,
  isClipPathEmpty,
  isClipRectEmpty,
  scalePropertyFactor,
  transformScaleFactor,
} from './hiding-rules';
import { computedStyleOf, readStyleRecord, type StyleRecord } from './style-record';
import { P_ALL, P_BACKGROUND, P_INHERITED, P_POSITION, declaredInline, declaredProperties } from './declared-properties';
import { SelectorPaths } from './selector-path';
import { registerSegment, forgetSegments, type SegmentTarget } from './segment-registry';
import {
  collapseWhitespace,
  isExecutableScriptType,
  isTextMeta,
  isUrlLike,
  jsonStringsText,
  markupText,
  splitLongText,
} from './text-sources';
import { yieldToPage } from './yield-to-page';
import {
  A_ARIA_HIDDEN,
  A_HIDDEN,
  A_OPEN,
  A_OWN_MARKER,
  A_PRESENTATIONAL,
  A_STYLE,
  A_TEXT,
  NO_NAMES,
  OWN_NODE_ATTRIBUTE,
  attributeFlags,
  attributeText,
} from './attribute-flags';
import { isOwnNode } from './actions/own-nodes';
import { CoverCheck } from './covered-dom';
import { looksLikeClosedShadowHost, parentAcrossShadow } from './dom-tree';

export interface ScanOptions {
  /** Work per slice before yielding to the page, ms (default 4). */
  budgetMs?: number;
  /** Elements + text nodes visited before giving up (default 65,536; uBlock's maxSurveyNodes). */
  maxNodes?: number;
  /** Longer texts are split into several segments of at most this many chars (default 4,000). */
  maxSegmentChars?: number;
  /** Scan same-origin iframes too (default true). */
  descendFrames?: boolean;
  /** Stops the scan; the result so far is returned with `truncated: true`. */
  signal?: AbortSignal;
  /** Scan only this subtree (its ancestors still decide its hiding); default the whole document. */
  root?: Element;
  /**
   * Added (optional): reads closed shadow roots where the platform allows it, e.g. the extension passes
   * `chrome.dom.openOrClosedShadowRoot`. Firefox content scripts have `element.openOrClosedShadowRoot`,
   * which the scanner tries by itself.
   */
  getShadowRoot?: (el: Element) => ShadowRoot | null;
  /** Added (optional): stop after this many segments (default 5,000). */
  maxSegments?: number;
  /**
   * Added (optional), scanSubtrees only: the elements whose nested blocks are read. A nested element that is a block
   * by tag and by layout, a <template>'s content or a frame is entered only when in this set; the rest of the subtree
   * is read as usual. The lazy scan passes its chosen blocks and all that holds them: its quick pass gave every other
   * nested block its own piece, which the choice did not name, so rescanning a big container reads its own text, not
   * the whole container. Segment boundaries stay where a full scan puts them (the skipped block still ends one).
   */
  enterOnly?: ReadonlySet<Element>;
}

export interface ScanResult {
  segments: Segment[];
  /** Custom elements that render something but expose no shadow root: possibly closed roots we cannot read. */
  closedShadowRoots: number;
  /** A cap (nodes, segments) was hit or the scan was aborted. */
  truncated: boolean;
  /** extract: ms of scanner work (slices summed, waits excluded); slices: count; longestSliceMs. */
  timings: { extract: number; slices: number; longestSliceMs: number };
  /** Added (optional): false when only changed subtrees were rescanned (watchMutations). */
  full?: boolean;
}

export const SCAN_BUDGET_MS = 4;
export const MAX_SCAN_NODES = 65_536;
export const MAX_SEGMENT_CHARS = 4_000;
export const MAX_SEGMENTS = 5_000;
/** Past maxSegments, up to this many more segments are kept if the core rules find them instruction-like. */
const MAX_OVERFLOW_SEGMENTS = 500;

function safeHasRuleHit(text: string): boolean {
  try {
    return evaluateRules(text).length > 0;
  } catch {
    return true;
  }
}

/** Past maxNodes, text is still read (without style) up to this many times maxNodes. */
const CHEAP_NODES_FACTOR = 4;
/** A single text node / attribute / script block is read up to this many chars. */
const MAX_NODE_CHARS = 200_000;
/** Grouped text segments remember at most this many text nodes for the page actions. */
const MAX_NODES_PER_SEGMENT = 64;
/** Shorter comments ("/", "end") carry nothing. */
const MIN_COMMENT_CHARS = 3;
/** Elements left of / above the page, or this far right of the viewport, are off-screen. */
const OFFSCREEN_RIGHT_MARGIN_PX = 0;

export { OWN_NODE_ATTRIBUTE };

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Reasons that keep text from a sighted reader ('aria-hidden' only hides from screen readers). */
const HUMAN_HIDING = new Set<HidingReason>([
  'display-none', 'visibility-hidden', 'opacity', 'tiny-font', 'low-contrast', 'off-screen', 'clipped',
  'zero-size', 'transform-scale', 'text-indent', 'hidden-attribute', 'closed-details', 'content-visibility',
  'covered', 'not-rendered',
]);

let nextSegmentId = 1;

/** The empty reason list, shared (lists are never mutated: addReason copies). */
const NO_REASONS: HidingReason[] = [];

const BIDI_OVERRIDE = /[\u202d\u202e]/;
/**
 * White-space runs that are not already one plain space: replacing every single space between words
 * would build the text again match by match (most text needs no change at all).
 */
const WHITE_SPACE_RUN = /[ \t\n\r\f\u00a0]{2,}|[\t\n\r\f\u00a0]/g;
/** Blocks whose line breaks are part of what a reader sees. */
const PREFORMATTED_TAGS = new Set(['pre', 'textarea', 'listing', 'xmp', 'plaintext']);

/** Childless elements whose style still matters: their value, frame or field is text. */
const CHILDLESS_NEEDS_STYLE = new Set(['input', 'textarea', 'iframe', 'frame', 'select', 'template']);
/**
 * Elements the user-agent style sheet gives non-initial overflow, position, background or
 * content-visibility (form controls, frames, dialogs, …), or whose attributes style them: read in full.
 */
const UA_STYLED_TAGS = new Set([
  'input', 'textarea', 'select', 'button', 'option', 'optgroup', 'iframe', 'frame', 'frameset', 'dialog',
  'details', 'summary', 'fieldset', 'legend', 'marquee', 'mark', 'meter', 'progress', 'img', 'video', 'audio',
  'canvas', 'object', 'embed', 'body', 'html', 'font', 'center', 'slot',
]);
/**
 * Childless elements never taken for an occluder: replaced content (an image may be transparent; what it
 * paints is unknown) and elements without a box of their own.
 */
const NEVER_OCCLUDERS = new Set([
  'img', 'picture', 'video', 'audio', 'canvas', 'embed', 'object', 'source', 'track', 'area', 'map', 'col',
  'colgroup', 'param', 'hr', 'br', 'wbr', 'head', 'meta', 'link', 'style', 'script', 'noscript', 'slot',
]);
/** Elements whose text is a value rather than child text nodes. */
const OWN_TEXT_TAGS = new Set(['input', 'textarea', 'select']);

/** The attribute value says what the element's (short) text says. Bounded: small elements only. */
function repeatsOwnText(el: Element, value: string): boolean {
  if (!el.firstChild || value.length > 300) return false;
  let n = 0;
  for (let c: ChildNode | null = el.firstChild; c; c = c.nextSibling) if (++n > 4) return false;
  const text = el.textContent ?? '';
  if (text.length > 400) return false;
  return collapseWhitespace(text).toLowerCase() === collapseWhitespace(value).toLowerCase();
}

/** Has a non-blank text node child (cheap: direct children only). */
function hasOwnText(el: Element): boolean {
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 3 && isNonBlank((c as Text).data)) return true;
  }
  return false;
}

/** /\S/ with a fast path: most text starts with a visible character, blank text with a newline. */
function isNonBlank(s: string): boolean {
  if (!s) return false;
  const c = s.charCodeAt(0);
  if (c > 32 && c !== 160) return true;
  return /\S/.test(s);
}

interface FrameInfo {
  doc: Document;
  win: Window | null;
  path: string;
  scrollX: number;
  scrollY: number;
  viewWidth: number;
  viewHeight: number;
  /** Elements animated by script or CSS right now: their values need not come from any sheet. */
  animated: Set<Element>;
  /** Properties the document's sheets declare (declared-properties bits). */
  props: number;
}

interface Buffer {
  order: number;
  parts: string[];
  chars: number;
  nodes: Node[];
}

/** Where the text of an element goes: one per block / per change of hiding reasons. */
interface Block {
  root: Element;
  reasons: HidingReason[];
  key: string;
  source: SourceKind;
  detail?: string;
  frame: FrameInfo;
  buf: Buffer | null;
  /** null: checkVisibility still to run when text arrives; undefined: not needed. */
  rendered?: boolean | null;
}

interface Ctx {
  frame: FrameInfo;
  /** Reasons that hold for every descendant (display:none, opacity, clip, …). */
  carried: HidingReason[];
  opacity: number;
  scale: number;
  /** Effective background under this element; null when unknown (an image or gradient). */
  bg: Rgba | null;
  /** Computed style is meaningful here (not inside display:none, <template>, …). */
  styled: boolean;
  source: SourceKind;
  block: Block;
  /** Properties the sheets of this tree scope declare (declared-properties bits): the others are not read. */
  props: number;
  /** Inherited properties an ancestor's own style (attribute, animation) sets: read them for the text below. */
  forceText: number;
}

type Work = { node: Node; ctx: Ctx } | { exit: Block };

interface Pending {
  order: number;
  /** Its id is given in document order when the scan finishes. */
  seg: Segment;
  target: SegmentTarget;
}

class Scanner {
  readonly budgetMs: number;
  readonly maxNodes: number;
  readonly maxChars: number;
  readonly maxSegments: number;
  readonly descendFrames: boolean;
  readonly signal?: AbortSignal;
  readonly getShadowRoot?: (el: Element) => ShadowRoot | null;

  readonly paths = new SelectorPaths();
  readonly pending: Pending[] = [];
  /** Out-of-flow opaque boxes seen by the walk; after it, the visible text under them is 'covered'. */
  readonly cover = new CoverCheck();
  order = 0;
  nodes = 0;
  truncated = false;
  closedShadowRoots = 0;
  lastSliceMs = 0;
  /** Set-up time spent before the first slice, in the same task. */
  preludeMs = 0;
  /** Past maxNodes: text only, no style reads. */
  cheap = false;
  /** The walk's stack as two parallel arrays (no object per node): a null ctx marks a block's exit. */
  private items: (Node | Block)[] = [];
  private ctxs: (Ctx | null)[] = [];

  private pushNode(node: Node, ctx: Ctx): void {
    this.items.push(node);
    this.ctxs.push(ctx);
  }

  private pushExit(block: Block): void {
    this.items.push(block);
    this.ctxs.push(null);
  }

  constructor(opts: ScanOptions) {
    this.budgetMs = opts.budgetMs ?? SCAN_BUDGET_MS;
    this.maxNodes = opts.maxNodes ?? MAX_SCAN_NODES;
    this.maxChars = opts.maxSegmentChars ?? MAX_SEGMENT_CHARS;
    this.maxSegments = opts.maxSegments ?? MAX_SEGMENTS;
    this.descendFrames = opts.descendFrames ?? true;
    this.signal = opts.signal;
    this.getShadowRoot = opts.getShadowRoot;
    this.enterOnly = opts.enterOnly ?? null;
  }

  /** ScanOptions.enterOnly, or null: enter everything. */
  private readonly enterOnly: ReadonlySet<Element> | null;

  /** A nested block, template or frame this scan does not enter (ScanOptions.enterOnly). */
  private skips(el: Element, pc: Ctx): boolean {
    // Inside template content the quick pass has one piece per template: what was chosen is all of it.
    return this.enterOnly !== null && !this.enterOnly.has(el) && pc.source !== 'template';
  }

  // ── emission ────────────────────────────────────────────────────────────────────────────────

  private emit(
    raw: string,
    source: SourceKind,
    detail: string | undefined,
    reasons: HidingReason[],
    visibility: Visibility | null,
    frame: FrameInfo,
    element: Element,
    extra: { node?: Node; nodes?: Node[]; attribute?: string; preformatted?: boolean } = {},
    order = this.order++,
  ): void {
    // Rendered text reads as single spaces, except line breaks a reader sees: <br> (marked U+2028 while
    // collecting) and the lines of preformatted blocks. Rules anchor on line starts ("System:" on its own line).
    const cleaned = extra.preformatted
      ? raw.replace(/[ \t\r\f\u00a0]+/g, ' ').replace(/ *\n[\n ]*/g, '\n').trim()
      : raw.includes('\u2028')
        ? raw.replace(WHITE_SPACE_RUN, ' ').replace(/ ?\u2028[\u2028 ]*/g, '\n').trim()
        : raw.replace(WHITE_SPACE_RUN, ' ').trim();
    if (!cleaned) return;
    const selector = this.paths.pathOf(element);
    for (const piece of splitLongText(cleaned, this.maxChars)) {
      const overflowing = this.pending.length >= this.maxSegments;
      if (overflowing) {
        this.truncated = true;
        if (this.pending.length >= this.maxSegments + MAX_OVERFLOW_SEGMENTS) return;
      }
      let read: { text: string; invisible: InvisibleReport };
      try {
        read = readAsAgent(piece);
      } catch {
        read = { text: piece, invisible: { removed: 0, kinds: [], decoded: '' } };
      }
      const text = read.text.trim();
      if (!text) continue;
      // Past the segment cap only instruction-like text is kept: decoys cannot push a payload out.
      if (overflowing && !read.invisible.decoded && !safeHasRuleHit(text)) continue;
      const smuggled = read.invisible.decoded.length > 0;
      // Tag characters carry nothing visible; bidi overrides show people another order than agents read.
      // Zero-width joiners, LRM/RLM, emoji variation selectors and soft hyphens are everyday text: not a reason.
      const evasive =
        read.invisible.removed > 0 && (read.invisible.kinds.includes('tag') || BIDI_OVERRIDE.test(piece));
      const segReasons = smuggled || evasive ? addReason(reasons, 'invisible-unicode') : reasons;
      const vis: Visibility =
        visibility ?? (smuggled || segReasons.some((r) => HUMAN_HIDING.has(r)) ? 'hidden' : 'visible');
      const seg: Segment = {
        id: 0,
        text,
        raw: piece,
        source,
        hidden: segReasons,
        visibility: vis,
        selector,
        frame: frame.path,
        length: text.length,
        invisible: read.invisible,
      };
      if (detail) seg.detail = detail;
      const target: SegmentTarget = { element };
      if (extra.node) target.node = extra.node;
      if (extra.nodes) target.nodes = extra.nodes;
      if (extra.attribute) target.attribute = extra.attribute;
      this.pending.push({ order, seg, target });
    }
  }

  private flush(block: Block): void {
    const buf = block.buf;
    block.buf = null;
    if (!buf || !buf.parts.length) return;
    const preformatted = PREFORMATTED_TAGS.has(block.root.localName);
    const extra = buf.nodes.length === 1 ? { node: buf.nodes[0], nodes: buf.nodes, preformatted } : { nodes: buf.nodes, preformatted };
    const vis: Visibility | null = block.source === 'template' || block.source === 'noscript' ? 'not-rendered' : null;
    if (block.rendered === null) block.rendered = this.isRendered(block.root);
    const reasons = block.rendered === false ? addReason(block.reasons, 'not-rendered') : block.reasons;
    this.emit(buf.parts.join(''), block.source, block.detail, reasons, vis, block.frame, block.root, extra, buf.order);
  }

  private appendText(block: Block, node: Text): void {
    let data = node.data;
    if (!isNonBlank(data)) {
      if (block.buf) block.buf.parts.push(' ');
      return;
    }
    if (data.length > MAX_NODE_CHARS) {
      data = data.slice(0, MAX_NODE_CHARS);
      this.truncated = true;
    }
    if (!block.buf) block.buf = { order: this.order++, parts: [], chars: 0, nodes: [] };
    const buf = block.buf;
    buf.parts.push(data);
    buf.chars += data.length;
    if (buf.nodes.length < MAX_NODES_PER_SEGMENT) buf.nodes.push(node);
    if (buf.chars >= this.maxChars) this.flush(block);
  }

  // ── per element ─────────────────────────────────────────────────────────────────────────────

  /**
   * Hiding state of one element: the context its children inherit and the reasons for its own text.
   * Reads computed style once and a rect only where position or clipping can hide.
   */
  elementState(
    el: Element,
    pc: Ctx,
    ownsText = true,
    flags = el.hasAttributes() ? attributeFlags(el.getAttributeNames()) : 0,
  ): { ctx: Ctx; own: HidingReason[]; isBlock: boolean; style: StyleRecord | null } {
    let carried = pc.carried;
    let own = NO_REASONS;
    let { opacity, scale, bg, styled } = pc;
    const tag = el.localName;
    let need = pc.props | pc.forceText;
    let forceText = pc.forceText;
    if (styled && need !== P_ALL) {
      // What the sheets cannot tell: this element's own style attribute, presentational attributes, animations.
      if (pc.frame.animated.has(el)) {
        need = P_ALL;
        forceText = P_INHERITED;
      } else if (flags) {
        if (flags & A_STYLE) {
          const inline = declaredInline(el);
          need |= inline;
          forceText |= inline & P_INHERITED;
        }
        if (flags & (A_HIDDEN | A_PRESENTATIONAL)) need = P_ALL;
      }
      if (UA_STYLED_TAGS.has(tag) || el.namespaceURI === SVG_NS) need = P_ALL;
    }
    const style = styled && !this.cheap && pc.frame.win ? readStyleRecord(pc.frame.win, el, ownsText, need) : null;
    let isBlock = BLOCK_TAGS.has(tag);

    if (flags & A_ARIA_HIDDEN && el.getAttribute('aria-hidden') === 'true') carried = addReason(carried, 'aria-hidden');

    if (style) {
      isBlock = style.display === 'none' ? BLOCK_TAGS.has(tag) : isBlockDisplay(style.display);
      if (style.display === 'none') {
        carried = addReason(carried, flags & A_HIDDEN ? 'hidden-attribute' : 'display-none');
        styled = false; // descendants of display:none have no boxes: skip their style reads
      } else {
        if (style.visibility === 'hidden' || style.visibility === 'collapse') own = addReason(own, 'visibility-hidden');
        if (!Number.isNaN(style.opacity)) opacity *= style.opacity;
        if (opacity < MIN_VISIBLE_OPACITY) carried = addReason(carried, 'opacity');
        scale *= transformScaleFactor(style.transform) * scalePropertyFactor(style.scale) * style.zoom;
        if (scale < MIN_VISIBLE_SCALE) carried = addReason(carried, 'transform-scale');
        else if (style.fontSizePx * scale <= TINY_FONT_PX) own = addReason(own, 'tiny-font');
        if (
          ((style.position === 'absolute' || style.position === 'fixed') && isClipRectEmpty(style.clip)) ||
          isClipPathEmpty(style.clipPath)
        ) {
          carried = addReason(carried, 'clipped');
        }
        if (style.contentVisibility === 'hidden') {
          carried = addReason(carried, flags & A_HIDDEN ? 'hidden-attribute' : 'content-visibility');
        }
        if (Math.abs(style.textIndentPx) >= FAR_TEXT_INDENT_PX) own = addReason(own, 'text-indent');

        // Effective background from colours alone, then text colour against it. Background images (the
        // background is then unknown) and text shadows (they outline text on any background) only matter
        // once the colours say "low contrast", so they are read then, not for every element.
        const c = parseCssColor(style.backgroundColor);
        if (c && c.a > 0) bg = bg ? compositeOver(c, bg) : c.a >= 0.99 ? c : null;
        if (ownsText) {
          const fill = parseCssColor(style.textColor);
          const clear = !!fill && fill.a < MIN_VISIBLE_OPACITY;
          const faint = !clear && !!fill && !!bg && contrastRatio(fill, bg) < LOW_CONTRAST_RATIO;
          if ((clear || faint) && this.contrastStands(el, pc.frame.win!, faint)) own = addReason(own, 'low-contrast');
        }

        if (style.display !== 'contents') {
          const rect = this.geometry(el, style, isBlock && ownsText, pc, (r) => (carried = r), () => carried);
          if (rect && isBlock && ownsText) this.cover.noteBox(el, rect);
          if (rect && style.position !== 'relative' && !carried.some((r) => HUMAN_HIDING.has(r))) {
            this.cover.consider(el, pc.frame.win!, {
              position: style.position,
              backgroundColor: style.backgroundColor,
              transform: style.transform,
              clipPath: style.clipPath,
              clip: style.clip,
              opacity,
              rect,
              backgroundDeclared: style.backgroundColor !== '',
            });
          }
        }
      }
    }
    const ctx: Ctx = { frame: pc.frame, carried, opacity, scale, bg, styled, source: pc.source, block: pc.block, props: pc.props, forceText };
    return { ctx, own, isBlock, style };
  }

  /**
   * A colour-only "low contrast" verdict stands unless the text has a shadow, or a background image lies
   * between it and the nearest opaque background colour (the background is then unknown: no verdict).
   */
  private contrastStands(el: Element, win: Window, againstBackground: boolean): boolean {
    const own = computedStyleOf(win, el);
    if (!own || own.textShadow !== 'none') return false;
    // Clear text over its own background image is the `background-clip: text` look, not hiding.
    const ownImage = own.backgroundImage;
    if (ownImage !== 'none' && ownImage !== '') return false;
    if (!againstBackground) return true;
    for (let cur: Element | null = el; cur; cur = parentAcrossShadow(cur)) {
      const cs = cur === el ? own : computedStyleOf(win, cur);
      if (!cs) return false;
      const image = cs.backgroundImage;
      if (image !== 'none' && image !== '') return false;
      const c = parseCssColor(cs.backgroundColor);
      if (c && c.a >= 0.99) return true;
    }
    return true;
  }

  /**
   * Rect-based reasons: off-screen, zero size with clipped overflow. Reads a rect only when it can matter
   * (always for positioned boxes) and returns it, null when none was read.
   */
  private geometry(
    el: Element,
    style: StyleRecord,
    blockWithText: boolean,
    pc: Ctx,
    set: (r: HidingReason[]) => void,
    get: () => HidingReason[],
  ): DOMRect | null {
    const positioned = style.position !== 'static';
    const clips = clipsOverflow(style) || el.localName === 'iframe';
    if (!positioned && !clips && !blockWithText && style.transform === 'none') return null;
    if (!positioned && get().some((r) => r !== 'aria-hidden')) return null; // already hidden; the rect adds nothing
    let rect: DOMRect;
    try {
      rect = el.getBoundingClientRect();
    } catch {
      return null;
    }
    let carried = get();
    const hasContent = !!el.firstChild || el.localName === 'iframe';
    if (clips && (rect.width <= ZERO_SIZE_PX || rect.height <= ZERO_SIZE_PX) && hasContent) {
      carried = addReason(carried, 'zero-size');
    }
    if (rect.width > 0 && rect.height > 0) {
      const f = pc.frame;
      const off =
        rect.right + f.scrollX <= 0 ||
        rect.bottom + f.scrollY <= 0 ||
        rect.left + f.scrollX >= f.viewWidth + OFFSCREEN_RIGHT_MARGIN_PX ||
        // A block pulled far left by a negative margin is wide but its (left-aligned) text starts off-page.
        rect.left + f.scrollX <= -FAR_TEXT_INDENT_PX ||
        // Fixed boxes do not scroll: below the viewport they are never seen.
        (style.position === 'fixed' && rect.top >= f.viewHeight);
      // A positioned box is placed on its own: it may bring text back on screen from an off-screen parent.
      if (positioned && !off) carried = carried.filter((r) => r !== 'off-screen');
      if (off) carried = addReason(carried, 'off-screen');
    }
    set(carried);
    return rect;
  }

  // ── the walk ────────────────────────────────────────────────────────────────────────────────

  private visitElement(el: Element, pc: Ctx): void {
    // The marker alone proves nothing (a page can set it on its payload): skip only overlays we made.
    const names = el.hasAttributes() ? el.getAttributeNames() : NO_NAMES;
    const flags = names.length ? attributeFlags(names) : 0;
    if (flags & A_OWN_MARKER && isOwnNode(el)) return;
    const tag = el.localName;
    const inSvg = el.namespaceURI === SVG_NS;

    // Elements whose text is data, not flow content.
    if (!inSvg) {
      switch (tag) {
        case 'script':
          return this.visitScript(el, pc);
        case 'style':
        case 'link':
        case 'base':
          return;
        case 'br':
        case 'wbr':
          if (pc.block.buf && tag === 'br') pc.block.buf.parts.push('\u2028');
          return;
        case 'meta':
          return this.visitMeta(el, pc);
        case 'title':
          if (el.parentElement?.localName === 'head' || el.parentElement === null) {
            this.emit(el.textContent ?? '', 'meta', 'title', [], 'visible', pc.frame, el);
            return;
          }
      }
    } else if (tag === 'title' || tag === 'desc') {
      this.emit(el.textContent ?? '', 'svg', tag, addReason(pc.carried, 'not-rendered'), 'not-rendered', pc.frame, el);
      return;
    }

    // A childless element (img, hr, path, an empty div) holds no text: its attributes only need the
    // reasons carried from its ancestors, so its style is not read at all.
    const shadow = this.shadowOf(el);
    // The shadow root's own sheets style the host (:host), its shadow tree and slotted light children.
    if (shadow && pc.props !== P_ALL) pc = { ...pc, props: pc.props | declaredProperties(shadow) };
    if (!el.firstChild && !shadow && !CHILDLESS_NEEDS_STYLE.has(tag)) {
      if (flags & A_TEXT) this.visitAttributes(el, names, pc, pc.carried);
      this.countPossiblyClosed(el, pc);
      if (!inSvg) this.considerChildlessOccluder(el, tag, flags, pc);
      return;
    }
    const ownsText = OWN_TEXT_TAGS.has(tag) || (inSvg && tag === 'text') || hasOwnText(el);
    const state = this.elementState(el, pc, ownsText, flags);
    const { ctx, own } = state;
    // A <select>'s options read as one list (one per line), not one segment each.
    const isOption = tag === 'option' || tag === 'optgroup';
    const isBlock = state.isBlock && !isOption;
    if (isOption && pc.block.buf) pc.block.buf.parts.push('\u2028');
    const textReasons = own.length ? mergeReasons(ctx.carried, own) : ctx.carried;

    if (flags & A_TEXT) this.visitAttributes(el, names, ctx, textReasons);

    if (!inSvg) {
      if (tag === 'textarea') {
        this.emit(capped(el.textContent ?? ''), 'textarea', 'textarea', textReasons, null, ctx.frame, el, { preformatted: true });
        return;
      }
      if (tag === 'input') return this.visitInput(el, ctx, textReasons);
      if (tag === 'noscript' && !el.firstElementChild) {
        const reasons = addReason(ctx.carried, 'not-rendered');
        this.emit(markupText(capped(el.textContent ?? '')), 'noscript', 'noscript', reasons, 'not-rendered', ctx.frame, el);
        return;
      }
      if (tag === 'template') {
        const content = (el as HTMLTemplateElement).content;
        if (!content) return;
        // The template element is display:none, its content is simply never rendered.
        const carried = addReason(pc.carried, 'not-rendered');
        const tctx: Ctx = { ...ctx, carried, styled: false, source: 'template' };
        tctx.block = this.newBlock(el, carried, 'template', 'template', ctx.frame);
        this.paths.noteFragmentOwner(content, el);
        if (!this.skips(el, pc)) this.pushChildren(content, tctx, el);
        return;
      }
      if (tag === 'iframe' || tag === 'frame') return this.skips(el, pc) ? undefined : this.visitFrame(el, ctx);
    }

    // Where this element's own text goes: a new block for block boxes, for SVG <text>, for a change of
    // hiding reasons (a hidden span inside a visible paragraph is its own segment) or of source.
    const svgText = inSvg && tag === 'text';
    const source: SourceKind = svgText ? 'svg' : tag === 'noscript' ? 'noscript' : pc.block.source;
    const key = reasonKey(textReasons);
    let block = pc.block;
    if (isBlock || svgText || key !== pc.block.key || source !== pc.block.source) {
      if (isBlock || svgText) this.flush(pc.block); // text after this block starts a new segment
      // detail = the block's tag (types.ts: "tag name otherwise"): lets rules tell a <pre> code sample from prose.
      block = this.newBlock(el, textReasons, source, svgText ? 'text' : tag, ctx.frame);
      // The flat-tree backstop runs when the block turns out to hold text (most blocks hold none).
      if (ctx.styled && isBlock && !textReasons.some((r) => HUMAN_HIDING.has(r))) block.rendered = null;
      this.pushExit(block);
    }
    ctx.block = block;
    ctx.source = source;
    // A block of its own in the quick pass that the choice did not name: it ends the text before it, no more.
    if (isBlock && BLOCK_TAGS.has(tag) && this.skips(el, pc)) return;

    // Open shadow root first (it is what renders), then light children (rendered only when slotted).
    if (shadow) {
      this.pushChildren(el, ctx, el, true);
      this.pushChildren(shadow, ctx, el);
      return;
    }
    this.countPossiblyClosed(el, ctx);
    if (tag === 'details' && !(flags & A_OPEN)) return this.pushDetailsChildren(el, ctx);
    this.pushChildren(el, ctx, el);
  }

  /**
   * An empty box can still paint over text (the classic overlay is an empty absolutely positioned
   * `<div>`). Its style is read only where the sheets or its own style attribute can have set both a
   * position and a background.
   */
  private considerChildlessOccluder(el: Element, tag: string, flags: number, pc: Ctx): void {
    if (!pc.styled || this.cheap || !pc.frame.win || NEVER_OCCLUDERS.has(tag)) return;
    let need = pc.props;
    if (pc.frame.animated.has(el) || flags & A_PRESENTATIONAL) need = P_ALL;
    else if (flags & A_STYLE && (need & (P_POSITION | P_BACKGROUND)) !== (P_POSITION | P_BACKGROUND)) need |= declaredInline(el);
    if (!(need & P_POSITION) || !(need & P_BACKGROUND)) return;
    if (pc.carried.length && pc.carried.some((r) => HUMAN_HIDING.has(r))) return;
    this.cover.considerChildless(el, pc.frame.win, pc.opacity, true);
  }

  /** checkVisibility as a backstop for blocks we think visible: the flat tree may still hide them. */
  private isRendered(el: Element): boolean {
    const check = (el as Element & { checkVisibility?: () => boolean }).checkVisibility;
    try {
      return typeof check !== 'function' || check.call(el);
    } catch {
      return true; // older engines
    }
  }

  private newBlock(root: Element, reasons: HidingReason[], source: SourceKind, detail: string | undefined, frame: FrameInfo): Block {
    return { root, reasons, key: reasonKey(reasons), source, detail, frame, buf: null };
  }

  /** Pushes children in reverse so they pop in document order. */
  private pushChildren(parent: Node, ctx: Ctx, owner: Element, lightOfShadowHost = false): void {
    for (let kid = parent.lastChild; kid; kid = kid.previousSibling) {
      let kctx = ctx;
      if (lightOfShadowHost && (kid.nodeType === 1 || kid.nodeType === 3)) {
        const slotted = (kid as Element | Text).assignedSlot;
        if (!slotted && (kid.nodeType === 1 || /\S/.test((kid as Text).data))) {
          const carried = addReason(ctx.carried, 'not-rendered');
          kctx = { ...ctx, carried };
          if (kid.nodeType === 3) kctx.block = this.newBlock(owner, carried, ctx.source, owner.localName, ctx.frame);
          if (kid.nodeType === 3) this.pushExit(kctx.block);
        }
      }
      this.pushNode(kid, kctx);
    }
  }

  /** A closed <details> shows only its first <summary>. */
  private pushDetailsChildren(el: Element, ctx: Ctx): void {
    const summary = Array.from(el.children).find((c) => c.localName === 'summary');
    const carried = addReason(ctx.carried, 'closed-details');
    const hiddenCtx: Ctx = { ...ctx, carried };
    const hiddenBlock = this.newBlock(el, mergeReasons(ctx.block.reasons, ['closed-details']), ctx.source, 'details', ctx.frame);
    hiddenCtx.block = hiddenBlock;
    this.pushExit(hiddenBlock);
    const kids: Node[] = [];
    for (let c = el.firstChild; c; c = c.nextSibling) kids.push(c);
    for (let i = kids.length - 1; i >= 0; i--) {
      this.pushNode(kids[i], kids[i] === summary ? ctx : hiddenCtx);
    }
  }

  private shadowOf(el: Element): ShadowRoot | null {
    try {
      if (el.shadowRoot) return el.shadowRoot;
      if (this.getShadowRoot) return this.getShadowRoot(el);
      const ff = (el as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
      return ff ?? null;
    } catch {
      return null;
    }
  }

  /** A possibly closed shadow root (dom-tree.ts): counted, since its text cannot be read. */
  private countPossiblyClosed(el: Element, ctx: Ctx): void {
    if (ctx.styled && looksLikeClosedShadowHost(el, ctx.frame.win)) this.closedShadowRoots++;
  }

  /** `names`: el.getAttributeNames() (strings: indexing el.attributes would create an Attr wrapper each). */
  private visitAttributes(el: Element, names: readonly string[], ctx: Ctx, textReasons: HidingReason[]): void {
    let notRendered: HidingReason[] | null = null;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const v = attributeText(el, name);
      if (v === null) continue;
      // <a title="Paris">Paris</a>: the agent reads these words in the text already (data-* values are not shown).
      if (!name.startsWith('data-') && name !== 'placeholder' && repeatsOwnText(el, v)) continue;
      if (name === 'placeholder') {
        // Painted in an empty field: judged like the field's text.
        this.emit(capped(v), 'attribute', name, textReasons, null, ctx.frame, el, { attribute: name });
      } else {
        notRendered ??= addReason(ctx.carried, 'not-rendered');
        this.emit(capped(v), 'attribute', name, notRendered, 'not-rendered', ctx.frame, el, { attribute: name });
      }
    }
  }

  private visitInput(el: Element, ctx: Ctx, textReasons: HidingReason[]): void {
    const type = (el.getAttribute('type') ?? 'text').trim().toLowerCase();
    // The value attribute only: the live `.value` may hold what the person typed (passwords, messages).
    const value = el.getAttribute('value');
    if (!value || type === 'password' || !/\S/.test(value)) return;
    if (type === 'hidden') {
      this.emit(capped(value), 'input-value', 'value', addReason(ctx.carried, 'not-rendered'), 'not-rendered', ctx.frame, el, { attribute: 'value' });
    } else if (!['checkbox', 'radio', 'file', 'image', 'color', 'range'].includes(type)) {
      this.emit(capped(value), 'input-value', 'value', textReasons, null, ctx.frame, el, { attribute: 'value' });
    }
  }

  private visitScript(el: Element, pc: Ctx): void {
    const type = el.getAttribute('type');
    if (isExecutableScriptType(type)) return;
    const raw = capped(el.textContent ?? '');
    const t = (type ?? '').toLowerCase();
    const text = t.includes('json') ? (jsonStringsText(raw, MAX_NODE_CHARS) ?? raw) : raw;
    // Scripts mostly sit in <head> (display:none): 'not-rendered' says all there is to say.
    this.emit(text, 'script-data', t || 'script', ['not-rendered'], 'not-rendered', pc.frame, el);
  }

  private visitMeta(el: Element, pc: Ctx): void {
    const key = el.getAttribute('name') ?? el.getAttribute('property') ?? el.getAttribute('itemprop') ?? '';
    const content = el.getAttribute('content');
    if (!content || !isTextMeta(key) || isUrlLike(content)) return;
    this.emit(capped(content), 'meta', key.toLowerCase(), ['not-rendered'], 'not-rendered', pc.frame, el, { attribute: 'content' });
  }

  private visitFrame(el: Element, ctx: Ctx): void {
    if (!this.descendFrames) return;
    let doc: Document | null = null;
    try {
      doc = (el as HTMLIFrameElement).contentDocument; // null (or throws) when cross-origin
    } catch {
      return;
    }
    if (!doc?.documentElement) return;
    const frame = makeFrame(doc, (ctx.frame.path ? ctx.frame.path + ' >> ' : '') + this.paths.pathOf(el));
    const styled = ctx.styled && !!frame.win;
    const fctx: Ctx = { ...ctx, frame, styled, source: 'text', props: frame.props, forceText: 0 };
    fctx.block = this.newBlock(doc.documentElement, ctx.carried, 'text', 'html', frame);
    this.pushExit(fctx.block);
    this.pushChildren(doc, fctx, doc.documentElement);
  }

  private visitComment(node: Comment, ctx: Ctx): void {
    const data = node.data;
    if (collapseWhitespace(data).length < MIN_COMMENT_CHARS) return;
    const owner = node.parentElement ?? ctx.frame.doc.documentElement;
    if (!owner) return;
    this.emit(capped(data), 'comment', 'comment', ['not-rendered'], 'not-rendered', ctx.frame, owner, { node });
  }

  /** Runs the walk in slices; resolves when done, capped or aborted. */
  async run(initial: Work[]): Promise<{ extract: number; slices: number; longestSliceMs: number }> {
    for (let i = initial.length - 1; i >= 0; i--) {
      const w = initial[i];
      if ('exit' in w) this.pushExit(w.exit);
      else this.pushNode(w.node, w.ctx);
    }
    let extract = 0;
    let slices = 0;
    let longest = 0;
    // The first slice also carries the scan's set-up (sheets, animations), done in the same task.
    let sliceStart = performance.now() - this.preludeMs;
    this.preludeMs = 0;
    let deadline = sliceStart + this.budgetMs;
    let n = 0;
    while (this.items.length) {
      if ((++n & 15) === 0) {
        const now = performance.now();
        if (now >= deadline) {
          const spent = now - sliceStart;
          extract += spent;
          slices++;
          if (spent > longest) longest = spent;
          await yieldToPage();
          sliceStart = performance.now();
          deadline = sliceStart + this.budgetMs;
        }
        if (this.signal?.aborted) {
          this.truncated = true;
          break;
        }
      }
      if (this.pending.length >= this.maxSegments + MAX_OVERFLOW_SEGMENTS) {
        this.truncated = true;
        break;
      }
      const item = this.items.pop()!;
      const ctx = this.ctxs.pop() as Ctx | null;
      try {
        if (ctx === null) {
          this.flush(item as Block);
          continue;
        }
        const node = item as Node;
        const type = node.nodeType;
        if (type === 1 || type === 3) {
          if (++this.nodes > this.maxNodes) {
            // Past the cap a page could park its payload behind 65k filler nodes: keep reading text
            // without style reads (cheap, no hiding verdicts) up to a hard cap, and say it was truncated.
            this.truncated = true;
            this.cheap = true;
            if (this.nodes > this.maxNodes * CHEAP_NODES_FACTOR) break;
          }
          if (type === 1) this.visitElement(node as Element, ctx);
          else this.appendText(ctx.block, node as Text);
        } else if (type === 8) {
          this.visitComment(node as Comment, ctx);
        }
      } catch {
        // One odd node (a hostile getter, a detached frame) must not end the scan.
      }
    }
    // Flush what a cap or abort left open so nothing read is lost.
    for (let i = 0; i < this.items.length; i++) if (this.ctxs[i] === null) this.safeFlush(this.items[i] as Block);
    this.items = [];
    this.ctxs = [];
    const spent = performance.now() - sliceStart;
    extract += spent;
    slices++;
    if (spent > longest) longest = spent;
    this.lastSliceMs = spent;
    return { extract, slices, longestSliceMs: longest };
  }

  private safeFlush(block: Block): void {
    try {
      this.flush(block);
    } catch {
      /* ignore */
    }
  }

  /** Context for a subtree root: derived from its ancestors (top-down) without emitting anything. */
  contextFor(root: Element, top: Ctx): Ctx {
    const chain: Element[] = [];
    let ctx = top;
    for (let cur: Element | null = parentAcrossShadow(root); cur; cur = parentAcrossShadow(cur)) {
      const known = this.ancestorCtx.get(cur);
      if (known) {
        ctx = known;
        break;
      }
      chain.push(cur);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const el = chain[i];
      // Inside a shadow tree its own sheets apply too: read everything there rather than collect them.
      if (ctx.props !== P_ALL && el.getRootNode().nodeType === 11) ctx = { ...ctx, props: P_ALL };
      const { ctx: next, own } = this.elementState(el, ctx);
      if (el.localName === 'details' && !el.hasAttribute('open')) {
        const summary = Array.from(el.children).find((c) => c.localName === 'summary');
        const below = chain[i - 1] ?? root;
        if (below !== summary) next.carried = addReason(next.carried, 'closed-details');
      }
      if (el.localName === 'template') next.styled = false;
      void own;
      // Shared by later roots under the same ancestor, unless a closed <details> made it root-specific.
      if (el.localName !== 'details') this.ancestorCtx.set(el, next);
      ctx = next;
    }
    return ctx;
  }

  /** Contexts derived for ancestors of subtree roots, shared between the roots of one batch. */
  private readonly ancestorCtx = new Map<Element, Ctx>();

  finish(): Segment[] {
    this.pending.sort((a, b) => a.order - b.order);
    const out: Segment[] = [];
    for (const p of this.pending) out.push(this.seal(p));
    return out;
  }

  /**
   * finish() in slices: thousands of segments (ids, WeakRefs for the page actions) would otherwise make
   * one long task after the walk. Continues the walk's last slice, then yields like the walk does.
   */
  async finishInSlices(timings: { extract: number; slices: number; longestSliceMs: number }): Promise<Segment[]> {
    let start = performance.now();
    let carriedMs = this.lastSliceMs; // the walk's last slice runs on in this task
    this.pending.sort((a, b) => a.order - b.order);
    const out: Segment[] = [];
    const pending = this.pending;
    for (let i = 0; i < pending.length; i++) {
      if ((i & 63) === 63) {
        const now = performance.now();
        if (carriedMs + now - start >= this.budgetMs) {
          timings.extract += now - start;
          timings.longestSliceMs = Math.max(timings.longestSliceMs, carriedMs + now - start);
          await yieldToPage();
          timings.slices++;
          carriedMs = 0;
          start = performance.now();
        }
      }
      out.push(this.seal(pending[i]));
    }
    const spent = performance.now() - start;
    timings.extract += spent;
    timings.longestSliceMs = Math.max(timings.longestSliceMs, carriedMs + spent);
    return out;
  }

  private seal(p: Pending): Segment {
    const id = nextSegmentId++;
    try {
      registerSegment(id, p.target);
    } catch {
      /* WeakRef missing: actions degrade, the scan does not */
    }
    p.seg.id = id;
    return p.seg;
  }
}

/**
 * `knownProps`: the property mask to use instead of walking the document's sheets (declaredProperties): a small
 * rescan reads every property of its few elements for less than that walk costs.
 */
function makeFrame(doc: Document, path: string, knownProps?: number): FrameInfo {
  const win = doc.defaultView;
  let scrollX = 0;
  let scrollY = 0;
  let viewWidth = 0;
  let viewHeight = 0;
  const animated = new Set<Element>();
  let props = P_ALL;
  try {
    scrollX = win?.scrollX ?? 0;
    scrollY = win?.scrollY ?? 0;
    viewWidth = Math.max(doc.documentElement?.clientWidth ?? 0, win?.innerWidth ?? 0);
    viewHeight = Math.max(doc.documentElement?.clientHeight ?? 0, win?.innerHeight ?? 0);
    props = knownProps ?? declaredProperties(doc);
    // Animations (CSS or Web Animations from script) set values no sheet declares.
    for (const anim of doc.getAnimations?.() ?? []) {
      const target = (anim.effect as KeyframeEffect | null)?.target;
      if (target) animated.add(target);
    }
  } catch {
    props = P_ALL; /* detached */
  }
  return { doc, win, path, scrollX, scrollY, viewWidth: viewWidth || 1e9, viewHeight: viewHeight || 1e9, animated, props };
}

/** Elements in rescanned subtrees below which every property is read rather than the sheets walked. */
const FULL_READ_ELEMENTS = 256;

function fewElements(roots: readonly Element[]): boolean {
  let n = 0;
  for (const root of roots) {
    n += 1 + root.getElementsByTagName('*').length;
    if (n > FULL_READ_ELEMENTS) return false;
  }
  return true;
}

function capped(s: string): string {
  return s.length > MAX_NODE_CHARS ? s.slice(0, MAX_NODE_CHARS) : s;
}

function addReason(list: HidingReason[], r: HidingReason): HidingReason[] {
  return list.includes(r) ? list : [...list, r];
}

function mergeReasons(a: HidingReason[], b: HidingReason[]): HidingReason[] {
  let out = a;
  for (const r of b) out = addReason(out, r);
  return out;
}

/** Keys by list identity: lists are shared down the tree, so almost every lookup is a hit. */
const reasonKeys = new WeakMap<HidingReason[], string>();

function reasonKey(list: HidingReason[]): string {
  if (!list.length) return '';
  let key = reasonKeys.get(list);
  if (key === undefined) {
    key = [...list].sort().join(',');
    reasonKeys.set(list, key);
  }
  return key;
}

/**
 * Scans a document (or `opts.root`'s subtree) into segments. Never throws: on an internal failure it
 * resolves with what it has, `truncated: true`.
 */
export async function scanDocument(doc: Document, opts: ScanOptions = {}): Promise<ScanResult> {
  const o = opts ?? {};
  return scan(doc, o.root ? [o.root] : null, o);
}

/**
 * Scans several subtrees of one document in one pass (watchMutations' batches): ancestors shared by the
 * roots are styled once. Result segments are for those subtrees only (`full: false`).
 */
export async function scanSubtrees(doc: Document, roots: Element[], opts: Omit<ScanOptions, 'root'> = {}): Promise<ScanResult> {
  return scan(doc, roots, opts ?? {});
}

async function scan(doc: Document, roots: Element[] | null, opts: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const scanner = new Scanner(opts);
  const timings = { extract: 0, slices: 0, longestSliceMs: 0 };
  const full = !roots;
  try {
    if (full) forgetSegments();
    const docEl = doc.documentElement;
    if (!docEl) return { segments: [], closedShadowRoots: 0, truncated: false, timings, full };
    const frame = makeFrame(doc, '', roots && fewElements(roots) ? P_ALL : undefined);
    const top: Ctx = {
      frame,
      carried: [],
      opacity: 1,
      scale: 1,
      bg: WHITE,
      styled: !!frame.win,
      source: 'text',
      props: frame.props,
      forceText: 0,
      block: { root: docEl, reasons: [], key: '', source: 'text', detail: docEl.localName, frame, buf: null },
    };
    const batches: (() => Work[])[] = [];
    if (full) {
      batches.push(() => {
        const initial: Work[] = [];
        for (let c = doc.firstChild; c; c = c.nextSibling) initial.push({ node: c, ctx: top });
        initial.push({ exit: top.block });
        return initial;
      });
    } else {
      for (const root of roots) {
        batches.push(() => {
          if (!root.isConnected) return [];
          const ctx = { ...scanner.contextFor(root, top) };
          if (root.getRootNode().nodeType === 11) ctx.props = P_ALL; // shadow sheets: read everything
          // The root's own block (if it is inline) must not merge with anything outside the subtree.
          ctx.block = { root, reasons: ctx.carried, key: reasonKey(ctx.carried), source: ctx.source, detail: root.localName, frame, buf: null };
          return [{ node: root, ctx }, { exit: ctx.block }];
        });
      }
    }
    scanner.preludeMs = performance.now() - started;
    // Each batch (one subtree root) runs its own slices; many small roots in a row would never yield, so the slice
    // still open when a batch ends is carried into the next and closed here once it reaches the budget.
    let open = 0;
    for (const batch of batches) {
      if (scanner.truncated || opts.signal?.aborted) {
        scanner.truncated = true;
        break;
      }
      const b0 = performance.now();
      const work = batch();
      const setUp = performance.now() - b0; // the root's context (its ancestors' styles)
      const t = await scanner.run(work);
      open = (t.slices > 1 ? 0 : open + setUp) + scanner.lastSliceMs;
      timings.extract += t.extract + setUp;
      timings.slices += t.slices > 1 ? t.slices - 1 : 0;
      timings.longestSliceMs = Math.max(timings.longestSliceMs, t.longestSliceMs, open);
      if (open >= scanner.budgetMs) {
        timings.slices++;
        await yieldToPage();
        open = 0;
      }
    }
    if (batches.length) timings.slices++; // the slice still open, which the next phase carries on
    scanner.lastSliceMs = open;
    // Occluders outside rescanned subtrees were never walked: hit testing finds the ones over its text.
    if (!full) {
      const h = await scanner.cover.addOccludersAbove(scanner.pending, scanner.budgetMs);
      timings.extract += h.ms;
      timings.slices += h.slices;
      timings.longestSliceMs = Math.max(timings.longestSliceMs, h.longest);
    }
    if (scanner.cover.hasOccluders) {
      const c = await scanner.cover.apply(scanner.pending, scanner.budgetMs, scanner.lastSliceMs);
      timings.extract += c.ms;
      timings.slices += c.slices;
      timings.longestSliceMs = Math.max(timings.longestSliceMs, c.longest);
      scanner.lastSliceMs = c.tailMs;
    }
    const segments = await scanner.finishInSlices(timings);
    return { segments, closedShadowRoots: scanner.closedShadowRoots, truncated: scanner.truncated, timings, full };
  } catch {
    let segments: Segment[] = [];
    try {
      segments = scanner.finish();
    } catch {
      /* nothing */
    }
    return { segments, closedShadowRoots: scanner.closedShadowRoots, truncated: true, timings, full };
  }
}
