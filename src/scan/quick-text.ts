/**
 * A style-free first pass: every text scanDocument reads, grouped into blocks by tag name alone, with no
 * computed-style, rect or visibility read. Severity needs hiding only together with instruction-like content
 * (core/analyse.ts), so a lazy pipeline can score these blocks first and run the full scanner (scanSubtrees)
 * on the few candidates to learn how they are hidden.
 *
 *   document ─► walk (explicit stack, ~4 ms slices, yields via MessageChannel)
 *                 element: block tag → new block; script/meta/title/textarea/noscript/input: own block
 *                 text:    appended to the current block
 *                 attributes, comments, template content, open shadow roots, same-origin iframes
 *             ─► (optional, timed apart) readAsAgent per block
 *
 * Blocks are coarser than segments (an inline element that CSS makes a block stays in its parent's block,
 * a hidden span stays in its paragraph): a superset to classify, not a reading of what a person sees.
 * A guest in the page: only reads, never writes the DOM, never throws.
 */
import type { InvisibleReport, SourceKind } from '../core/types';
import { readAsAgent } from '../core/agent-text';
import { BLOCK_TAGS } from './hiding-rules';
import {
  TEXT_ATTRIBUTES,
  collapseWhitespace,
  isExecutableScriptType,
  isProseLike,
  isTextMeta,
  isUrlLike,
  jsonStringsText,
  markupText,
} from './text-sources';
import { A_OWN_MARKER, A_TEXT, OWN_NODE_ATTRIBUTE, attributeFlags } from './attribute-flags';
import { isOwnNode } from './actions/own-nodes';
import { looksLikeClosedShadowHost } from './dom-tree';
import { yieldToPage } from './yield-to-page';

export interface QuickBlock {
  /** The text as found (text nodes joined, <br> as a line break); not yet read as an agent would. */
  text: string;
  /** The element to rescan with scanSubtrees (the comment's parent for comments; the <template> for its content). */
  element: Element;
  source: SourceKind;
  /** Attribute or meta key for 'attribute'/'meta', tag name otherwise. */
  detail: string;
  /** Set by `readAsAgent: true`: readAsAgent of the white-space-collapsed text. */
  agentText?: string;
  invisible?: InvisibleReport;
}

export interface QuickOptions {
  /** Work per slice before yielding to the page, ms (default 4). */
  budgetMs?: number;
  /** Elements + text nodes visited before giving up (default 262,144: scanDocument's text-only cap). */
  maxNodes?: number;
  /** Walk same-origin iframes too (default true). */
  descendFrames?: boolean;
  signal?: AbortSignal;
  /** As ScanOptions.getShadowRoot: reads closed roots where the platform allows it. */
  getShadowRoot?: (el: Element) => ShadowRoot | null;
  /** Also read every block as an agent (timings.read, in slices of its own). */
  readAsAgent?: boolean;
}

export interface QuickResult {
  blocks: QuickBlock[];
  /** Elements + text nodes visited. */
  nodes: number;
  /** Possibly closed shadow roots (scanDocument's count: a defined, empty custom element that draws a box). */
  closedShadowRoots: number;
  truncated: boolean;
  /** walk: ms of the walk (slices summed, waits excluded); read: ms of readAsAgent over all blocks (0 if not asked). */
  timings: { walk: number; read: number; slices: number; longestSliceMs: number };
}

export const QUICK_BUDGET_MS = 4;
export const QUICK_MAX_NODES = 262_144;
const MAX_NODE_CHARS = 200_000;
const MIN_COMMENT_CHARS = 3;
const SVG_NS = 'http://www.w3.org/2000/svg';
const TEXT_ATTRIBUTE_SET = new Set<string>(TEXT_ATTRIBUTES);
const SKIPPED_TAGS = new Set(['style', 'link', 'base']);
const NO_VALUE_INPUTS = new Set(['password', 'checkbox', 'radio', 'file', 'image', 'color', 'range']);
const WHITE_SPACE_RUN = /[ \t\n\r\f\u00a0]{2,}|[\t\n\r\f\u00a0]/g;

