/**
 * A style-free first pass: every text scanDocument reads, grouped into blocks by tag name alone, with no
 * computed-style, rect or visibility read. Severity needs hiding only together with instruction-like content
 * (core/analyse.ts), so a lazy pipeline can score these blocks first and run the full scanner (scanSubtrees)
 * on the few candidates to learn how they are hidden.
 *
 *   document ─► walk (a cursor per open child list, ~4 ms slices, yields via MessageChannel)
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
  collapseWhitespace,
  isExecutableScriptType,
  isTextMeta,
  isUrlLike,
  jsonStringsText,
  markupText,
} from './text-sources';
import { A_OWN_MARKER, A_TEXT, attributeText, textAttributeFlags } from './attribute-flags';
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
const SKIPPED_TAGS = new Set(['style', 'link', 'base']);
const NO_VALUE_INPUTS = new Set(['password', 'checkbox', 'radio', 'file', 'image', 'color', 'range']);
const WHITE_SPACE_RUN = /[ \t\n\r\f\u00a0]{2,}|[\t\n\r\f\u00a0]/g;

/** A block being read: where its text goes when the walk leaves it. `up` is restored then. */
interface Builder {
  el: Element;
  source: SourceKind;
  detail: string;
  up: Builder | null;
  /** The <template> whose inert content the walk is in: what a rescan must start from (its content is not connected). */
  template: Element | null;
}

/*
 * What a tag asks of the walk, from one map lookup instead of a string switch and two set lookups per element.
 * Specific tags win over BLOCK_TAGS ('option' is a block tag, yet only starts a line), as a switch's cases did.
 * Tags absent from the map are inline (K_INLINE).
 */
const K_INLINE = 0;
const K_BLOCK = 1;
const K_SKIP = 2;
const K_SCRIPT = 3;
const K_BR = 4;
const K_META = 5;
const K_TITLE = 6;
const K_TEXTAREA = 7;
const K_INPUT = 8;
const K_NOSCRIPT = 9;
const K_TEMPLATE = 10;
const K_FRAME = 11;
const K_LINE = 12;
const K_SVG_TEXT = 13;
const KIND_MASK = 15;
/**
 * Set on the built-in tags that may host a shadow root (https://dom.spec.whatwg.org/#valid-shadow-host-name).
 * Any other host is a custom element, whose name has a '-'. No other element has an author shadow root, so
 * its shadowRoot (and the closed-root look-ups, which leave user-agent roots out) need not be read.
 */
