/** Tree steps the scanner takes across shadow boundaries. */

/** An element's parent, or its shadow host when it is a top-level child of a shadow root. */
export function parentAcrossShadow(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const parent = el.parentNode;
  if (parent && parent.nodeType === 11) return (parent as ShadowRoot).host ?? null;
  return null;
}

/** The <iframe> (or <frame>) whose document holds `el`; null in a top document or when the frame is cross-origin. */
export function frameHolding(el: Element): Element | null {
  try {
    return el.ownerDocument.defaultView?.frameElement ?? null;
  } catch {
    return null;
  }
}

/**
 * Closed shadow roots cannot be read from a page script, nor detected directly. Evidence: a defined custom element
 * with no light content that still draws a box. It undercounts (closed roots on plain elements or with light
 * children) and may overcount (a custom element that draws with CSS only): the UI says "possibly".
 */
export function looksLikeClosedShadowHost(el: Element, win: Window | null | undefined): boolean {
  if (!el.localName.includes('-') || el.firstElementChild || /\S/.test(el.textContent ?? '')) return false;
  try {
    if (!win?.customElements?.get(el.localName)) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  } catch {
    return false;
  }
}
