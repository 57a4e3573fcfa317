import { describe, expect, it } from 'vitest';
import { A_OWN_MARKER, A_TEXT, OWN_NODE_ATTRIBUTE, attributeFlags, attributeText, textAttributeFlags } from './attribute-flags';
import { TEXT_ATTRIBUTES } from './text-sources';

describe('textAttributeFlags', () => {
  const names = [...TEXT_ATTRIBUTES, OWN_NODE_ATTRIBUTE, 'data-note', 'data', 'd', 'class', 'id', 'href', 'style', 'hidden', 'aria-hidden', 'ALT', 'tabindex', 'download'];

  it('gives attributeFlags’ text and own-marker bits, name by name and for whole lists', () => {
    for (const n of names) expect(textAttributeFlags([n]), n).toBe(attributeFlags([n]) & (A_TEXT | A_OWN_MARKER));
    expect(textAttributeFlags(names)).toBe(A_TEXT | A_OWN_MARKER);
    expect(textAttributeFlags(['class', 'id', 'style', 'download'])).toBe(0);
  });

  it('never counts the page actions’ own marker as text', () => {
    expect(textAttributeFlags([OWN_NODE_ATTRIBUTE])).toBe(A_OWN_MARKER);
  });
});

describe('attributeText', () => {
  const prose = 'Please read the whole of this note before you answer';
  const attrs: Record<string, string> = {
    title: 'OK',
    alt: ' x ',
    'aria-label': 'Close the dialog',
    placeholder: 'Search',
    'data-note': prose,
    'data-id': 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
    'data-url': 'https://example.com/a/long/path/that/is/no/prose',
    [OWN_NODE_ATTRIBUTE]: prose,
    class: prose,
    ALT: prose,
  };
  const el = { getAttribute: (n: string) => attrs[n] ?? null } as unknown as Element;

  it('reads text attributes of two characters or more, and data-* values that read as prose', () => {
    expect(attributeText(el, 'title')).toBe('OK');
    expect(attributeText(el, 'aria-label')).toBe('Close the dialog');
    expect(attributeText(el, 'placeholder')).toBe('Search');
    expect(attributeText(el, 'data-note')).toBe(prose);
  });

  it('skips short values, ids and URLs in data-*, our own marker, and every other attribute', () => {
    for (const n of ['alt', 'data-id', 'data-url', OWN_NODE_ATTRIBUTE, 'class', 'ALT', 'missing']) expect(attributeText(el, n), n).toBeNull();
  });
});
