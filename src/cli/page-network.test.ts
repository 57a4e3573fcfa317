import { expect, test } from 'vitest';
import { LOCAL_ORIGIN, htmlContentType, localPageUrl } from './page-network';

test.each([
  ['<html><head><meta charset="shift_jis"></head></html>', 'text/html'],
  ['<p>plain ascii</p>', 'text/html; charset=utf-8'],
  ['<p>ünïcödé</p>', 'text/html; charset=utf-8'],
])('htmlContentType(%j)', (html, expected) => {
  expect(htmlContentType(Buffer.from(html, 'utf8'))).toBe(expected);
});

test('a page that is not valid UTF-8 and declares nothing is left to Chromium', () => {
  expect(htmlContentType(Buffer.from([0x3c, 0x70, 0x3e, 0xe9, 0x3c]))).toBe('text/html');
});

test('local pages open under the made-up origin, .gz dropped, name escaped', () => {
  expect(localPageUrl('/a/b/page.html')).toBe(`${LOCAL_ORIGIN}/page.html`);
  expect(localPageUrl('/a/b/page.html.gz')).toBe(`${LOCAL_ORIGIN}/page.html`);
  expect(localPageUrl('/a/my page#1.htm')).toBe(`${LOCAL_ORIGIN}/my%20page%231.htm`);
});
