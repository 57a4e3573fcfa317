/**
 * Content script (every frame). A guest in the page: it never throws into it, never changes the DOM unless the
 * person asks (background:act), and does its work in bounded, batched scans.
 *
 *   load ──► settle ──► scanLazily: quickText ─content:choose─► background (model + rules) ─► chosen blocks
 *     ▲                      ▲          ▲     ──► scanSubtrees(chosen) ──► content:report (full) ──► background
 *     │  SPA navigation ─────┘          └──── watchMutations (debounced, batched) ── rescan, at most every N ms
 *     │  (popstate / hashchange / location poll)
 *   background:scan-now (popup, shortcut, on-click mode) ──► rescan now
 *   background:act (show, reveal-all, neutralise, clean-copy, clear) ──► runPageAction
 *   pagehide / "Extension context invalidated" ──► abort: observers, timers, listeners all go
 *
 * Which frame scans: the top frame, and any frame whose parent is cross-origin to it. A same-origin child is
 * scanned by its parent's scan (descendFrames), so nothing is reported twice.
 */
import browser from 'webextension-polyfill';
import { DEFAULTS, type Settings } from '../../core/settings';
import type { ScanOptions, ScanResult } from '../../scan/scan-document';
import { scanLazily, type ChooseBlocks, type LazyScanResult } from '../../scan/scan-lazily';
import { watchMutations } from '../../scan/watch-mutations';
import { runPageAction } from '../../scan/actions';
import { scanPolicy, type ScanPolicy } from '../background/scan-policy';
import { listen, send } from '../messaging';
import { loadSettings, onSettingsChanged } from '../options/settings-store';
import { frameLabel, prefixFrame } from './frame-label';

/** Let the page finish its own start-up work before we read it. */
const SETTLE_DELAY_MS = 400;
const MUTATION_DEBOUNCE_MS = 300;
/** A full rescan follows incremental ones this long after the last change (removes what the page removed). */
const CONSOLIDATE_AFTER_MS = 3_000;
/** A page that mutates forever gets fully rescanned at most this often. */
const MIN_RESCAN_INTERVAL_MS = 3_000;
/** After this many automatic rescans of one document the watcher rests (uBlock's "fruitless rounds" idea). */
const MAX_AUTO_RESCANS = 200;
const LOCATION_POLL_MS = 1_000;

const MARK = Symbol.for('injection-lens.content');

/** Chrome lets extensions read closed shadow roots (chrome.dom); Firefox's scanner finds its own way. */
const chromeDom = (globalThis as unknown as { chrome?: { dom?: { openOrClosedShadowRoot?(el: Element): ShadowRoot | null } } })
  .chrome?.dom;
const SCAN_OPTIONS: Omit<ScanOptions, 'root' | 'signal'> = {
  descendFrames: true,
  ...(chromeDom?.openOrClosedShadowRoot ? { getShadowRoot: (el: Element) => chromeDom.openOrClosedShadowRoot!(el) } : {}),
};

function roundTimings(timings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}

function isContextInvalidated(error: unknown): boolean {
  return /Extension context invalidated|context invalidated|Receiving end does not exist/i.test(String(error));
}

/** Is this frame one we scan ourselves (top, or parent cross-origin to us)? */
function shouldScanThisFrame(): boolean {
  if (window === window.top) return true;
  try {
    // Throws (or returns undefined origin) when the parent is cross-origin: then nobody above can see us.
    return window.parent.location.origin !== window.location.origin;
  } catch {
    return true;
  }
}

