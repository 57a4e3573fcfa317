/**
 * Runs `work` over items with at most `concurrency` in flight, starting them in input order.
 * `work` must not throw (each input turns its own failure into an error line); if it does, the pool
 * stops starting new items and rethrows once the running ones finish.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const lane = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const index = next++;
      try {
        await work(items[index], index);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  const lanes = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure !== null) throw failure;
}