/** Where text goes while the walk is inside an element; `up` is restored when the walk leaves it. */
interface Builder {
  el: Element;
  source: SourceKind;
  detail: string;
  parts: string[];
  up: Builder | null;
  /** The <template> whose inert content the walk is in: what a rescan must start from (its content is not connected). */
  template: Element | null;
}

function capped(s: string): string {
  return s.length > MAX_NODE_CHARS ? s.slice(0, MAX_NODE_CHARS) : s;
}

/** /\S/ with a fast path for text that starts with a visible character. */
function isNonBlank(s: string): boolean {
  if (!s) return false;
  const c = s.charCodeAt(0);
  if (c > 32 && c !== 160) return true;
  return /\S/.test(s);
}

class QuickWalk {
  readonly blocks: QuickBlock[] = [];
  closedShadowRoots = 0;
  nodes = 0;
  truncated = false;
  /** Nodes to visit, and builders to leave (an exit marker restores the builder above it). */
  private stack: (Node | Builder)[] = [];
  private isExit: boolean[] = [];
  private cur: Builder;

  constructor(
    private readonly opts: QuickOptions,
    top: Builder,
  ) {
    this.cur = top;
  }

  /** A block of its own (attribute, comment, meta, …) where the walk is now. */
  private add(text: string, element: Element, source: SourceKind, detail: string): void {
    if (isNonBlank(text)) this.blocks.push({ text, element: this.cur.template ?? element, source, detail });
  }

  private flush(b: Builder): void {
    if (!b.parts.length) return;
    const text = b.parts.join('');
    b.parts = [];
    if (isNonBlank(text)) this.blocks.push({ text, element: b.template ?? b.el, source: b.source, detail: b.detail });
  }

  private enter(el: Element, source: SourceKind, detail: string): void {
    // Text after a nested block starts a new piece of the outer one (as scanDocument's segments do).
    this.flush(this.cur);
    const b: Builder = { el, source, detail, parts: [], up: this.cur, template: this.cur.template ?? (el.localName === 'template' ? el : null) };
    this.stack.push(b);
    this.isExit.push(true);
    this.cur = b;
  }

  private pushChildren(parent: Node): void {
    for (let k = parent.lastChild; k; k = k.previousSibling) {
      this.stack.push(k);
      this.isExit.push(false);
    }
  }

  start(first: Node[]): void {
    this.stack.push(this.cur);
    this.isExit.push(true);
    for (let i = first.length - 1; i >= 0; i--) {
      this.stack.push(first[i]);
      this.isExit.push(false);
    }
  }

  async run(timings: QuickResult['timings']): Promise<void> {
    const budget = this.opts.budgetMs ?? QUICK_BUDGET_MS;
    const maxNodes = this.opts.maxNodes ?? QUICK_MAX_NODES;
    let sliceStart = performance.now();
    let deadline = sliceStart + budget;
    let n = 0;
    const stack = this.stack;
    const isExit = this.isExit;
    while (stack.length) {
      if ((++n & 31) === 0) {
        const now = performance.now();
        if (now >= deadline) {
          const spent = now - sliceStart;
          timings.walk += spent;
          timings.slices++;
          if (spent > timings.longestSliceMs) timings.longestSliceMs = spent;
          await yieldToPage();
          sliceStart = performance.now();
          deadline = sliceStart + budget;
        }
        if (this.opts.signal?.aborted) {
          this.truncated = true;
          break;
        }
      }
      const item = stack.pop()!;
      if (isExit.pop()) {
        const b = item as Builder;
        this.flush(b);
        if (b.up) this.cur = b.up;
        continue;
      }
      const node = item as Node;
      try {
        const type = node.nodeType;
        if (type === 3) {
          if (++this.nodes > maxNodes) {
            this.truncated = true;
            break;
          }
          const data = (node as Text).data;
          if (isNonBlank(data)) this.cur.parts.push(capped(data));
          else if (this.cur.parts.length) this.cur.parts.push(' ');
        } else if (type === 1) {
          if (++this.nodes > maxNodes) {
            this.truncated = true;
            break;
          }
          this.visitElement(node as Element);
        } else if (type === 8) {
          const data = (node as Comment).data;
          if (data.length >= MIN_COMMENT_CHARS && collapseWhitespace(data).length >= MIN_COMMENT_CHARS) {
            const owner = node.parentElement ?? node.ownerDocument?.documentElement;
            if (owner) this.add(capped(data), owner, 'comment', 'comment');
          }
        }
      } catch {
        // One odd node (a hostile getter, a detached frame) must not end the walk.
      }
    }
    // What a cap or abort left open is still returned.
    for (let i = stack.length - 1; i >= 0; i--) if (isExit[i]) this.flush(stack[i] as Builder);
    stack.length = 0;
    isExit.length = 0;
    const spent = performance.now() - sliceStart;
    timings.walk += spent;
    timings.slices++;
    if (spent > timings.longestSliceMs) timings.longestSliceMs = spent;
  }

