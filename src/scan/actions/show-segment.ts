/**
 * "Show in page": scroll to the segment, outline it, and reveal its text in our panel (closed shadow root,
 * fixed, clearly labelled as ours). A new "show" replaces the previous one.
 */
import { readableText } from '../../core/clean-copy';
import { getSegmentTarget } from '../segment-registry';
import { anchorBox, type PageBox } from './anchor-box';
import { overlayLayer } from './overlay-layer';
import { describeTarget, looksVisible, targetText } from './target-info';
import type { ActionResult } from '../../core/types';

export const HIDDEN_PANEL_TITLE = 'Injection Lens — hidden text';
export const FLAGGED_PANEL_TITLE = 'Injection Lens — flagged text';
/** The panel shows at most this much text; the popup has the rest. */
const MAX_PANEL_CHARS = 2_000;

export function drawBox(doc: Document, marks: HTMLElement, box: PageBox, className: string): HTMLElement {
  const el = doc.createElement('div');
  el.className = className;
  el.style.left = `${box.left - 4}px`;
  el.style.top = `${box.top - 4}px`;
  el.style.width = `${box.width + 8}px`;
  el.style.height = `${box.height + 8}px`;
  marks.appendChild(el);
  return el;
}

export function showSegment(segmentId: number, doc: Document): ActionResult {
  const target = getSegmentTarget(segmentId);
  if (!target) return { ok: false, error: 'That text is no longer in the page (rescan to refresh).' };
  const info = describeTarget(target);
  const hidden = !looksVisible(target) || info.kind !== 'text';
  const first = anchorBox(target, doc);
  try {
    first?.element.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' as ScrollBehavior });
  } catch {
    /* a detached frame: draw what we can */
  }
  const box = first ? anchorBox(target, doc) : null; // positions change after scrolling
  const layer = overlayLayer(doc);
  const clearShow = (): void => {
    for (const old of Array.from(layer.marks.querySelectorAll('.show'))) old.remove();
  };
  clearShow();
  if (box) drawBox(doc, layer.marks, box, 'box show');
  layer.redraw.set('show', () => {
    clearShow();
    const moved = anchorBox(target, doc);
    if (moved) drawBox(doc, layer.marks, moved, 'box show');
  });

  const panel = doc.createElement('section');
  panel.className = 'panel';
  panel.setAttribute('role', 'dialog');
  const header = doc.createElement('header');
  const title = doc.createElement('span');
  title.textContent = hidden ? HIDDEN_PANEL_TITLE : FLAGGED_PANEL_TITLE;
  const close = doc.createElement('button');
  close.type = 'button';
  close.title = 'Close';
  close.textContent = '×';
  close.addEventListener('click', () => {
    panel.remove();
    clearShow();
    layer.redraw.delete('show');
  });
  header.append(title, close);
  const meta = doc.createElement('div');
  meta.className = 'meta';
  const place = !box
    ? 'no place on screen'
    : box.own
      ? 'outlined in the page'
      : box.near
        ? 'it sits next to the outlined element'
        : 'its hidden spot is inside the outlined area';
  meta.textContent = `${info.kind}${info.where ? ` in ${info.where}` : ''} · ${place} · not part of the page`;
  const pre = doc.createElement('pre');
  const text = readableText(targetText(target));
  pre.textContent = text.length > MAX_PANEL_CHARS ? `${text.slice(0, MAX_PANEL_CHARS)}…` : text || '(empty)';
  panel.append(header, meta, pre);
  layer.panel.replaceChildren(panel);
  return { ok: true, count: 1 };
}
