/**
 * CPU time of a page's renderer main thread (CDP Performance.getMetrics ThreadTime): on a shared, loaded machine it
 * counts only the time our code ran, where wall-clock slices also count the time the thread sat descheduled.
 */
import type { Page } from 'playwright-core';

export interface RendererCpu {
  /** Renderer main-thread CPU ms so far. */
  threadMs(): Promise<number>;
  /** CPU ms per call of `run(calls)`, which should make `calls` calls. */
  perCall(calls: number, run: (calls: number) => Promise<unknown>): Promise<number>;
}

/** Runs `use` with a CDP session on `page`'s renderer, detached afterwards whatever happens. */
export async function withRendererCpu<T>(page: Page, use: (cpu: RendererCpu) => Promise<T>): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const threadMs = async (): Promise<number> => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return (metrics.find((x) => x.name === 'ThreadTime')?.value ?? NaN) * 1000;
    };
    const perCall = async (calls: number, run: (calls: number) => Promise<unknown>): Promise<number> => {
      const t0 = await threadMs();
      await run(calls);
      return ((await threadMs()) - t0) / calls;
    };
    return await use({ threadMs, perCall });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
