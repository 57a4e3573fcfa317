/**
 * A CSS selector path that finds an element again: the nearest ancestor with a unique id, then
 * `tag:nth-of-type(n)` steps. Inside shadow roots the host's path and the inner path are joined by ' >>> '.
 * Sibling indices are cached per parent for one pass so long lists stay linear.
 */
const MAX_DEPTH = 32;

export class SelectorPaths {
  private readonly cache = new WeakMap<Element, string>();
  private readonly indexOf = new WeakMap<Element, number>();
  private readonly indexedParents = new WeakSet<Node>();
  private readonly fragmentOwners = new WeakMap<Node, Element>();

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

  private build(el: Element): string {
    const hit = this.cache.get(el);
    if (hit !== undefined) return hit;
    const steps: string[] = [];
    let cur: Element | null = el;
    let prefix = '';
    for (let depth = 0; cur && depth < MAX_DEPTH; depth++) {
      const cached = cur !== el ? this.cache.get(cur) : undefined;
      if (cached !== undefined) {
        prefix = cached + ' > ';
        break;
      }
      const idStep = uniqueIdStep(cur);
      if (idStep) {
        steps.push(idStep);
        break;
      }
      const parent: Node | null = cur.parentNode;
      if (!parent || parent.nodeType === 9 /* document */) {
        steps.push(cur.localName);
        break;
      }
      if (parent.nodeType === 11 /* shadow root or template content */) {
        steps.push(this.step(cur, parent));
        const host = (parent as ShadowRoot).host ?? this.fragmentOwners.get(parent);
        if (host) prefix = this.build(host) + ' >>> ';
        break;
      }
      steps.push(this.step(cur, parent));
      cur = parent as Element;
    }
    const path = prefix + steps.reverse().join(' > ');
    this.cache.set(el, path);
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
