/**
 * The DOM shell of the `covered` check (decisions in covered.ts). During the walk the scanner hands over
 * elements it has already styled and measured that are placed out of flow (absolute/fixed/sticky); only
 * those get the few extra reads an occluder needs. After the walk, and only if some occluder was kept,
 * each visible text block's box is compared with the occluders' boxes; for the rare block that lies
 * (≥ 90 %) inside one, the paint order of the pair is read and, when the block is on screen, confirmed
 * with `elementsFromPoint`. Reads only; never throws.
 */
import type { HidingReason, Segment } from '../core/types';
import { parseCssColor } from './color';
import { computedStyleOf } from './style-record';
import {
  type Box,
  type HitSide,
  type StackStep,
  MIN_OCCLUDER_ALPHA,
  backgroundImagePaints,
  boxArea,
  coversBox,
  hitTestVerdict,
  isOccluder,
  isOverlayPosition,
  paintsOver,
  spansViewport,
} from './covered';
import { parentAcrossShadow } from './dom-tree';
import { yieldToPage } from './yield-to-page';

interface Occluder {
  el: Element;
  doc: Document;
  /** Viewport coordinates when the walk read it. */
  rect: DOMRect;
  /** Page coordinates, set when the check starts (every box is placed with the same scroll offsets). */
  pageBox: Box;
  /** Fixed/sticky and spanning the viewport: covers the page at every scroll position. */
  spansView: boolean;
}

/** What the walk already knows about an out-of-flow element (its StyleRecord values and rect). */
export interface OccluderFacts {
  position: string;
  backgroundColor: string;
  transform: string;
  clipPath: string;
  clip: string;
  /** Effective opacity, own × ancestors. */
  opacity: number;
  rect: DOMRect;
  /** The background may have been set at all (declared-properties): otherwise it is transparent. */
  backgroundDeclared: boolean;
}

/** Bounds on the work: a page with thousands of positioned boxes keeps the largest few. */
const MAX_OCCLUDERS = 256;
/** Blocks of a subtree rescan whose centre is hit-tested for occluders outside the rescanned subtrees. */
const MAX_HIT_TESTS = 64;
/** Pairs whose paint order is read, per scan. */
const MAX_PAIR_CHECKS = 2_000;
/** Sources that paint text in the element's box. */
const PAINTED_SOURCES = new Set<Segment['source']>(['text', 'textarea', 'input-value', 'svg', 'attribute']);

export interface CoverItem {
  seg: Segment;
  target: { element: Element };
}

interface Scroll {
  x: number;
  y: number;
}

function pageBoxOf(rect: DOMRect, s: Scroll): Box {
  return { left: rect.left + s.x, top: rect.top + s.y, right: rect.right + s.x, bottom: rect.bottom + s.y };
}

function viewSize(doc: Document, win: Window): { w: number; h: number } {
  return {
    w: doc.documentElement?.clientWidth || win.innerWidth,
    h: doc.documentElement?.clientHeight || win.innerHeight,
  };
}

export class CoverCheck {
  private occluders: Occluder[] = [];
  /**
   * Page boxes of text blocks the walk measured anyway (its off-screen check): the check after the walk
   * reuses them instead of measuring every visible block again.
   */
  private boxes = new Map<Element, DOMRect>();
  /** Scroll offsets of each document that has occluders, read once when the check starts. */
  private scrolls = new Map<Document, Scroll>();
  /** The same when its first occluder was measured: rects read during the walk are relative to these. */
  private walkScrolls = new Map<Document, Scroll>();
  /** Documents scrolled during the walk: their rects are read again. */
  private scrolled = new Set<Document>();
  private steps = new Map<Element, StackStep>();
  private pairChecks = 0;

  get hasOccluders(): boolean {
    return this.occluders.length > 0;
  }

  /** The rect of a text block, read by the walk. */
  noteBox(el: Element, rect: DOMRect): void {
    this.boxes.set(el, rect);
  }

