import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { looksBinary, looksLikeHtml, readPageSource } from './read-page-source';

const enc = (s: string) => Buffer.from(s, 'utf8');

describe('sniffers', () => {
  test.each([
    ['<!DOCTYPE html><title>x</title>', true],
    ['\uFEFF  <html><body>hi</body></html>', true],
    ['<p>fragment</p>', true],
    ['<!-- saved page --><div>x</div>', true],
    ['just words, no markup', false],
    ['{"json": true}', false],
    ['body { color: red }', false],
    ['a < b and c > d', false],
  ])('looksLikeHtml(%j) = %s', (text, expected) => {
    expect(looksLikeHtml(enc(text))).toBe(expected);
  });

  test.each([
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), true],
    [enc('<html>Ünïcödé текст 中文</html>'), false],
    [enc('\t<p>tabs\r\nand newlines</p>\n'), false],
    [Buffer.from(Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 1 : 65))), true],
  ])('looksBinary #%#', (bytes, expected) => {
    expect(looksBinary(bytes)).toBe(expected);
  });
});

describe('readPageSource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'il-read-'));
  const file = (name: string, body: Buffer | string) => {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  };

  test('reads html', async () => {
    const r = await readPageSource(file('a.html', '<p>hello</p>'));
    expect(r).toEqual({ ok: true, html: enc('<p>hello</p>') });
  });

  test('gunzips .html.gz', async () => {
    const r = await readPageSource(file('b.html.gz', gzipSync('<p>zipped</p>')));
    expect(r.ok && r.html.toString()).toBe('<p>zipped</p>');
  });

  test.each([
    ['missing', () => join(dir, 'nope.html'), /^missing: /],
    ['binary', () => file('c.html', Buffer.from([0, 1, 2, 3, 255, 0])), /^not-html: binary/],
    ['plain text', () => file('d.html', 'no markup at all'), /^not-html: /],
    ['broken gzip', () => file('e.html.gz', 'not gzip'), /^unreadable: gunzip/],
    ['a directory', () => dir, /^not-html: is a directory/],
  ])('%s → error line code', async (_name, path, pattern) => {
    const r = await readPageSource(path());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(pattern);
  });
});
