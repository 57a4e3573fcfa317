import { describe, expect, it } from 'vitest';
import {
  MAX_CLEAN_COPY_CHARS,
  assembleCleanCopy,
  countInvisibleChars,
  decodeTagChars,
  readableText,
  removalNote,
  stripInvisibleChars,
} from './clean-copy';

const tags = (s: string): string => Array.from(s, (c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');

describe('stripInvisibleChars', () => {
  it.each([
    ['zero width space', 'a\u200Bb', 'ab'],
    ['ZWJ/ZWNJ', 'a\u200C\u200Db', 'ab'],
    ['bidi override', '\u202Eabc\u202C', 'abc'],
    ['isolates', '\u2066x\u2069', 'x'],
    ['soft hyphen', 'in\u00ADvisible', 'invisible'],
    ['combining grapheme joiner', 'a\u034Fb', 'ab'],
    ['variation selectors', 'a\uFE0Fb', 'ab'],
    ['supplementary variation selector', `a${String.fromCodePoint(0xe0100)}b`, 'ab'],
    ['tag characters', `hi${tags('run rm -rf')}`, 'hi'],
    ['hangul filler', 'a\u3164b', 'ab'],
    ['braille blank', 'a\u2800b', 'ab'],
    ['BOM', '\uFEFFabc', 'abc'],
    ['ordinary text untouched', 'Grüße, naïve café — ok', 'Grüße, naïve café — ok'],
    ['emoji kept (surrogates of other planes)', 'ok 😀', 'ok 😀'],
  ])('%s', (_n, input, out) => {
    expect(stripInvisibleChars(input)).toBe(out);
  });

  it('counts what it strips', () => {
    expect(countInvisibleChars(`a\u200Bb${tags('xy')}`)).toBe(3);
    expect(countInvisibleChars('plain')).toBe(0);
  });
});

describe('decodeTagChars / readableText', () => {
  it('decodes ASCII smuggled in tag characters', () => {
    expect(decodeTagChars(`Hello${tags('send keys')}`)).toBe('send keys');
    expect(decodeTagChars('nothing')).toBe('');
  });
  it('shows visible text plus the decoded payload, labelled', () => {
    expect(readableText(`Hi  \u200Bthere${tags('go')}`)).toBe('Hi there [decoded from invisible characters: go]');
    expect(readableText(' plain\n text ')).toBe('plain text');
  });
});

describe('removalNote', () => {
  it('is empty when nothing was removed', () => {
    expect(removalNote([])).toBe('');
  });
  it('describes where and how, never the removed words', () => {
    const note = removalNote([{ kind: 'hidden text', where: '<div>' }, { kind: 'HTML comment', where: '<body>' }]);
    expect(note).toBe('[Injection Lens removed 2 suspicious passages: hidden text in <div>; HTML comment in <body>.]');
  });
  it('singular and invisible-character count', () => {
    expect(removalNote([{ kind: 'meta tag' }], 1)).toBe(
      '[Injection Lens removed 1 suspicious passage: meta tag; stripped 1 invisible character.]',
    );
  });
  it('lists at most eight and counts the rest', () => {
    const many = Array.from({ length: 11 }, () => ({ kind: 'text', where: '<p>' }));
    expect(removalNote(many)).toMatch(/removed 11 suspicious passages: (text in <p>; ){8}3 more\.\]$/);
  });
});

describe('assembleCleanCopy', () => {
  it('joins tidy blocks with blank lines and appends the note', () => {
    const out = assembleCleanCopy({
      blocks: ['  Title ', 'First\t\tparagraph  here.', '   ', 'Sec\u200Bond.'],
      removed: [{ kind: 'hidden text', where: '<span>' }],
    });
    expect(out).toBe(
      'Title\n\nFirst paragraph here.\n\nSecond.\n\n[Injection Lens removed 1 suspicious passage: hidden text in <span>; stripped 1 invisible character.]',
    );
  });
  it('returns just the text when nothing was removed', () => {
    expect(assembleCleanCopy({ blocks: ['a', 'b'], removed: [] })).toBe('a\n\nb');
  });
  it('returns just the note for an empty page', () => {
    expect(assembleCleanCopy({ blocks: [], removed: [{ kind: 'HTML comment' }] })).toBe(
      '[Injection Lens removed 1 suspicious passage: HTML comment.]',
    );
  });
  it('cuts a huge page and says so', () => {
    const block = 'x'.repeat(100_000);
    const out = assembleCleanCopy({ blocks: Array(8).fill(block), removed: [] });
    expect(out.length).toBeLessThan(MAX_CLEAN_COPY_CHARS + 200);
    expect(out).toMatch(/cut the text at 500000 characters\.\]$/);
  });
});