  /** An element the walk styled and measured. Cheap unless it is out of flow with a background. */
  consider(el: Element, win: Window, f: OccluderFacts): void {
    if (!isOverlayPosition(f.position)) return;
    try {
      const c = f.backgroundDeclared ? parseCssColor(f.backgroundColor) : null;
      const alpha = c ? c.a : 0;
      let image = false;
      let cs: CSSStyleDeclaration | null = null;
      if (alpha < MIN_OCCLUDER_ALPHA && f.backgroundDeclared) {
        cs = computedStyleOf(win, el);
        const bi = cs?.backgroundImage ?? 'none';
        image = !!cs && bi !== 'none' && bi !== '' && backgroundImagePaints(bi, cs.backgroundSize, cs.backgroundRepeat);
      }
      const look = { position: f.position, backgroundAlpha: alpha, backgroundImage: image, opacity: f.opacity, transform: f.transform, clipPath: f.clipPath, clip: f.clip, box: f.rect };
      if (!isOccluder(look)) return;
      cs ??= computedStyleOf(win, el);
      if (!cs || cs.visibility !== 'visible') return;
      this.add(el, win, f.rect, f.position);
    } catch {
      /* an odd element is no occluder */
    }
  }

  /**
   * A childless element (an empty overlay `<div>`): the walk reads no style for those, so this reads
   * `position` first and the rest only when it is out of flow.
   */
  considerChildless(el: Element, win: Window, opacity: number, backgroundDeclared: boolean): void {
    try {
      const cs = computedStyleOf(win, el);
      if (!cs || !isOverlayPosition(cs.position)) return;
      if (cs.display === 'none' || cs.visibility !== 'visible') return;
      const own = parseFloat(cs.opacity);
      this.consider(el, win, {
        position: cs.position,
        backgroundColor: backgroundDeclared ? cs.backgroundColor : 'transparent',
        transform: cs.transform,
        clipPath: cs.clipPath,
        clip: cs.clip,
        opacity: opacity * (Number.isNaN(own) ? 1 : own),
        rect: el.getBoundingClientRect(),
        backgroundDeclared,
      });
    } catch {
      /* ignore */
    }
  }

  /**
   * A subtree rescan (watchMutations, a lazy rescan of a few blocks) walks no occluder outside its roots. For each
   * visible painted-text block of the rescan that is on screen, the elements hit-testing above its centre are the
   * only ones that can cover it: those get the reads an occluder needs (off screen, or under a `pointer-events:
   * none` cover, the block stays uncovered, as documented). Bounded by MAX_HIT_TESTS per scan.
   */
  async addOccludersAbove(items: readonly CoverItem[], budgetMs: number): Promise<{ ms: number; longest: number; slices: number }> {
    const seen = new Set<Element>();
    let tests = 0;
    let ms = 0;
    let longest = 0;
    let slices = 0;
    let start = performance.now();
    for (const { seg, target } of items) {
      if (tests >= MAX_HIT_TESTS) break;
      // A hit test can cost a layout pass on a big page: a slice boundary every few.
      if ((tests & 7) === 7 && performance.now() - start >= budgetMs) {
        const spent = performance.now() - start;
        ms += spent;
        longest = Math.max(longest, spent);
        slices++;
        await yieldToPage();
        start = performance.now();
      }
      if (seg.visibility !== 'visible' || !PAINTED_SOURCES.has(seg.source)) continue;
      const el = target.element;
      if (seen.has(el)) continue;
      seen.add(el);
      try {
        const doc = el.ownerDocument;
        const win = doc.defaultView;
        if (!win || el.getRootNode() !== doc) continue;
        const r = el.getBoundingClientRect();
        const x = (r.left + r.right) / 2;
        const y = (r.top + r.bottom) / 2;
        const v = viewSize(doc, win);
        if (x < 0 || y < 0 || x >= v.w || y >= v.h) continue;
        tests++;
        for (const above of doc.elementsFromPoint(x, y)) {
          // The hit stack runs top to bottom: what lies under the block (its ancestors, backdrops) cannot cover it.
          if (above === el || el.contains(above) || above.contains(el)) break;
          if (seen.has(above)) continue;
          seen.add(above);
          this.considerHit(above, win);
        }
      } catch {
        /* an odd block is not checked */
      }
    }
    const spent = performance.now() - start;
    return { ms: ms + spent, longest: Math.max(longest, spent), slices };
  }

  /** An element found above a block by hit testing: its own style and its ancestors' opacity. */
  private considerHit(el: Element, win: Window): void {
    const cs = computedStyleOf(win, el);
    if (!cs || !isOverlayPosition(cs.position)) return;
    let opacity = 1;
    for (let cur: Element | null = el; cur && opacity > 0; cur = parentAcrossShadow(cur)) {
      const own = parseFloat(computedStyleOf(win, cur)?.opacity ?? '1');
      if (!Number.isNaN(own)) opacity *= own;
    }
    this.consider(el, win, {
      position: cs.position,
      backgroundColor: cs.backgroundColor,
      transform: cs.transform,
      clipPath: cs.clipPath,
      clip: cs.clip,
      opacity,
      rect: el.getBoundingClientRect(),
      backgroundDeclared: true,
    });
  }

