/**
 * "Settled" = load event, then the network quiet for a moment (capped: long-polling pages never go quiet),
 * then no DOM text changes (childList / characterData) for a quiet window. Attribute changes are ignored:
 * animations rewrite inline styles every frame and would keep a page from ever settling.
 */
import type { Page } from 'playwright-core';

/** Network counts as quiet after this long (or the DOM quiet window, if shorter) without a request in flight. */
export const NETWORK_QUIET_MS = 300;
/** Stop waiting for the network after this long; it is not an error. */
export const NETWORK_WAIT_CAP_MS = 3_000;
const POLL_MS = 50;

/** Counts requests in flight for one page (attach before navigating). */
export function trackNetwork(page: Page): { inFlight: () => number; lastChange: () => number } {
  let inFlight = 0;
  let last = Date.now();
  const up = () => {
    inFlight++;
    last = Date.now();
  };
  const down = () => {
    inFlight = Math.max(0, inFlight - 1);
    last = Date.now();
  };
  page.on('request', up);
  page.on('requestfinished', down);
  page.on('requestfailed', down);
  return { inFlight: () => inFlight, lastChange: () => last };
}

export async function waitForNetworkQuiet(
  net: { inFlight: () => number; lastChange: () => number },
  quietMs: number,
  capMs: number,
): Promise<void> {
  const start = Date.now();
  const quiet = Math.min(NETWORK_QUIET_MS, quietMs);
  while (Date.now() - start < capMs) {
    if (net.inFlight() === 0 && Date.now() - net.lastChange() >= quiet) return;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * Resolves with settled=false when text kept changing for `capMs`. Runs in the page, so a page whose main
 * thread never yields never answers: the caller's deadline handles that.
 */
export async function waitForQuietDom(page: Page, quietMs: number, capMs: number): Promise<{ settled: boolean; ms: number }> {
  // Passed as source text, not a function: tsx/esbuild would wrap named inner functions in a `__name`
  // helper that does not exist in the page (esbuild keepNames).
  const args = JSON.stringify({ quietMs, capMs, pollMs: POLL_MS });
  return page.evaluate(`(${QUIET_DOM_SOURCE})(${args})`) as Promise<{ settled: boolean; ms: number }>;
}

const QUIET_DOM_SOURCE = `function (o) {
  return new Promise(function (resolve) {
    var start = performance.now();
    var last = start;
    var observer = new MutationObserver(function () { last = performance.now(); });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
    // A renderer that was descheduled for longer than the quiet window (a loaded machine) wakes with the page's own
    // overdue timers still queued: quiet is only believed after one more turn has let them (and their mutations) run.
    function tick(confirming) {
      var now = performance.now();
      if (now - start >= o.capMs) return done(now);
      if (now - last >= o.quietMs) {
        if (confirming) return done(now);
        setTimeout(function () { tick(true); }, 0);
        return;
      }
      setTimeout(function () { tick(false); }, Math.min(o.pollMs, o.quietMs));
    }
    function done(now) {
      observer.disconnect();
      resolve({ settled: now - last >= o.quietMs, ms: now - start });
    }
    setTimeout(function () { tick(false); }, Math.min(o.pollMs, Math.max(o.quietMs, 1)));
  });
}`;
