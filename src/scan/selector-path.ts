/**
 * A CSS selector path that finds an element again: the nearest ancestor with a unique id, then
 * `tag:nth-of-type(n)` steps. Inside shadow roots the host's path and the inner path are joined by ' >>> '.
 * Sibling indices are cached per parent for one pass so long lists stay linear. An instance is meant for
 * one pass only: it holds the elements it has seen.
 */
const MAX_DEPTH = 32;

export class SelectorPaths {
  // One instance lives for one scan pass, so plain maps (weak ones cost the garbage collector far more).
  private readonly cache = new Map<Element, string>();
  private readonly indexOf = new Map<Element, number>();
  private readonly indexedParents = new Set<Node>();
  private readonly fragmentOwners = new Map<Node, Element>();

  /** A <template>'s content fragment has no link back to it: remember it for paths inside. */
  noteFragmentOwner(fragment: DocumentFragment, owner: Element): void {
    this.fragmentOwners.set(fragment, owner);
  }

  pathOf(el: Element): string {
    try {
      return this.build(el);
    } catch {
      return el.localName || '?';
    }
  }

  /**
   * Walks up to the first element whose path is known (cached, a unique id, the root, a shadow or
   * template boundary), then builds paths back down, caching every ancestor on the way: each element's
   * path is computed once per pass.
   */
  private build(el: Element): string {
    const hit = this.cache.get(el);
    if (hit !== undefined) return hit;
    const chain: Element[] = [];
    let base = '';
    let cur: Element | null = el;
    while (cur) {
      const cached = this.cache.get(cur);
      if (cached !== undefined) {
        base = cached;
        break;
      }
      if (chain.length >= MAX_DEPTH) {
        base = '';
        break;
      }
      const idStep = uniqueIdStep(cur);
      if (idStep) {
        this.cache.set(cur, idStep);
        base = idStep;
        break;
      }
      const parent: Node | null = cur.parentNode;
      if (!parent || parent.nodeType === 9 /* document */) {
        this.cache.set(cur, cur.localName);
        base = cur.localName;
        break;
      }
      if (parent.nodeType === 11 /* shadow root or template content */) {
        const host = (parent as ShadowRoot).host ?? this.fragmentOwners.get(parent);
        const path = (host ? this.build(host) + ' >>> ' : '') + this.step(cur, parent);
        this.cache.set(cur, path);
        base = path;
        break;
      }
      chain.push(cur);
      cur = parent as Element;
    }
    // chain holds el … up to (not including) the element whose path is `base`, deepest first.
    let path = base;
    for (let i = chain.length - 1; i >= 0; i--) {
      const node = chain[i];
      const step = this.step(node, node.parentNode!);
      path = path ? `${path} > ${step}` : step;
      this.cache.set(node, path);
    }
    return path;
  }

  private step(el: Element, parent: Node): string {
    if (!this.indexedParents.has(parent)) {
      this.indexedParents.add(parent);
      const counts = new Map<string, number>();
      for (let c = parent.firstChild; c; c = c.nextSibling) {
        if (c.nodeType !== 1) continue;
        const name = (c as Element).localName;
        const n = (counts.get(name) ?? 0) + 1;
        counts.set(name, n);
        this.indexOf.set(c as Element, n);
      }
    }
    const name = cssIdent(el.localName);
    const n = this.indexOf.get(el);
    return n === undefined ? name : `${name}:nth-of-type(${n})`;
  }
}

function uniqueIdStep(el: Element): string | null {
  const id = el.id;
  if (!id) return null;
  const root = el.getRootNode() as Document | ShadowRoot;
  if (typeof root.getElementById !== 'function' || root.getElementById(id) !== el) return null;
  return '#' + cssIdent(id);
}

/** CSS.escape where the window has it (frames, Node tests may not). */
function cssIdent(s: string): string {
  if (/^[a-zA-Z_][\w-]*$/.test(s)) return s;
  const css = (globalThis as { CSS?: { escape?: (s: string) => string } }).CSS;
  if (css?.escape) return css.escape(s);
  return s.replace(/[^a-zA-Z0-9_-]/g, (ch) => '\\' + ch);
}
