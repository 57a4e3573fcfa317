/** Tree steps the scanner takes across shadow boundaries. */

/** An element's parent, or its shadow host when it is a top-level child of a shadow root. */
export function parentAcrossShadow(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const parent = el.parentNode;
  if (parent && parent.nodeType === 11) return (parent as ShadowRoot).host ?? null;
  return null;
}
