import { expect, test } from 'vitest';
import { createOrderedWriter } from './ordered-writer';

test('writes in index order whatever order lines arrive in', () => {
  const out: string[] = [];
  const w = createOrderedWriter((l) => out.push(l));
  w.put(2, 'c');
  w.put(1, 'b');
  expect(out).toEqual([]);
  w.put(0, 'a');
  expect(out).toEqual(['a', 'b', 'c']);
  w.put(4, 'e');
  expect(w.written).toBe(3);
  w.put(3, 'd');
  expect(out).toEqual(['a', 'b', 'c', 'd', 'e']);
});

test('refuses a line handed in twice', () => {
  const w = createOrderedWriter(() => {});
  w.put(0, 'a');
  expect(() => w.put(0, 'again')).toThrow();
});
