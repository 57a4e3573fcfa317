/**
 * Rescans what the page changes after load. The MutationObserver callback only queues records; a timer
 * (debounce) drains them later, off the callback (uBlock Origin: "do not handle added nodes from within the
 * mutation observer"). Each batch is normalised Dark Reader style: our own overlay and non-content tags
 * skipped, nodes whose ancestor was also added dropped, a huge batch turned into one full rescan.
 *
 *   mutations ─► queue ─(debounce)─► roots: changed subtrees, lifted to their block, deduplicated
 *                                    ─► scanDocument(root) each ─► onChange({segments, full: false})
 *             > HUGE_MUTATIONS_COUNT ─► scanDocument(doc)      ─► onChange({segments, full: true})
 */
import { OWN_NODE_ATTRIBUTE, scanDocument, scanSubtrees, type ScanOptions, type ScanResult } from './scan-document';
import { isBlockDisplay } from './hiding-rules';
import { isOwnNode } from './actions/own-nodes';

export interface WatchOptions {
  signal: AbortSignal;
  /** Quiet time before a batch is drained, ms (default 250). */
  debounceMs?: number;
  /** Added (optional): options passed to each rescan (budget, caps, getShadowRoot). */
  scan?: Omit<ScanOptions, 'root' | 'signal'>;
}

/** Above this many records in one batch, one full rescan is cheaper than sorting them out (Dark Reader). */
export const HUGE_MUTATIONS_COUNT = 1_000;
/** More changed roots than this in one batch: rescan the whole document instead. */
const MAX_ROOTS_PER_BATCH = 200;
export const DEFAULT_DEBOUNCE_MS = 250;
/** After this many rounds in a row that yield no segment the watcher rests (uBlock shuts off after 256). */
export const MAX_FRUITLESS_ROUNDS = 64;
/** While resting, batches are drained this rarely: changes are still seen, just later and in bulk. */
export const REST_DEBOUNCE_MS = 5_000;
/** Hashes of reported segments kept to recognise repeats (cleared when full, or on a full rescan). */
const MAX_REMEMBERED_SEGMENTS = 20_000;
/** How far up the tree a changed inline node is lifted to find its text block. */
const MAX_LIFT_DEPTH = 8;

const SKIP_TAGS = new Set(['script', 'style', 'meta', 'link', 'br', 'head', 'base', 'noscript-off']);

const WATCHED_ATTRIBUTES = [
  'style', 'class', 'hidden', 'open', 'aria-hidden', 'alt', 'title', 'aria-label', 'aria-description',
  'placeholder', 'value', 'content',
];

/** Watches `doc` until `opts.signal` aborts. Never throws into the page. */
export function watchMutations(doc: Document, onChange: (r: ScanResult) => void, opts: WatchOptions): void {
  const win = doc.defaultView;
  if (!win || opts.signal.aborted) return;
  const debounceMs = opts.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let queue: MutationRecord[] = [];
  let overflow = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let draining = false;
  let fruitless = 0;

  const schedule = () => {
    if (timer !== null || opts.signal.aborted) return;
    const wait = fruitless >= MAX_FRUITLESS_ROUNDS ? REST_DEBOUNCE_MS : debounceMs;
    timer = setTimeout(() => {
      timer = null;
      void drain();
    }, wait);
  };

  const observer = new win.MutationObserver((records) => {
    // Only queue here: the page is mid-update and any reading would force style and layout.
    if (overflow) return;
    if (queue.length + records.length > HUGE_MUTATIONS_COUNT) {
      overflow = true;
      queue = [];
    } else {
      for (const r of records) queue.push(r);
    }
    schedule();
  });

  // The last reported state of each place (hashed): a carousel toggling classes or a re-rendered widget
  // yields the same segments again and again; those rounds count as fruitless and report nothing. Only
  // the latest state counts, so text hidden, shown and hidden again is reported each time it flips.
  const last = new Map<number, number>();
  const remember = (r: ScanResult) => {
    if (r.full) last.clear();
    const fresh = r.segments.filter((seg) => {
      const place = hashString(`${seg.frame}\u0000${seg.selector}\u0000${seg.source}\u0000${seg.detail ?? ''}`);
      const state = hashString(`${seg.hidden.join(',')}\u0000${seg.text}`);
      if (last.get(place) === state) return false;
      if (last.size >= MAX_REMEMBERED_SEGMENTS) last.clear();
      last.set(place, state);
      return true;
    });
    return r.full ? r : { ...r, segments: fresh };
  };

  const drain = async () => {
    if (draining) {
      schedule(); // a scan is running: look again after it
      return;
    }
    draining = true;
    const records = queue;
    const full = overflow;
    queue = [];
    overflow = false;
    try {
      let result: ScanResult | null;
      if (full) result = await scanDocument(doc, { ...opts.scan, signal: opts.signal });
      else {
        const roots = changedRoots(records, win);
        if (roots === 'too-many') result = await scanDocument(doc, { ...opts.scan, signal: opts.signal });
        else result = roots.length ? await scanRoots(doc, roots, opts) : null;
      }
      if (opts.signal.aborted) return;
      if (result) result = remember(result);
      if (result && (result.segments.length || result.full)) {
        fruitless = 0;
        try {
          onChange(result);
        } catch {
          /* the caller's bug must not stop the watcher */
        }
      } else {
        fruitless++;
      }
    } catch {
      /* never into the page */
    } finally {
      draining = false;
    }
  };

  try {
    observer.observe(doc, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: WATCHED_ATTRIBUTES,
    });
  } catch {
    return;
  }
  opts.signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (timer !== null) clearTimeout(timer);
      timer = null;
      queue = [];
    },
    { once: true },
  );
}

