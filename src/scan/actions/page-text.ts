/**
 * The page's text blocks in document order, as an agent reading the DOM gets them (hidden text included,
 * since agents read it), leaving out flagged nodes. Feeds core `assembleCleanCopy`.
 */
import type { RemovedPassage } from '../../core/clean-copy';
import { BLOCK_TAGS } from '../hiding-rules';
import { OWN_NODE_ATTRIBUTE } from '../scan-document';
import { getSegmentTarget } from '../segment-registry';
import { describeTarget } from './target-info';

/** Tags whose content an agent reading page text does not get. */
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'embed', 'canvas']);
/** Visit bound, as in the scanner (uBlock's maxSurveyNodes). */
export const MAX_TEXT_NODES = 65_536 * 4;

export interface PageText {
  blocks: string[];
  removed: RemovedPassage[];
}

export function pageText(flaggedIds: readonly number[], doc: Document): PageText {
  const skipNodes = new Set<Node>();
  const skipElements = new Set<Element>();
  const removed: RemovedPassage[] = [];
  for (const id of flaggedIds) {
    const target = getSegmentTarget(id);
    if (!target) continue;
    removed.push(describeTarget(target));
    if (target.attribute || target.node?.nodeType === Node.COMMENT_NODE) continue; // not in the text anyway
    const nodes = target.nodes ?? (target.node ? [target.node] : []);
    if (nodes.length) for (const n of nodes) skipNodes.add(n);
    else if (target.element !== doc.body && target.element !== doc.documentElement) skipElements.add(target.element);
  }
  const blocks: string[] = [];
  let current = '';
  const breakBlock = (): void => {
    if (current.trim()) blocks.push(current);
    current = '';
  };
  type Work = Node | { exit: true };
  const root = doc.body ?? doc.documentElement;
  if (!root) return { blocks, removed };
  const stack: Work[] = [root];
  let visited = 0;
  while (stack.length && visited < MAX_TEXT_NODES) {
    const work = stack.pop()!;
    if ('exit' in work) {
      breakBlock();
      continue;
    }
    visited++;
    const node = work;
    if (node.nodeType === Node.TEXT_NODE) {
      if (!skipNodes.has(node)) current += (node as Text).data;
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) continue;
    if (node.nodeType === Node.ELEMENT_NODE) {
      const el = node as Element;
      const tag = el.localName;
      if (SKIP_TAGS.has(tag) || skipElements.has(el) || el.hasAttribute(OWN_NODE_ATTRIBUTE)) continue;
      if (tag === 'br') {
        current += '\n';
        continue;
      }
      if (BLOCK_TAGS.has(tag)) {
        breakBlock();
        stack.push({ exit: true });
      } else if (tag === 'td' || tag === 'th' || tag === 'img') current += ' ';
      // Shadow content renders in place of the light children (slots aside): read it after them.
      if (el.shadowRoot) stack.push(el.shadowRoot);
    }
    for (let c = node.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  breakBlock();
  return { blocks, removed };
}
