/**
 * The content script's scan, lazy: hiding matters only for text that could be a finding (core/analyse.ts gives
 * tier-0 content no finding, hidden or not), so the page pays for style reads only where they can change a verdict.
 *
 *   quickText (every text an agent reads, no style reads) ─► pieces ─► choose (the background: model + rules,
 *   core/choose-blocks.ts) ─► scanSubtrees over the chosen blocks' elements, their own text (nested blocks that were
 *   pieces of their own are entered only if chosen) ─► segments with hiding verdicts
 *   ─► (only if a model-alone candidate came out hidden) scanSubtrees over the blocks repeating its text
 *
 * The segments cover only the chosen blocks; `blocks` says how many were read. Reveal, clean copy and neutralise
 * run their own full scans. Reads only; never throws into the page.
 */
import { MAX_PIECES_TO_CHOOSE } from '../core/choose-bounds';
import type { BlockChoice } from '../core/choose-blocks';
import { evaluateRules } from '../core/rules';
import type { Segment } from '../core/types';
import { isVisible } from '../core/visible-echo';
import { quickText, type QuickBlock } from './quick-text';
import { MAX_SEGMENT_CHARS, SCAN_BUDGET_MS, scanSubtrees, type ScanOptions, type ScanResult } from './scan-document';
import { yieldToPage } from './yield-to-page';
import { frameHolding, parentAcrossShadow } from './dom-tree';
import { forgetSegments, getSegmentTarget } from './segment-registry';
import { splitLongText } from './text-sources';

/** Of MAX_PIECES_TO_CHOOSE, the share kept for pieces past the cap that the rules flag (or that carry smuggled text). */
const MAX_OVERFLOW_PIECES = 500;

export interface LazyScanResult extends Omit<ScanResult, 'timings'> {
  /** Text blocks read (the segments are those of the chosen ones). */
  blocks: number;
  /** ms of the quick pass, of waiting for the choice, of the rescans (page work: quick + extract); slices; longest. */
  timings: { quick: number; choose: number; extract: number; slices: number; longestSliceMs: number };
}

/** Texts (as an agent reads them, cut like segments) and whether each carried smuggled text → the background's choice. */
export type ChooseBlocks = (texts: string[], smuggled: boolean[]) => Promise<BlockChoice>;

interface Piece {
  text: string;
  smuggled: boolean;
  block: QuickBlock;
}

/**
 * Long blocks in segment-sized pieces (the classifier reads one window of each), bounded like the scanner's segments;
 * in slices of `budgetMs` (the rules past the cap can take a while on a huge page).
 */
async function piecesOf(blocks: readonly QuickBlock[], budgetMs: number, timings: LazyScanResult['timings']): Promise<Piece[]> {
  const out: Piece[] = [];
  let overflow = 0;
  let start = performance.now();
  for (let b = 0; b < blocks.length; b++) {
    if ((b & 7) === 7 && performance.now() - start >= budgetMs) {
      const spent = performance.now() - start;
      timings.quick += spent;
      timings.longestSliceMs = Math.max(timings.longestSliceMs, spent);
      timings.slices++;
      await yieldToPage();
      start = performance.now();
    }
    const block = blocks[b];
    const smuggled = !!block.invisible?.decoded;
    for (const text of splitLongText(block.agentText ?? '', MAX_SEGMENT_CHARS)) {
      if (!text.trim()) continue;
      if (out.length < MAX_PIECES_TO_CHOOSE - MAX_OVERFLOW_PIECES) out.push({ text, smuggled, block });
      // Past the cap decoys cannot push a payload out: what the rules or the smuggling check flag still goes.
      else if (overflow < MAX_OVERFLOW_PIECES && (smuggled || evaluateRules(text).length > 0)) {
        out.push({ text, smuggled, block });
        overflow++;
      }
    }
  }
  timings.quick += performance.now() - start;
  return out;
}

/**
 * Where a chosen element's rescan starts in `doc`: the element itself, or for one inside a same-origin frame, the
 * <iframe> that holds it — the frame element's own hiding (display:none, zero size) must carry into its content, and
 * the selectors keep their frame prefix, as in a full scan.
 */
function rootIn(doc: Document, el: Element): Element | null {
  let cur: Element | null = el;
  while (cur && cur.ownerDocument !== doc) cur = frameHolding(cur);
  return cur;
}

/** Where each element's rescan starts (`rootIn`), each once. */
function rootSet(doc: Document, elements: Iterable<Element>): Set<Element> {
  const out = new Set<Element>();
  for (const el of elements) {
    const root = el.isConnected ? rootIn(doc, el) : null;
    if (root) out.add(root);
  }
  return out;
}

/**
 * `elements` and everything that holds them (across shadow roots and out of same-origin frames): what a rescan must
 * enter (ScanOptions.enterOnly). Grows `into`; stops climbing where it meets what it already holds.
 */