function scanRoots(doc: Document, roots: Element[], opts: WatchOptions): Promise<ScanResult> {
  return scanSubtrees(doc, roots, { ...opts.scan, signal: opts.signal });
}

/** The subtrees a batch of records touched, normalised; 'too-many' when a full rescan is cheaper. */
export function changedRoots(records: MutationRecord[], win: Window): Element[] | 'too-many' {
  const candidates = new Set<Element>();
  const add = (el: Element | null) => {
    if (!el || isOwn(el)) return;
    if (SKIP_TAGS.has(el.localName)) return;
    candidates.add(el);
  };
  for (const r of records) {
    const target = r.target;
    if (r.type === 'childList') {
      if (target.nodeType === 1 && isOwn(target as Element)) continue;
      r.addedNodes.forEach((n) => {
        if (n.nodeType === 1) add(n as Element);
        else if (n.nodeType === 3 || n.nodeType === 8) add(n.parentElement);
      });
    } else if (r.type === 'characterData') {
      add(target.parentElement);
    } else if (r.type === 'attributes' && target.nodeType === 1) {
      // <html>/<body> attributes flip page-wide state flags (scrolled, theme, menu-open) many times a
      // second; rescanning the whole body for each would be a full scan in disguise. What those flags
      // reveal shows up as changes on the revealed elements or in the consolidating full rescan.
      const name = (target as Element).localName;
      if (name === 'html' || name === 'body') continue;
      add(target as Element);
    }
  }
  // Lift inline nodes to their text block, so a changed <span> is rescanned with its sentence.
  const lifted = new Set<Element>();
  for (const el of candidates) {
    if (!el.isConnected) continue;
    lifted.add(liftToBlock(el, win));
  }
  // Keep only the top-most roots: a node whose ancestor is also a root is scanned with it.
  const roots: Element[] = [];
  for (const el of lifted) {
    let covered = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (lifted.has(p)) {
        covered = true;
        break;
      }
    }
    if (!covered) roots.push(el);
  }
  return roots.length > MAX_ROOTS_PER_BATCH ? 'too-many' : roots;
}

function liftToBlock(el: Element, win: Window): Element {
  let cur = el;
  for (let i = 0; i < MAX_LIFT_DEPTH; i++) {
    try {
      if (isBlockDisplay(win.getComputedStyle(cur).display)) return cur;
    } catch {
      return cur;
    }
    const parent = cur.parentElement;
    if (!parent || parent.localName === 'body' || parent.localName === 'html') return cur;
    cur = parent;
  }
  return cur;
}

/** Inside an overlay the page actions made (by identity: a page can fake the marker attribute). */
function isOwn(el: Element): boolean {
  try {
    for (let cur = el.closest(`[${OWN_NODE_ATTRIBUTE}]`); cur; cur = cur.parentElement?.closest(`[${OWN_NODE_ATTRIBUTE}]`) ?? null) {
      if (isOwnNode(cur)) return true;
    }
    return false;
  } catch {
    return false;
  }
}

/** FNV-1a, 32 bits: enough to recognise a repeat; a rare collision only hides one duplicate report. */
function hashString(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