  private add(el: Element, win: Window, rect: DOMRect, position: string): void {
    const doc = el.ownerDocument;
    const fixed = position === 'fixed' || position === 'sticky';
    let spansView = false;
    if (fixed) {
      const v = viewSize(doc, win);
      spansView = spansViewport(rect, v.w, v.h);
      // A fixed bar or box moves with the viewport: scrolling shows what it hides now.
      if (!spansView) return;
    }
    if (!this.walkScrolls.has(doc)) this.walkScrolls.set(doc, { x: win.scrollX, y: win.scrollY });
    const occ: Occluder = { el, doc, rect, pageBox: rect, spansView };
    if (this.occluders.length < MAX_OCCLUDERS) this.occluders.push(occ);
    else {
      // Keep the largest: small positioned boxes cover little text.
      let smallest = 0;
      for (let i = 1; i < this.occluders.length; i++) if (boxArea(this.occluders[i].pageBox) < boxArea(this.occluders[smallest].pageBox)) smallest = i;
      if (boxArea(occ.pageBox) > boxArea(this.occluders[smallest].pageBox)) this.occluders[smallest] = occ;
    }
  }

  /**
   * Marks visible painted-text segments that lie under an occluder as hidden ('covered'). Works in
   * slices like the walk; `budgetMs` per slice, the first one already `spentBefore` ms long. Returns ms
   * spent, the longest slice, the yields made and how long the last slice has run (the caller goes on in it).
   */
  async apply(
    items: readonly CoverItem[],
    budgetMs: number,
    spentBefore: number,
  ): Promise<{ ms: number; longest: number; slices: number; tailMs: number }> {
    let ms = 0;
    let longest = 0;
    let slices = 0;
    if (!this.occluders.length) return { ms, longest, slices, tailMs: spentBefore };
    let start = performance.now();
    let carried = spentBefore;
    for (const o of this.occluders) {
      let scroll = this.scrolls.get(o.doc);
      if (!scroll) {
        const win = o.doc.defaultView;
        scroll = { x: win?.scrollX ?? 0, y: win?.scrollY ?? 0 };
        this.scrolls.set(o.doc, scroll);
        const then = this.walkScrolls.get(o.doc);
        // The person scrolled while the walk ran: its viewport rects no longer line up with today's.
        if (then && (then.x !== scroll.x || then.y !== scroll.y)) this.scrolled.add(o.doc);
      }
      if (this.scrolled.has(o.doc)) o.rect = o.el.getBoundingClientRect();
      o.pageBox = pageBoxOf(o.rect, scroll);
    }
    let last: Element | null = null;
    let lastVerdict = false;
    for (let i = 0; i < items.length; i++) {
      if ((i & 31) === 31) {
        const now = performance.now();
        if (carried + now - start >= budgetMs) {
          ms += now - start;
          longest = Math.max(longest, carried + now - start);
          await yieldToPage();
          slices++;
          carried = 0;
          start = performance.now();
        }
      }
      const { seg, target } = items[i];
      if (seg.visibility !== 'visible' || !PAINTED_SOURCES.has(seg.source)) continue;
      if (seg.source === 'attribute' && seg.detail !== 'placeholder') continue;
      const el = target.element;
      // Long text splits into several segments of one element: one verdict.
      const verdict: boolean = el === last ? lastVerdict : this.safeIsCovered(el);
      last = el;
      lastVerdict = verdict;
      if (verdict) {
        seg.hidden = seg.hidden.includes('covered') ? seg.hidden : [...seg.hidden, 'covered' as HidingReason];
        seg.visibility = 'hidden';
      }
    }
    const spent = performance.now() - start;
    ms += spent;
    longest = Math.max(longest, carried + spent);
    return { ms, longest, slices, tailMs: carried + spent };
  }

  private safeIsCovered(el: Element): boolean {
    try {
      return this.isCovered(el);
    } catch {
      return false;
    }
  }

  private isCovered(el: Element): boolean {
    const doc = el.ownerDocument;
    const scroll = this.scrolls.get(doc);
    const win = doc.defaultView;
    if (!scroll || !win) return false; // no occluder in this document
    let box: Box | null = null;
    for (const o of this.occluders) {
      if (o.doc !== doc || o.el === el) continue;
      box ??= pageBoxOf((!this.scrolled.size && this.boxes.get(el)) || el.getBoundingClientRect(), scroll);
      // A box spanning the viewport and fixed to it lies over every part of the page in turn.
      if (o.spansView ? box.right <= box.left || box.bottom <= box.top : !coversBox(box, o.pageBox)) continue;
      // Its own content (the common case under a big container box) costs no pair check.
      if (o.el.contains(el)) continue;
      if (this.pairChecks++ >= MAX_PAIR_CHECKS) return false;
      if (this.occluderWins(o, el, doc, win)) return true;
    }
    return false;
  }