function addWithHolders(into: Set<Element>, elements: Iterable<Element>): Set<Element> {
  for (const el of elements) {
    let cur: Element | null = el;
    while (cur && !into.has(cur)) {
      into.add(cur);
      cur = parentAcrossShadow(cur) ?? frameHolding(cur);
    }
  }
  return into;
}

function hasAncestorIn(el: Element, set: ReadonlySet<Element>): boolean {
  for (let up = parentAcrossShadow(el); up; up = parentAcrossShadow(up)) if (set.has(up)) return true;
  return false;
}

/**
 * The rescan roots, outermost only (a rescan of a block covers the blocks inside it, its open shadow roots and frames
 * included). An ancestor walk per element: thousands of chosen blocks must not cost n².
 */
function outermost(roots: ReadonlySet<Element>): Element[] {
  return [...roots].filter((el) => !hasAncestorIn(el, roots));
}

/**
 * The echo partners to rescan: those of the model-alone candidates that may be hidden. A candidate may be hidden when
 * a hidden segment of the first rescan lies at, inside or around its element (or it is a <template>, never rendered);
 * a hidden segment whose place is unknown makes every candidate so. Visible candidates are never silenced as copies,
 * so their partners' visibility cannot change a verdict.
 */
function partnersToRescan(echoes: BlockChoice['echoes'], elementOf: (i: number) => Element | undefined, segments: readonly Segment[]): Element[] {
  const hiddenAt = new Set<Element>();
  let unknown = false;
  for (const seg of segments) {
    if (isVisible(seg)) continue; // the hidden-copy check's own test: aria-hidden or smuggled text is not visible
    const at = getSegmentTarget(seg.id)?.element;
    if (at) hiddenAt.add(at);
    else unknown = true;
  }
  const holdsHidden = new Set<Element>();
  for (const el of hiddenAt) for (let up: Element | null = el; up && !holdsHidden.has(up); up = parentAcrossShadow(up)) holdsHidden.add(up);
  const out: Element[] = [];
  for (const { of, partners } of echoes) {
    const el = elementOf(of);
    const mayBeHidden = unknown || !el || el.localName === 'template' || holdsHidden.has(el) || hasAncestorIn(el, hiddenAt);
    if (!mayBeHidden) continue;
    for (const p of partners) {
      const pe = elementOf(p);
      if (pe) out.push(pe);
    }
  }
  return out;
}

export async function scanLazily(doc: Document, choose: ChooseBlocks, opts: Omit<ScanOptions, 'root'> = {}): Promise<LazyScanResult> {
  const quick = await quickText(doc, { readAsAgent: true, descendFrames: opts.descendFrames, getShadowRoot: opts.getShadowRoot, signal: opts.signal, budgetMs: opts.budgetMs });
  const timings = { quick: quick.timings.walk + quick.timings.read, choose: 0, extract: 0, slices: quick.timings.slices, longestSliceMs: quick.timings.longestSliceMs };
  const result: LazyScanResult = { segments: [], closedShadowRoots: quick.closedShadowRoots, truncated: quick.truncated, timings, full: true, blocks: quick.blocks.length };
  if (opts.signal?.aborted || quick.blocks.length === 0) return result;
  const pieces = await piecesOf(quick.blocks, opts.budgetMs ?? SCAN_BUDGET_MS, timings);
  const waited = performance.now();
  const choice = await choose(
    pieces.map((p) => p.text),
    pieces.map((p) => p.smuggled),
  );
  timings.choose = performance.now() - waited;
  // A new full reading: the page actions' ids of the last one go (as scanDocument does).
  forgetSegments();
  const elementOf = (i: number): Element | undefined => pieces[i]?.block.element;
  // A rescan reads the asked blocks' own text: the blocks nested in them were pieces of their own, not chosen.
  const enterOnly = new Set<Element>();
  const rescan = async (roots: Element[]): Promise<Segment[]> => {
    if (!roots.length || opts.signal?.aborted) return [];
    const r = await scanSubtrees(doc, roots, { ...opts, enterOnly });
    timings.extract += r.timings.extract;
    timings.slices += r.timings.slices;
    timings.longestSliceMs = Math.max(timings.longestSliceMs, r.timings.longestSliceMs);
    result.truncated ||= r.truncated;
    return r.segments;
  };
  const chosen = choice.chosen.map(elementOf).filter((e): e is Element => !!e);
  addWithHolders(enterOnly, chosen);
  const first = rootSet(doc, chosen);
  let segments = await rescan(outermost(first));
  const partners = choice.echoes.length ? partnersToRescan(choice.echoes, elementOf, segments) : [];
  if (partners.length) {
    addWithHolders(enterOnly, partners);
    const second = new Set([...rootSet(doc, partners)].filter((el) => !first.has(el) && !hasAncestorIn(el, first)));
    if ([...first].some((el) => hasAncestorIn(el, second))) {
      // A partner around a first root: one rescan of both instead of stitching (and double-counting) segments.
      segments = await rescan(outermost(new Set([...first, ...second])));
    } else if (second.size) {
      segments = segments.concat(await rescan(outermost(second)));
    }
  }
  result.segments = segments;
  return result;
}