const SHADOW_HOST = 16;
const TAG_KIND = new Map<string, number>();
for (const t of BLOCK_TAGS) TAG_KIND.set(t, K_BLOCK);
for (const t of SKIPPED_TAGS) TAG_KIND.set(t, K_SKIP);
for (const [t, k] of [
  ['script', K_SCRIPT], ['br', K_BR], ['meta', K_META], ['title', K_TITLE], ['desc', K_TITLE], ['textarea', K_TEXTAREA],
  ['input', K_INPUT], ['noscript', K_NOSCRIPT], ['template', K_TEMPLATE], ['iframe', K_FRAME], ['frame', K_FRAME],
  ['option', K_LINE], ['optgroup', K_LINE], ['text', K_SVG_TEXT],
] as const) {
  TAG_KIND.set(t, k);
}
for (const t of [
  'article', 'aside', 'blockquote', 'body', 'div', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'main',
  'nav', 'p', 'section', 'span',
]) {
  TAG_KIND.set(t, (TAG_KIND.get(t) ?? K_INLINE) | SHADOW_HOST);
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

/**
 * Depth first over the composed tree: an element's open shadow root first (it is what renders), then its light
 * children; a <template>'s content; a same-origin frame's document (scanDocument's order).
 *
 * One entry per open child list (the walk's depth, not its breadth): a cursor that follows nextSibling, and the
 * block to leave when the list ends; not every child of every element (text nodes too) pushed ahead of its visit
 * beside an exit marker. The page runs between slices and may move nodes, so before each yield every live cursor
 * becomes a snapshot of the siblings it has left: what the walk would have listed when it entered the parent,
 * since nothing of the page runs inside a slice. Output is block for block what the explicit-stack walk gave
 * (test/dom/quick-text-identity.test.ts). Its cost is mostly the DOM reads themselves (nodeType, nextSibling,
 * data, localName, getAttributeNames, firstChild, shadowRoot on hosts): test/bench/quick-walk-speed.ts.
 */
class QuickWalk {
  readonly blocks: QuickBlock[] = [];
  closedShadowRoots = 0;
  nodes = 0;
  truncated = false;
  /** Per open child list: the next node while live (null once done or snapshotted), … */
  private next: (Node | null)[] = [];
  /** … the siblings left at the last yield, last first (null while live), … */
  private rest: (Node[] | null)[] = [];
  /** … and the block it closes (null for a shadow root's list, which shares its host's block). */
  private closes: (Builder | null)[] = [];
  private cur: Builder;
  /** The current block's text so far. Only the innermost open block ever holds text: enter() flushes the outer one. */
  private text = '';

  constructor(
    private readonly opts: QuickOptions,
    top: Builder,
    /** Firefox content scripts read closed roots as element.openOrClosedShadowRoot; elsewhere it is undefined on every element. */
    private readonly hasOpenOrClosed: boolean,
  ) {
    this.cur = top;
  }

  /** A block of its own (attribute, comment, meta, …) where the walk is now. */
  private add(text: string, element: Element, source: SourceKind, detail: string): void {
    if (isNonBlank(text)) this.blocks.push({ text, element: this.cur.template ?? element, source, detail });
  }

  /** Ends the current piece of `b`, the innermost open block. */
  private flush(b: Builder): void {
    const text = this.text;
    if (!text) return;
    this.text = '';
    if (isNonBlank(text)) this.blocks.push({ text, element: b.template ?? b.el, source: b.source, detail: b.detail });
  }

  private open(first: Node | null, close: Builder | null): void {
    this.next.push(first);
    this.rest.push(null);
    this.closes.push(close);
  }

  /**
   * Starts a block for `el` with an empty child list that leaves it; the caller points that list at the children.
   * So a block entered is always left, even if reading its children fails.
   */
  private enter(el: Element, source: SourceKind, detail: string, isTemplate: boolean): void {
    // Text after a nested block starts a new piece of the outer one (as scanDocument's segments do).
    this.flush(this.cur);
    const b: Builder = { el, source, detail, up: this.cur, template: this.cur.template ?? (isTemplate ? el : null) };
    this.open(null, b);
    this.cur = b;
  }

  start(first: Node | null): void {
    this.open(first, this.cur);
  }

  /** Before the page runs: what each live list has left, as it is now. */
  private snapshot(): void {
    const next = this.next;
    for (let i = 0; i < next.length; i++) {
      let k = next[i];
      if (!k) continue;
      const left: Node[] = [];
      for (; k; k = k.nextSibling) left.push(k);
      next[i] = null;
      this.rest[i] = left.reverse();
    }
  }

  async run(timings: QuickResult['timings']): Promise<void> {
    const budget = this.opts.budgetMs ?? QUICK_BUDGET_MS;
    const maxNodes = this.opts.maxNodes ?? QUICK_MAX_NODES;
    for (;;) {
      const sliceStart = performance.now();
      const more = this.slice(sliceStart + budget, maxNodes);
      // Counted in the slice: a long list of siblings makes a long snapshot.
      if (more) this.snapshot();
      const spent = performance.now() - sliceStart;
      timings.walk += spent;
      timings.slices++;
      if (spent > timings.longestSliceMs) timings.longestSliceMs = spent;
      if (!more) break;
      await yieldToPage();
      if (this.opts.signal?.aborted) {
        this.truncated = true;
        break;
      }
    }
    // What a cap or abort left open is still returned, innermost block first.
    const closes = this.closes;
    for (let i = closes.length - 1; i >= 0; i--) {
      const b = closes[i];
      if (b) this.flush(b);
    }
    this.next.length = this.rest.length = closes.length = 0;
  }

  /**
   * Walks until the deadline (true: more to do) or the end, a cap or an abort (false). A plain function, apart
   * from the async run(): the engine optimises it as a whole, and it is where all the time goes.
   */
  private slice(deadline: number, maxNodes: number): boolean {
    const next = this.next;
    const rest = this.rest;
    const closes = this.closes;
    let n = 0;
    while (next.length) {
      // The clock and the signal every 128 nodes: ~10-50 µs of work at this pass's pace.
      if ((++n & 127) === 0) {
        if (performance.now() >= deadline) return true;
        if (this.opts.signal?.aborted) {
          this.truncated = true;
          return false;
        }
      }
      const top = next.length - 1;
      let node = next[top];
      if (node) next[top] = node.nextSibling;
      else node = rest[top]?.pop() ?? null;
      if (!node) {
        // The list is done: leave the block it belongs to.
        next.pop();
        rest.pop();
        const b = closes.pop();
        if (b) {
          this.flush(b);
          if (b.up) this.cur = b.up;
        }
        continue;
      }
      try {
        const type = node.nodeType;
        if (type === 3) {
          if (++this.nodes > maxNodes) {
            this.truncated = true;
            return false;
          }
          const data = (node as Text).data;
          if (isNonBlank(data)) this.text += capped(data);
          else if (this.text) this.text += ' ';
        } else if (type === 1) {
          if (++this.nodes > maxNodes) {
            this.truncated = true;
            return false;
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
    return false;
  }

  private visitElement(el: Element): void {
    // Most elements have attributes: listing them straight away saves a hasAttributes() call on each.
    const names = el.getAttributeNames();
    const flags = names.length ? textAttributeFlags(names) : 0;
    if (flags & A_OWN_MARKER && isOwnNode(el)) return;
    const tag = el.localName;
    if (flags & A_TEXT) this.visitAttributes(el, names);

    const kind = TAG_KIND.get(tag);
    let entered = false;
    switch (kind === undefined ? K_INLINE : kind & KIND_MASK) {
      case K_INLINE:
        break;
      case K_BLOCK:
        this.enter(el, this.cur.source, tag, false);
        entered = true;
        break;
      case K_SKIP:
        return;
      case K_SCRIPT:
        if (el.namespaceURI !== SVG_NS) return this.visitScript(el);
        break;
      case K_BR:
        if (this.text) this.text += '\n';
        return;
      case K_META:
        return this.visitMeta(el);
      case K_TITLE:
        if (el.namespaceURI === SVG_NS) return this.add(el.textContent ?? '', el, 'svg', tag);
        if (tag === 'title' && (el.parentElement?.localName === 'head' || el.parentElement === null)) {
          return this.add(el.textContent ?? '', el, 'meta', 'title');
        }
        break;
      case K_TEXTAREA:
        return this.add(capped(el.textContent ?? ''), el, 'textarea', 'textarea');
      case K_INPUT:
        return this.visitInput(el);
      case K_NOSCRIPT:
        if (!el.firstElementChild) return this.add(markupText(capped(el.textContent ?? '')), el, 'noscript', 'noscript');
        this.enter(el, 'noscript', 'noscript', false);
        entered = true;
        break;
      case K_TEMPLATE: {
        const content = (el as HTMLTemplateElement).content;
        if (!content) return;
        this.enter(el, 'template', 'template', true);
        this.next[this.next.length - 1] = content.firstChild;
        return;
      }
      case K_FRAME:
        return this.visitFrame(el);
      case K_LINE:
        if (this.text) this.text += '\n';
        break;
      case K_SVG_TEXT:
        if (el.namespaceURI === SVG_NS) {
          this.enter(el, 'svg', 'text', false);
          entered = true;
        }
        break;
    }
    // Light children below, the shadow root's above: the shadow tree is walked first.
    const first = el.firstChild;
    if (entered) this.next[this.next.length - 1] = first;
    else if (first) this.open(first, null);
    const custom = kind === undefined && tag.includes('-');
    if (!custom && !(kind! & SHADOW_HOST)) return;
    const shadow = this.shadowOf(el);
    if (shadow) {
      if (shadow.firstChild) this.open(shadow.firstChild, null);
    } else if (custom && looksLikeClosedShadowHost(el, el.ownerDocument.defaultView)) this.closedShadowRoots++;
  }

  private shadowOf(el: Element): ShadowRoot | null {
    try {
      if (el.shadowRoot) return el.shadowRoot;
      if (this.opts.getShadowRoot) return this.opts.getShadowRoot(el);
      if (!this.hasOpenOrClosed) return null;
      return (el as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ?? null;
    } catch {
      return null;
    }
  }

  private visitAttributes(el: Element, names: readonly string[]): void {
    for (let i = 0; i < names.length; i++) {
      const v = attributeText(el, names[i]);
      if (v !== null) this.add(capped(v), el, 'attribute', names[i]);
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
    this.enter(doc.documentElement, 'text', 'html', doc.documentElement.localName === 'template');
    this.next[this.next.length - 1] = doc.firstChild;
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
  const walk = new QuickWalk(o, { el: docEl, source: 'text', detail: docEl.localName, up: null, template: null },
    (docEl as Element & { openOrClosedShadowRoot?: unknown }).openOrClosedShadowRoot !== undefined,
  );
  try {
    walk.start(doc.firstChild);
    await walk.run(timings);
    if (o.readAsAgent) await readBlocks(walk.blocks, o.budgetMs ?? QUICK_BUDGET_MS, timings);
    return { blocks: walk.blocks, nodes: walk.nodes, closedShadowRoots: walk.closedShadowRoots, truncated: walk.truncated, timings };
  } catch {
    return { blocks: walk.blocks, nodes: walk.nodes, closedShadowRoots: walk.closedShadowRoots, truncated: true, timings };
  }
}
