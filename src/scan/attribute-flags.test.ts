import { describe, expect, it } from 'vitest';
import { A_OWN_MARKER, A_TEXT, OWN_NODE_ATTRIBUTE, attributeFlags, textAttributeFlags } from './attribute-flags';
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
