/**
 * Our one overlay host per document: a fixed-size, zero-footprint element carrying a CLOSED shadow root.
 * Page CSS cannot reach inside (inline `all: initial !important` on the host beats page `!important` rules),
 * page scripts get `null` from `host.shadowRoot`, and nothing we draw enters `document.body.innerText`
 * (the host hangs off <html>, outside <body>). Everything is built with createElement + textContent.
 */
import { OWN_NODE_ATTRIBUTE } from '../scan-document';
import { markOwnNode } from './own-nodes';

export interface OverlayLayer {
  host: HTMLElement;
  root: ShadowRoot;
  /** Outline boxes and badges (absolute, page coordinates). */
  marks: HTMLElement;
  /** The "show" panel slot (fixed, bottom right). */
  panel: HTMLElement;
  /** Re-draws marks after the layout changed (window resized): keyed by who drew them. */
  redraw: Map<string, () => void>;
  stopWatching: () => void;
}

/** Wait after the last resize event before re-drawing (resizes fire per frame while dragging). */
const REDRAW_DELAY_MS = 150;

/** Keeps the overlay above page content: the largest z-index browsers honour. */
const TOP_Z_INDEX = 2147483647;

const HOST_STYLE = [
  'all: initial',
  'position: absolute',
  'top: 0',
  'left: 0',
  'width: 0',
  'height: 0',
  'overflow: visible',
  'display: block',
  'visibility: visible',
  'opacity: 1',
  'transform: none',
  'filter: none',
  'clip-path: none',
  'pointer-events: none',
  `z-index: ${TOP_Z_INDEX}`,
]
  .map((d) => `${d} !important`)
  .join('; ');

const SHADOW_CSS = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, sans-serif; }
.box { position: absolute; border: 3px dashed #d3008c; background: rgba(255, 0, 170, 0.08);
  box-shadow: 0 0 0 2px #fff; border-radius: 3px; pointer-events: none; }
.box.show { border-style: solid; border-color: #ff1a8c; animation: pulse 1s ease-in-out 2; }
@keyframes pulse { 50% { box-shadow: 0 0 0 6px rgba(255, 26, 140, 0.35); } }
.badge { position: absolute; width: max-content; max-width: 360px; padding: 3px 6px; background: #2b0030; color: #fff;
  font: 600 11px/1.35 system-ui, sans-serif; border-radius: 3px; white-space: pre-wrap; overflow-wrap: anywhere;
  pointer-events: auto; box-shadow: 0 1px 4px rgba(0,0,0,.4); }
.badge.above { transform: translateY(-100%); }
.panel { position: fixed; right: 16px; bottom: 16px; width: min(440px, calc(100vw - 32px)); max-height: 45vh;
  display: flex; flex-direction: column; background: #1d1024; color: #f4eefa; border: 2px solid #ff1a8c;
  border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.5); pointer-events: auto; font-size: 13px; }
.panel header { display: flex; align-items: center; gap: 8px; padding: 8px 10px; background: #ff1a8c; color: #fff;
  font-weight: 700; }
.panel header span { flex: 1; }
.panel button { all: unset; cursor: pointer; padding: 0 6px; font-weight: 700; font-size: 16px; }
.panel .meta { padding: 6px 10px 0; color: #d9c2ea; font-size: 12px; }
.panel pre { margin: 0; padding: 8px 10px 10px; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere;
  font: 12px/1.45 ui-monospace, monospace; color: #fff; }
`;

const layers = new WeakMap<Document, OverlayLayer>();

/** The document's overlay layer, created on first use. */
export function overlayLayer(doc: Document): OverlayLayer {
  const existing = layers.get(doc);
  if (existing && existing.host.isConnected) return existing;
  const host = doc.createElement('div');
  host.setAttribute(OWN_NODE_ATTRIBUTE, 'overlay');
  markOwnNode(host);
  host.setAttribute('style', HOST_STYLE);
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = SHADOW_CSS;
  const marks = doc.createElement('div');
  const panel = doc.createElement('div');
  root.append(style, marks, panel);
  doc.documentElement.appendChild(host);
  const redraw = new Map<string, () => void>();
  const win = doc.defaultView;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onResize = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      for (const fn of redraw.values()) {
        try {
          fn();
        } catch {
          /* a mark whose node is gone: skip it */
        }
      }
    }, REDRAW_DELAY_MS);
  };
  win?.addEventListener('resize', onResize, { passive: true });
  const stopWatching = (): void => {
    clearTimeout(timer);
    win?.removeEventListener('resize', onResize);
  };
  const layer = { host, root, marks, panel, redraw, stopWatching };
  layers.set(doc, layer);
  return layer;
}

/** The layer if one exists (for tests and clear). */
export function existingLayer(doc: Document): OverlayLayer | undefined {
  const layer = layers.get(doc);
  return layer && layer.host.isConnected ? layer : undefined;
}

/** Removes every overlay node we added to the document. Returns how many hosts were removed. */
export function removeOverlays(doc: Document): number {
  let removed = 0;
  const layer = layers.get(doc);
  layer?.stopWatching();
  layer?.redraw.clear();
  if (layer?.host.isConnected) {
    layer.host.remove();
    removed++;
  }
  layers.delete(doc);
  // Only the host we track is removed: a page could plant look-alike markers to make us delete its content.
  return removed;
}
