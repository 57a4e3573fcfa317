import { expect, test } from 'vitest';
import { createProgressBar, formatProgress } from './progress-bar';

test('formatProgress', () => {
  expect(formatProgress(0, 10, 0, 0)).toBe('[------------------------] 0/10 pages, eta ?');
  expect(formatProgress(5, 10, 1, 10_000)).toBe('[############------------] 5/10 pages, 1 error, eta 10s');
  expect(formatProgress(10, 10, 2, 3_000)).toMatch(/^\[#{24}\] 10\/10 pages, 2 errors, eta 0s$/);
});

test('draws on stderr-like sink and ends with a newline', () => {
  const out: string[] = [];
  const bar = createProgressBar(2, (s) => out.push(s));
  bar.tick(false);
  bar.tick(true);
  bar.done();
  expect(out.at(-1)).toBe('\n');
  expect(out.join('')).toContain('2/2 pages, 1 error');
});