function start(): AbortController {
  const controller = new AbortController();
  const { signal } = controller;
  let settings: Settings = DEFAULTS;
  let policy: ScanPolicy = 'auto';
  let scanning: Promise<void> | null = null;
  let dirty = false;
  let lastScanAt = 0;
  let autoRescans = 0;
  let lastHref = location.href;
  let rescanTimer: ReturnType<typeof setTimeout> | undefined;
  /** Watchers (mutations, navigation) have their own switch: settings can turn them off without unloading us. */
  let watching: AbortController | null = null;
  const label = frameLabel(window === window.top, location.href);

  const stop = (): void => {
    if (signal.aborted) return;
    controller.abort();
    clearTimeout(rescanTimer);
    unlisten();
    if (typeof unsubscribeSettings === 'function') unsubscribeSettings();
  };

  async function report(result: ScanResult | LazyScanResult, full: boolean, t0: number): Promise<void> {
    await send('content:report', {
      url: location.href,
      segments: prefixFrame(result.segments, label),
      closedShadowRoots: result.closedShadowRoots,
      timings: roundTimings({ ...result.timings, content: performance.now() - t0 }),
      full,
      truncated: result.truncated,
      ...('blocks' in result ? { blocks: result.blocks } : {}),
    });
  }

  /**
   * The background scores the blocks (model + rules) and says which need a hiding verdict. If it cannot answer (and
   * we are still wanted), every block is examined: a full reading, never a silent gap.
   */
  const choose: ChooseBlocks = async (texts, smuggled) => {
    try {
      return await send('content:choose', { url: location.href, texts, smuggled });
    } catch (error) {
      if (isContextInvalidated(error)) throw error;
      return { chosen: texts.map((_, i) => i), echoes: [] };
    }
  };

  async function scanOnce(): Promise<void> {
    const t0 = performance.now();
    const result = await scanLazily(document, choose, { ...SCAN_OPTIONS, signal });
    if (signal.aborted) return;
    lastScanAt = Date.now();
    await report(result, true, t0);
  }

  /** One scan at a time; a request during a scan runs one more scan after it (requests coalesce). */
  function scan(): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    if (scanning) {
      dirty = true;
      return scanning;
    }
    scanning = scanOnce()
      .catch((error: unknown) => {
        if (isContextInvalidated(error)) stop();
      })
      .finally(() => {
        scanning = null;
        if (dirty && !signal.aborted) {
          dirty = false;
          scheduleRescan(0);
        }
      });
    return scanning;
  }

  function scheduleRescan(delayMs: number): void {
    if (signal.aborted || policy !== 'auto') return;
    clearTimeout(rescanTimer);
    const wait = Math.max(delayMs, lastScanAt + MIN_RESCAN_INTERVAL_MS - Date.now());
    rescanTimer = setTimeout(() => void scan(), wait);
  }

  const unlisten = listen('content', {
    'background:scan-now': () => {
      if (policy === 'never') return;
      void scan();
    },
    'background:act': async ({ action, flagged }) => {
      try {
        return await runPageAction(action, flagged, document);
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
  });

  function onNavigation(): void {
    if (location.href === lastHref) return;
    lastHref = location.href;
    autoRescans = 0;
    scheduleRescan(SETTLE_DELAY_MS);
  }

  function watch(): void {
    if (watching || signal.aborted) return;
    watching = new AbortController();
    const watchSignal = AbortSignal.any([signal, watching.signal]);
    // SPA navigation: history.pushState fires no event, so poll the location too (cheap string compare).
    window.addEventListener('popstate', onNavigation, { signal: watchSignal });
    window.addEventListener('hashchange', onNavigation, { signal: watchSignal });
    const poll = setInterval(onNavigation, LOCATION_POLL_MS);
    watchSignal.addEventListener('abort', () => clearInterval(poll));
    watchMutations(
      document,
      (result) => {
        if (signal.aborted) return;
        // Changed subtrees arrive at once (added to what the background has); a full rescan a little later
        // drops text the page has since removed, so stale findings do not pile up.
        void report(result, result.full === true, performance.now()).catch((error: unknown) => {
          if (isContextInvalidated(error)) stop();
        });
        if (result.full || autoRescans >= MAX_AUTO_RESCANS) return;
        autoRescans++;
        scheduleRescan(CONSOLIDATE_AFTER_MS);
      },
      { signal: watchSignal, debounceMs: MUTATION_DEBOUNCE_MS, scan: SCAN_OPTIONS },
    );
  }

  function unwatch(): void {
    watching?.abort();
    watching = null;
    clearTimeout(rescanTimer);
  }

  /** Automatic mode: wait for the page to settle, scan, then follow its changes. */
  async function begin(): Promise<void> {
    if (document.readyState !== 'complete') {
      await new Promise((resolve) => window.addEventListener('load', resolve, { once: true, signal }));
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_DELAY_MS));
    if (signal.aborted || policy !== 'auto') return;
    await scan();
    watch();
  }

  // Settings changed in Options: follow them without a reload (deny-listed → stop; automatic again → start).
  const unsubscribeSettings: unknown = onSettingsChanged((next: Settings) => {
    settings = next;
    const previous = policy;
    policy = scanPolicy(location.href, settings);
    if (policy !== 'auto') unwatch();
    else if (previous !== 'auto') void begin().catch(() => undefined);
  });

  // Leaving the page ends everything (a page restored from the back/forward cache starts afresh, see boot).
  window.addEventListener('pagehide', stop, { once: true });

  void (async () => {
    settings = await loadSettings().catch(() => DEFAULTS);
    policy = scanPolicy(location.href, settings);
    if (policy === 'auto' && !signal.aborted) await begin();
  })().catch((error: unknown) => {
    if (isContextInvalidated(error)) stop();
  });
  return controller;
}

function boot(): void {
  const g = globalThis as unknown as Record<symbol, boolean>;
  try {
    if (!browser.runtime?.id || !shouldScanThisFrame()) return;
    g[MARK] = true;
    let current = start();
    window.addEventListener('pageshow', (event) => {
      try {
        if (event.persisted && current.signal.aborted && browser.runtime?.id) current = start();
      } catch {
        // never into the page
      }
    });
  } catch {
    // A guest never throws into the page.
  }
}

// Injected twice (manifest + on-click executeScript) must not mean two scanners.
if (!(globalThis as unknown as Record<symbol, boolean>)[MARK]) boot();
