/**
 * Where to draw a mark for a segment target: the first of (its node(s), its element, its ancestors) that has
 * a box on the page, in the top document's page coordinates (same-origin frames are offset by their frame).
 */
import type { SegmentTarget } from '../segment-registry';

export interface PageBox {
  left: number;
  top: number;
  width: number;
  height: number;
  /** The element whose box this is (scrolled into view by "show"). */
  element: Element;
  /** True when the box is the target itself rather than an ancestor standing in for it. */
  own: boolean;
  /** True when the box is a neighbour of the (boxless) target, marking where it sits. */
  near: boolean;
}

/** Boxes smaller than this (px) are not worth outlining: a 1×1 clip gets its ancestor instead. */
const MIN_BOX_PX = 4;

function parentAcrossShadow(node: Node): Element | null {
  if (node.parentElement) return node.parentElement;
  const parent = node.parentNode;
  if (parent && parent.nodeType === Node.DOCUMENT_FRAGMENT_NODE) return (parent as ShadowRoot).host ?? null;
  return null;
}

function clientRect(node: Node): DOMRect | null {
  try {
    if (node.nodeType === Node.ELEMENT_NODE) return (node as Element).getBoundingClientRect();
    if (node.nodeType === Node.TEXT_NODE) {
      const range = node.ownerDocument!.createRange();
      range.selectNodeContents(node);
      return range.getBoundingClientRect();
    }
  } catch {
    /* detached or foreign node */
  }
  return null;
}

/** Offset of a frame's viewport inside the top document's viewport (0,0 for the top document). */
function frameOffset(doc: Document, top: Document): { x: number; y: number } | null {
  let x = 0;
  let y = 0;
  let win: Window | null = doc.defaultView;
  while (win && win.document !== top) {
    let frame: Element | null = null;
    try {
      frame = win.frameElement;
    } catch {
      return null; // cross-origin: cannot place it
    }
    if (!frame) return null;
    const r = frame.getBoundingClientRect();
    const cs = frame.ownerDocument.defaultView?.getComputedStyle(frame);
    x += r.left + (parseFloat(cs?.borderLeftWidth ?? '0') || 0) + (parseFloat(cs?.paddingLeft ?? '0') || 0);
    y += r.top + (parseFloat(cs?.borderTopWidth ?? '0') || 0) + (parseFloat(cs?.paddingTop ?? '0') || 0);
    win = frame.ownerDocument.defaultView;
  }
  return { x, y };
}

function usable(rect: DOMRect | null, offX: number, offY: number, scrollX: number, scrollY: number): boolean {
  if (!rect || rect.width < MIN_BOX_PX || rect.height < MIN_BOX_PX) return false;
  // Pulled off the page to the left/top (the classic -9999px trick): nobody could see a mark there.
  return rect.right + offX + scrollX > 0 && rect.bottom + offY + scrollY > 0;
}

/** Width of the mark drawn at the page edge for text pulled off to the left. */
const OFF_PAGE_MARK_WIDTH_PX = 240;

function isPulledOffPage(rect: DOMRect, offX: number, offY: number, scrollX: number, scrollY: number): boolean {
  return rect.width >= MIN_BOX_PX && rect.height >= MIN_BOX_PX && rect.right + offX + scrollX <= 0 && rect.bottom + offY + scrollY > 0;
}

/** Neighbours looked at on each side of a boxless target. */
const MAX_NEIGHBOURS = 3;

function isPageSized(el: Element, win: Window | null): boolean {
  if (el.localName === 'body' || el.localName === 'html') return true;
  try {
    return el.getBoundingClientRect().height > (win?.innerHeight ?? Infinity);
  } catch {
    return false;
  }
}

/** The nearest element siblings of a node: following ones first (text usually introduces what follows), then preceding. */
function neighbours(node: Node): Element[] {
  const out: Element[] = [];
  let n = 0;
  for (let s = node.nextSibling; s && n < MAX_NEIGHBOURS; s = s.nextSibling) {
    if (s.nodeType === Node.ELEMENT_NODE) {
      out.push(s as Element);
      n++;
    }
  }
  n = 0;
  for (let s = node.previousSibling; s && n < MAX_NEIGHBOURS; s = s.previousSibling) {
    if (s.nodeType === Node.ELEMENT_NODE) {
      out.push(s as Element);
      n++;
    }
  }
  return out;
}

/** The page box for a target, or null when nothing of it (or its ancestors) has a box. */
export function anchorBox(target: SegmentTarget, top: Document): PageBox | null {
  const doc = target.element.ownerDocument;
  const off = frameOffset(doc, top);
  if (!off) return null;
  const win = top.defaultView;
  const scrollX = win?.scrollX ?? 0;
  const scrollY = win?.scrollY ?? 0;
  const isComment = target.node?.nodeType === Node.COMMENT_NODE;
  // The node whose place we mark: a comment sits inside target.element (its owner), everything else is the element.
  const spot: Node = isComment ? target.node! : target.element;
  const candidates: Array<{ node: Node; own: boolean; near?: boolean }> = [];
  if (!isComment) {
    for (const node of target.nodes ?? (target.node ? [target.node] : [])) candidates.push({ node, own: true });
    candidates.push({ node: target.element, own: true });
  }
  const parent = isComment ? target.element : parentAcrossShadow(target.element);
  // Directly under <body> (or a page-sized wrapper) the parent's box says nothing: a neighbour marks the spot.
  if (parent && isPageSized(parent, win)) {
    for (const sib of neighbours(spot)) candidates.push({ node: sib, own: false, near: true });
  }
  for (let el = parent; el; el = parentAcrossShadow(el)) candidates.push({ node: el, own: false });
  for (const c of candidates) {
    if (c.node.nodeType === Node.COMMENT_NODE) continue;
    let rect = clientRect(c.node);
    if (!rect) continue;
    if (c.own && isPulledOffPage(rect, off.x, off.y, scrollX, scrollY)) {
      // Pulled off the page (the -9999px trick): mark the page's edge at the height where it hides.
      rect = new DOMRect(-off.x - scrollX, rect.top, Math.min(rect.width, OFF_PAGE_MARK_WIDTH_PX), rect.height);
    }
    if (!usable(rect, off.x, off.y, scrollX, scrollY)) continue;
    const element = c.node.nodeType === Node.ELEMENT_NODE ? (c.node as Element) : parentAcrossShadow(c.node);
    if (!element) continue;
    const left = Math.max(0, rect.left + off.x + scrollX);
    const topPx = Math.max(0, rect.top + off.y + scrollY);
    return {
      left,
      top: topPx,
      width: Math.min(rect.right + off.x + scrollX - left, 100_000),
      height: Math.min(rect.bottom + off.y + scrollY - topPx, 100_000),
      element,
      own: c.own,
      near: c.near === true,
    };
  }
  return null;
}
