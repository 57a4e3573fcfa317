import { expect, test } from 'vitest';
import { runPool } from './run-pool';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('never runs more than `concurrency` at once, and runs every item once', async () => {
  let running = 0;
  let peak = 0;
  const seen: number[] = [];
  await runPool([30, 5, 20, 1, 10, 2, 8], 3, async (ms, i) => {
    running++;
    peak = Math.max(peak, running);
    await sleep(ms);
    seen.push(i);
    running--;
  });
  expect(peak).toBe(3);
  expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  // Completion order differs from input order: that is what the ordered writer is for.
  expect(seen).not.toEqual([0, 1, 2, 3, 4, 5, 6]);
});

test('an empty list finishes at once', async () => {
  await expect(runPool([], 4, async () => {})).resolves.toBeUndefined();
});

test('a throwing worker stops new work and rethrows', async () => {
  const started: number[] = [];
  await expect(
    runPool([1, 2, 3, 4, 5], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  expect(started).toEqual([1, 2]);
});
