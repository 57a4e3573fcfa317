/**
 * A one-line progress bar on stderr (never stdout: stdout is the JSON lines). Redrawn at most every
 * REDRAW_MS so thousands of fast pages do not flood the terminal.
 */
export const PROGRESS_MIN_INPUTS = 4;
const REDRAW_MS = 100;
const BAR_CELLS = 24;

export interface ProgressBar {
  tick(failed: boolean): void;
  done(): void;
}

export function formatProgress(done: number, total: number, failed: number, elapsedMs: number): string {
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * BAR_CELLS);
  const eta = done === 0 ? '?' : `${Math.round(((total - done) * elapsedMs) / done / 1000)}s`;
  const errors = failed ? `, ${failed} error${failed === 1 ? '' : 's'}` : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_CELLS - filled)}] ${done}/${total} pages${errors}, eta ${eta}`;
}

export function createProgressBar(total: number, write: (s: string) => void): ProgressBar {
  const start = Date.now();
  let done = 0;
  let failed = 0;
  let drawnAt = 0;
  const draw = () => {
    drawnAt = Date.now();
    write(`\r${formatProgress(done, total, failed, drawnAt - start)}\x1b[K`);
  };
  draw();
  return {
    tick(isError) {
      done++;
      if (isError) failed++;
      if (Date.now() - drawnAt >= REDRAW_MS || done === total) draw();
    },
    done() {
      draw();
      write('\n');
    },
  };
}

/** A bar that draws nothing. */
export const NO_PROGRESS: ProgressBar = { tick() {}, done() {} };
