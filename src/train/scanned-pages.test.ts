import { describe, expect, it } from 'vitest';
import { pageDocOf, parseScanOutput } from './scanned-pages';

const DIR = '/data/pages';

describe('scanned pages (scan --segments output → training pages)', () => {
  it('keeps page ids relative to the pages folder, so the page split is the one html-text pages get', () => {
    const doc = pageDocOf({ input: `${DIR}/mozilla__readability/test/a/source.html`, segmentTexts: [{ text: 'Hello there' }] }, DIR);
    expect(doc).toEqual({ id: 'mozilla__readability/test/a/source.html', source: 'mozilla__readability', segments: ['Hello there'] });
  });

  it('collapses white space, drops one-character and repeated blocks, and cuts long ones', () => {
    const long = 'word '.repeat(2000);
    const doc = pageDocOf(
      {
        input: `${DIR}/x/p.html`,
        segmentTexts: [{ text: '  Menu \n  Home ' }, { text: 'x' }, { text: 'Menu Home' }, { text: 'Sign in' }, { text: long }],
      },
      DIR,
    );
    expect(doc.segments.slice(0, 2)).toEqual(['Menu Home', 'Sign in']);
    expect(doc.segments).toHaveLength(3);
    expect(doc.segments[2].length).toBe(4000);
  });

  it('reads one page per line and lists the pages the scan could not read', () => {
    const out = [
      JSON.stringify({ input: `${DIR}/a/1.html`, verdict: 'clean', segments: 1, segmentTexts: [{ text: 'First page text' }] }),
      'injection-lens: a note on stderr that leaked into stdout',
      JSON.stringify({ input: `${DIR}/a/2.html`, error: 'timeout: never settled', verdict: null }),
      JSON.stringify({ input: `${DIR}/b/3.html`, verdict: 'clean', segments: 0, segmentTexts: [] }),
      '',
    ].join('\n');
    const { pages, failed } = parseScanOutput(out, DIR);
    expect(pages.map((p) => [p.id, p.segments])).toEqual([
      ['a/1.html', ['First page text']],
      ['b/3.html', []],
    ]);
    expect(failed).toEqual(['a/2.html: timeout: never settled']);
  });
});
