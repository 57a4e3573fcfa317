import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { collectInputs, isPageFileName } from './collect-inputs';

test.each([
  ['a.html', true],
  ['A.HTM', true],
  ['page.html.gz', true],
  ['page.gz', false],
  ['notes.txt', false],
  ['x.htmlx', false],
])('isPageFileName(%s) = %s', (name, expected) => {
  expect(isPageFileName(name)).toBe(expected);
});

test('expands folders in place, sorted and recursive; keeps bad operands as error items in order', async () => {
  const root = mkdtempSync(join(tmpdir(), 'il-inputs-'));
  mkdirSync(join(root, 'sub'));
  for (const name of ['b.html', 'a.htm', 'skip.txt', 'sub/c.html.gz']) writeFileSync(join(root, name), '<p>x</p>');
  const items = await collectInputs(['https://example.com/x', root, join(root, 'missing.html'), 'ftp://x/y', join(root, 'skip.txt')]);
  expect(items.map((i) => [i.kind, i.input.replace(root, 'R')])).toEqual([
    ['url', 'https://example.com/x'],
    ['file', 'R/a.htm'],
    ['file', 'R/b.html'],
    ['file', 'R/sub/c.html.gz'],
    ['error', 'R/missing.html'],
    ['error', 'ftp://x/y'],
    // An explicit file is kept whatever its name: the reader decides whether it is HTML.
    ['file', 'R/skip.txt'],
  ]);
  const missing = items[4];
  expect(missing.kind === 'error' && missing.error).toMatch(/^missing: /);
});