  private visitElement(el: Element): void {
    let flags = 0;
    let names: string[] | null = null;
    if (el.hasAttributes()) {
      names = el.getAttributeNames();
      flags = attributeFlags(names);
      if (flags & A_OWN_MARKER && isOwnNode(el)) return;
    }
    const tag = el.localName;
    const cur = this.cur;
    if (flags & A_TEXT) this.visitAttributes(el, names!);

    switch (tag) {
      case 'script':
        if (el.namespaceURI !== SVG_NS) return this.visitScript(el);
        break;
      case 'br':
        if (cur.parts.length) cur.parts.push('\n');
        return;
      case 'meta':
        return this.visitMeta(el);
      case 'title':
      case 'desc':
        if (el.namespaceURI === SVG_NS) return this.add(el.textContent ?? '', el, 'svg', tag);
        if (tag === 'title' && (el.parentElement?.localName === 'head' || el.parentElement === null)) {
          return this.add(el.textContent ?? '', el, 'meta', 'title');
        }
        break;
      case 'textarea':
        return this.add(capped(el.textContent ?? ''), el, 'textarea', 'textarea');
      case 'input':
        return this.visitInput(el);
      case 'noscript':
        if (!el.firstElementChild) return this.add(markupText(capped(el.textContent ?? '')), el, 'noscript', 'noscript');
        this.enter(el, 'noscript', 'noscript');
        break;
      case 'template': {
        const content = (el as HTMLTemplateElement).content;
        if (!content) return;
        this.enter(el, 'template', 'template');
        return this.pushChildren(content);
      }
      case 'iframe':
      case 'frame':
        return this.visitFrame(el);
      case 'option':
      case 'optgroup':
        if (cur.parts.length) cur.parts.push('\n');
        break;
      case 'text':
        if (el.namespaceURI === SVG_NS) this.enter(el, 'svg', 'text');
        break;
      default:
        if (SKIPPED_TAGS.has(tag)) return;
        if (BLOCK_TAGS.has(tag)) this.enter(el, cur.source, tag);
    }
    // Open shadow root first (it is what renders), then light children: scanDocument's order.
    if (el.firstChild) this.pushChildren(el);
    const shadow = this.shadowOf(el);
    if (shadow) this.pushChildren(shadow);
    else if (looksLikeClosedShadowHost(el, el.ownerDocument.defaultView)) this.closedShadowRoots++;
  }

  private shadowOf(el: Element): ShadowRoot | null {
    try {
      if (el.shadowRoot) return el.shadowRoot;
      if (this.opts.getShadowRoot) return this.opts.getShadowRoot(el);
      return (el as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ?? null;
    } catch {
      return null;
    }
  }

  private visitAttributes(el: Element, names: readonly string[]): void {
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const isText = TEXT_ATTRIBUTE_SET.has(name);
      if (!isText && !(name.startsWith('data-') && name !== OWN_NODE_ATTRIBUTE)) continue;
      const v = el.getAttribute(name) ?? '';
      if (isText ? v.trim().length < 2 : !isProseLike(v)) continue;
      this.add(capped(v), el, 'attribute', name);
    }
  }