  /** Paint order of one (occluder, block) pair, confirmed by hit testing when the block is on screen. */
  private occluderWins(o: Occluder, el: Element, doc: Document, win: Window): boolean {
    // The occluder's own content (a modal's text, a caption on an image) is not under it. A box inside
    // the block is another matter: positioned, it paints after the block's in-flow text, so the block's
    // side of the comparison is then empty (in flow).
    const occAncestors = new Set<Element>();
    let common: Element | null = null;
    for (let cur: Element | null = o.el; cur; cur = parentAcrossShadow(cur)) {
      if (cur === el) {
        common = el;
        break;
      }
      occAncestors.add(cur);
    }
    const blockChain: Element[] = [];
    for (let cur: Element | null = el; !common && cur; cur = parentAcrossShadow(cur)) {
      if (cur === o.el) return false;
      if (occAncestors.has(cur)) {
        common = cur;
        break;
      }
      blockChain.push(cur);
    }
    if (!common) return false;
    const occChain: Element[] = [];
    for (let cur: Element | null = o.el; cur && cur !== common; cur = parentAcrossShadow(cur)) occChain.push(cur);
    blockChain.reverse();
    occChain.reverse();
    const bSteps = blockChain.map((e) => this.stepOf(e, win));
    const oSteps = occChain.map((e) => this.stepOf(e, win));
    if (bSteps.some((s) => !s) || oSteps.some((s) => !s)) return false;
    // Page and viewport coordinates only compare when neither side moves with the viewport on its own.
    const anchored = (steps: (StackStep | null)[], upTo: number) =>
      steps.slice(0, upTo).some((s) => s!.position === 'fixed' || s!.position === 'sticky');
    if (anchored(bSteps, bSteps.length)) return false;
    if (!o.spansView && anchored(oSteps, oSteps.length - 1)) return false;
    const later = (el.compareDocumentPosition(o.el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    if (!paintsOver(oSteps as StackStep[], bSteps as StackStep[], later)) return false;
    return this.confirm(o, el, doc, win) !== false;
  }

  /** elementsFromPoint at the block's centre when it is in the viewport: null when it cannot tell. */
  private confirm(o: Occluder, el: Element, doc: Document, win: Window): boolean | null {
    if (o.el.getRootNode() !== doc || el.getRootNode() !== doc) return null;
    const r = el.getBoundingClientRect();
    const x = (r.left + r.right) / 2;
    const y = (r.top + r.bottom) / 2;
    const v = viewSize(doc, win);
    if (x < 0 || y < 0 || x >= v.w || y >= v.h) return null;
    const stack = doc.elementsFromPoint(x, y);
    const sides: HitSide[] = stack.map((e) => (o.el.contains(e) ? 'occluder' : el.contains(e) ? 'block' : 'other'));
    const cs = computedStyleOf(win, o.el);
    return hitTestVerdict(sides, !!cs && cs.pointerEvents !== 'none');
  }

  private stepOf(el: Element, win: Window): StackStep | null {
    const hit = this.steps.get(el);
    if (hit) return hit;
    const cs = computedStyleOf(win, el);
    if (!cs) return null;
    const position = cs.position;
    const zIndex = cs.zIndex;
    let flexOrGridItem = false;
    if (zIndex !== 'auto' && position === 'static') {
      const parent = parentAcrossShadow(el);
      const pd = parent ? (computedStyleOf(win, parent)?.display ?? '') : '';
      flexOrGridItem = pd.includes('flex') || pd.includes('grid');
    }
    const willChange = cs.willChange;
    const contain = cs.contain;
    const otherContext =
      parseFloat(cs.opacity) < 1 ||
      cs.transform !== 'none' ||
      cs.filter !== 'none' ||
      cs.isolation === 'isolate' ||
      cs.mixBlendMode !== 'normal' ||
      (cs.clipPath !== 'none' && cs.clipPath !== '') ||
      /transform|opacity|filter|z-index/.test(willChange) ||
      /paint|layout|strict|content/.test(contain);
    const step: StackStep = { position, zIndex, flexOrGridItem, otherContext };
    this.steps.set(el, step);
    return step;
  }
}
