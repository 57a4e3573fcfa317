/**
 * What a segment target holds (its raw text) and how to describe it without quoting it.
 */
import type { SegmentTarget } from '../segment-registry';
import type { RemovedPassage } from '../../core/clean-copy';

/** Bound of the text read back from a target for display (the overlay is not a reader for whole pages). */
export const MAX_TARGET_TEXT_CHARS = 4_000;

/** The raw text of a target (invisible characters kept), bounded. */
export function targetText(target: SegmentTarget): string {
  let text: string;
  if (target.attribute) text = target.element.getAttribute(target.attribute) ?? '';
  else if (target.nodes?.length) text = target.nodes.map((n) => n.textContent ?? '').join('');
  else if (target.node) text = target.node.textContent ?? '';
  else if (target.element.localName === 'template') {
    text = (target.element as HTMLTemplateElement).content?.textContent ?? '';
  } else text = target.element.textContent ?? '';
  return text.length > MAX_TARGET_TEXT_CHARS ? text.slice(0, MAX_TARGET_TEXT_CHARS) : text;
}

/** Is the target's element painted for a person? (checkVisibility where the browser has it.) */
export function looksVisible(target: SegmentTarget): boolean {
  if (target.attribute || target.node?.nodeType === Node.COMMENT_NODE) return false;
  const el = target.element as Element & { checkVisibility?: (o?: object) => boolean };
  try {
    if (typeof el.checkVisibility === 'function') {
      return el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true });
    }
  } catch {
    /* older engine */
  }
  return true;
}

/** Where and what, for notes and labels. Only the tag name: ids and classes are page text too. */
export function describeTarget(target: SegmentTarget): RemovedPassage {
  const tag = target.element.localName.replace(/[^a-z0-9-]/g, '').slice(0, 32) || 'element';
  const where = `<${tag}>`;
  if (target.attribute) {
    const attr = target.attribute.replace(/[^a-z0-9_:-]/gi, '').slice(0, 40);
    return { kind: tag === 'meta' ? 'meta tag' : `attribute ${attr}`, where: tag === 'meta' ? undefined : where };
  }
  if (target.node?.nodeType === Node.COMMENT_NODE) return { kind: 'HTML comment', where };
  if (['textarea', 'noscript', 'template', 'script', 'title', 'desc'].includes(tag)) return { kind: `${tag} content` };
  return { kind: looksVisible(target) ? 'text' : 'hidden text', where };
}