  private visitScript(el: Element): void {
    const type = el.getAttribute('type');
    if (isExecutableScriptType(type)) return;
    const raw = capped(el.textContent ?? '');
    const t = (type ?? '').toLowerCase();
    this.add(t.includes('json') ? (jsonStringsText(raw, MAX_NODE_CHARS) ?? raw) : raw, el, 'script-data', t || 'script');
  }

  private visitMeta(el: Element): void {
    const key = el.getAttribute('name') ?? el.getAttribute('property') ?? el.getAttribute('itemprop') ?? '';
    const content = el.getAttribute('content');
    if (!content || !isTextMeta(key) || isUrlLike(content)) return;
    this.add(capped(content), el, 'meta', key.toLowerCase());
  }

  private visitInput(el: Element): void {
    // The value attribute only: the live `.value` may hold what the person typed.
    const value = el.getAttribute('value');
    if (!value || !isNonBlank(value)) return;
    const type = (el.getAttribute('type') ?? 'text').trim().toLowerCase();
    if (!NO_VALUE_INPUTS.has(type)) this.add(capped(value), el, 'input-value', 'value');
  }

  private visitFrame(el: Element): void {
    if (this.opts.descendFrames === false) return;
    let doc: Document | null = null;
    try {
      doc = (el as HTMLIFrameElement).contentDocument; // null (or throws) when cross-origin
    } catch {
      return;
    }
    if (!doc?.documentElement) return;
    this.enter(doc.documentElement, 'text', 'html');
    this.pushChildren(doc);
  }
}

/** readAsAgent over every block, in slices; returns ms spent (waits excluded). */
async function readBlocks(blocks: QuickBlock[], budget: number, timings: QuickResult['timings']): Promise<void> {
  let start = performance.now();
  for (let i = 0; i < blocks.length; i++) {
    if ((i & 15) === 15) {
      const now = performance.now();
      if (now - start >= budget) {
        timings.read += now - start;
        timings.slices++;
        timings.longestSliceMs = Math.max(timings.longestSliceMs, now - start);
        await yieldToPage();
        start = performance.now();
      }
    }
    const b = blocks[i];
    try {
      const r = readAsAgent(b.text.replace(WHITE_SPACE_RUN, ' '));
      b.agentText = r.text;
      b.invisible = r.invisible;
    } catch {
      b.agentText = collapseWhitespace(b.text);
    }
  }
  const spent = performance.now() - start;
  timings.read += spent;
  timings.slices++;
  timings.longestSliceMs = Math.max(timings.longestSliceMs, spent);
}

/** The quick pass over a document. Never throws: on an internal failure it resolves with what it has. */
export async function quickText(doc: Document, opts: QuickOptions = {}): Promise<QuickResult> {
  const o = opts ?? {};
  const timings = { walk: 0, read: 0, slices: 0, longestSliceMs: 0 };
  const docEl = doc.documentElement;
  if (!docEl) return { blocks: [], nodes: 0, closedShadowRoots: 0, truncated: false, timings };
  const walk = new QuickWalk(o, { el: docEl, source: 'text', detail: docEl.localName, parts: [], up: null, template: null });
  try {
    const first: Node[] = [];
    for (let c = doc.firstChild; c; c = c.nextSibling) first.push(c);
    walk.start(first);
    await walk.run(timings);
    if (o.readAsAgent) await readBlocks(walk.blocks, o.budgetMs ?? QUICK_BUDGET_MS, timings);
    return { blocks: walk.blocks, nodes: walk.nodes, closedShadowRoots: walk.closedShadowRoots, truncated: walk.truncated, timings };
  } catch {
    return { blocks: walk.blocks, nodes: walk.nodes, closedShadowRoots: walk.closedShadowRoots, truncated: true, timings };
  }
}
