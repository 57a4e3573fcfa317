/**
 * "Reveal hidden text" (teaching mode): every hidden segment of the page gets an outline and a badge
 * "[HIDDEN: technique]" with the start of its text. Rescans the document subtree (without forgetting the ids
 * the popup holds) to learn each segment's hiding reasons; flagged segments are marked even when visible.
 */
import { readableText } from '../../core/clean-copy';
import type { Segment } from '../../core/types';
import { scanDocument } from '../scan-document';
import { getSegmentTarget, type SegmentTarget } from '../segment-registry';
import { anchorBox } from './anchor-box';
import { overlayLayer } from './overlay-layer';
import { drawBox } from './show-segment';

/** Beyond this many marked places the page would be unreadable; the rest are counted, not drawn. */
export const MAX_REVEAL_MARKS = 300;
const BADGE_EXCERPT_CHARS = 90;
const PAGE_LEVEL_TOP_PX = 8;
const PAGE_LEVEL_STEP_PX = 22;
const BADGE_ROOM_ABOVE_PX = 64;
/** Not-rendered sources worth teaching about; alt/title attributes everywhere would drown the page. */
const TEACHING_SOURCES = new Set(['comment', 'noscript', 'template', 'input-value', 'textarea', 'script-data']);

interface Mark {
  target: SegmentTarget;
  labels: string[];
}

function shouldReveal(seg: Segment): boolean {
  if (seg.visibility === 'hidden') return true;
  return seg.visibility === 'not-rendered' && TEACHING_SOURCES.has(seg.source) && seg.frame === '';
}

export async function revealAll(flaggedIds: readonly number[], doc: Document): Promise<number> {
  const root = doc.documentElement;
  if (!root) return 0;
  // A subtree scan (root given) keeps the registry's existing ids: the popup's "show" buttons stay valid.
  const { segments } = await scanDocument(doc, { root });
  const byElement = new Map<Element, Mark>();
  const add = (target: SegmentTarget | undefined, label: string): void => {
    if (!target) return;
    const mark = byElement.get(target.element) ?? { target, labels: [] };
    if (!mark.labels.includes(label)) mark.labels.push(label);
    byElement.set(target.element, mark);
  };
  for (const seg of segments) {
    if (!shouldReveal(seg)) continue;
    const reasons = seg.hidden.filter((r) => r !== 'not-rendered');
    const technique = reasons.length ? reasons.join(', ') : seg.source;
    add(getSegmentTarget(seg.id), `[HIDDEN: ${technique}] ${excerpt(seg.text)}`);
  }
  for (const id of flaggedIds) {
    const target = getSegmentTarget(id);
    if (target) add(target, `[FLAGGED] ${excerpt(targetTextSafe(target))}`);
  }
  const marks = [...byElement.values()].slice(0, MAX_REVEAL_MARKS);
  const layer = overlayLayer(doc);
  const draw = (): number => drawMarks(marks, layer.marks, doc);
  layer.redraw.set('reveal', draw);
  return draw();
}

function drawMarks(marks: readonly Mark[], container: HTMLElement, doc: Document): number {
  for (const old of Array.from(container.querySelectorAll('.reveal'))) old.remove();
  let drawn = 0;
  let pageLevelTop = PAGE_LEVEL_TOP_PX;
  for (const mark of marks) {
    const box = anchorBox(mark.target, doc);
    const badge = doc.createElement('div');
    badge.className = 'badge reveal';
    badge.textContent = mark.labels.slice(0, 4).join('\n');
    if (!box || box.element === doc.documentElement || box.element === doc.body) {
      // No place of its own (meta, a comment at the end of body, …): listed down the page's left edge.
      badge.style.left = '8px';
      badge.style.top = `${pageLevelTop}px`;
      pageLevelTop += PAGE_LEVEL_STEP_PX * Math.min(4, mark.labels.length);
    } else {
      drawBox(doc, container, box, 'box reveal');
      badge.style.left = `${box.left}px`;
      // Above the outline when there is room, so the badge does not cover what it marks.
      if (box.top >= BADGE_ROOM_ABOVE_PX) badge.classList.add('above');
      badge.style.top = `${box.top - (box.top >= BADGE_ROOM_ABOVE_PX ? 4 : 0)}px`;
    }
    container.appendChild(badge);
    drawn++;
  }
  return drawn;
}

function excerpt(text: string): string {
  const t = readableText(text);
  return t.length > BADGE_EXCERPT_CHARS ? `${t.slice(0, BADGE_EXCERPT_CHARS)}…` : t;
}

function targetTextSafe(target: SegmentTarget): string {
  if (target.attribute) return target.element.getAttribute(target.attribute) ?? '';
  return (target.nodes?.map((n) => n.textContent ?? '').join('') ?? target.node?.textContent ?? target.element.textContent ?? '').slice(0, 400);
}
