/**
 * The overlay hosts this script created, by identity. The `data-injection-lens` attribute alone proves nothing:
 * a page can put it on its own elements, so code that skips "our" nodes should also ask `isOwnNode`.
 * No imports, so the scanner can use it without a cycle.
 */
const own = new WeakSet<Node>();

export function markOwnNode(node: Node): void {
  own.add(node);
}

/** True only for nodes this script instance added to the page. */
export function isOwnNode(node: Node): boolean {
  return own.has(node);
}
