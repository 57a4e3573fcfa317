/**
 * "Neutralise": until reload, flagged text is gone from the live page and invisible characters are stripped, so an
 * agent working in this browser no longer reads them. Text nodes are blanked (not removed: page scripts may hold
 * them), attributes removed, comments removed, element-level sources (textarea, noscript, template, script data)
 * emptied and hidden.
 */
import { stripInvisibleChars } from '../../core/clean-copy';
import { OWN_NODE_ATTRIBUTE } from '../scan-document';
import { getSegmentTarget, type SegmentTarget } from '../segment-registry';

/** Text nodes visited when stripping invisible characters (a hostile page cannot keep us busy forever). */
export const MAX_STRIP_NODES = 200_000;
const SKIP_TEXT_PARENTS = new Set(['script', 'style']);

function neutraliseTarget(target: SegmentTarget): number {
  const el = target.element;
  if (target.attribute) {
    if (!el.hasAttribute(target.attribute)) return 0;
    el.removeAttribute(target.attribute);
    return 1;
  }
  if (target.node?.nodeType === Node.COMMENT_NODE) {
    target.node.parentNode?.removeChild(target.node);
    return 1;
  }
  const nodes = target.nodes ?? (target.node ? [target.node] : []);
  if (nodes.length) {
    let n = 0;
    for (const node of nodes) {
      if (node.nodeType === Node.TEXT_NODE && (node as Text).data !== '') {
        (node as Text).data = '';
        n++;
      }
    }
    return n;
  }
  // Element-level sources: the whole element was the segment.
  if (el === el.ownerDocument.documentElement || el === el.ownerDocument.body) return 0;
  if (el.localName === 'template') (el as HTMLTemplateElement).content.replaceChildren();
  el.replaceChildren();
  if (el.localName === 'textarea') (el as HTMLTextAreaElement).value = '';
  el.setAttribute('hidden', '');
  return 1;
}

/** Strips invisible characters from every text node under `root` (open shadow roots included). */
export function stripInvisibleText(root: Node): number {
  let changed = 0;
  let visited = 0;
  const stack: Node[] = [root];
  while (stack.length && visited < MAX_STRIP_NODES) {
    const node = stack.pop()!;
    visited++;
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node as Text;
      if (SKIP_TEXT_PARENTS.has(text.parentElement?.localName ?? '')) continue;
      const clean = stripInvisibleChars(text.data);
      if (clean !== text.data) {
        text.data = clean;
        changed++;
      }
      continue;
    }
    if (node.nodeType === Node.ELEMENT_NODE) {
      const el = node as Element;
      if (el.hasAttribute(OWN_NODE_ATTRIBUTE)) continue;
      if (el.shadowRoot) stack.push(el.shadowRoot);
      if (el.localName === 'template') stack.push((el as HTMLTemplateElement).content);
    }
    for (let c = node.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  return changed;
}

/** Neutralises the flagged segments and strips invisible characters. Returns the number of nodes changed. */
export function neutralise(flaggedIds: readonly number[], doc: Document): number {
  let count = 0;
  const docs = new Set<Document>([doc]);
  for (const id of flaggedIds) {
    const target = getSegmentTarget(id);
    if (!target) continue;
    docs.add(target.element.ownerDocument);
    try {
      count += neutraliseTarget(target);
    } catch {
      /* a node the page removed meanwhile */
    }
  }
  for (const d of docs) if (d.documentElement) count += stripInvisibleText(d.documentElement);
  return count;
}
