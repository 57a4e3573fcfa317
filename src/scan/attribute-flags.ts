/**
 * What an element's attribute names tell the scanner, from one `getAttributeNames()` call. Each
 * `hasAttribute` is a call into the DOM; the walk used to make six or seven of them per element
 * (style, hidden, popover, bgcolor, background, aria-hidden, the overlay marker) on top of listing the
 * names for the text attributes anyway.
 */
import { MIN_DATA_ATTR_CHARS, TEXT_ATTRIBUTES, isProseLike } from './text-sources';

export const A_STYLE = 1;
export const A_HIDDEN = 2;
/** popover, bgcolor, background: the user-agent sheet or the attribute itself styles the element. */
export const A_PRESENTATIONAL = 4;
export const A_ARIA_HIDDEN = 8;
/** The page actions' overlay marker (proves nothing by itself: see isOwnNode). */
export const A_OWN_MARKER = 16;
/** A text attribute (alt, title, …) or a data-* attribute: worth reading values for. */
export const A_TEXT = 32;
export const A_OPEN = 64;

const TEXT_SET = new Set<string>(TEXT_ATTRIBUTES);
/** The overlay marker of the page actions: never scanned, never watched. */
export const OWN_NODE_ATTRIBUTE = 'data-injection-lens';

export const NO_NAMES: readonly string[] = [];

export function attributeFlags(names: readonly string[]): number {
  let f = 0;
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    switch (n) {
      case 'style':
        f |= A_STYLE;
        break;
      case 'hidden':
        f |= A_HIDDEN;
        break;
      case 'popover':
      case 'bgcolor':
      case 'background':
        f |= A_PRESENTATIONAL;
        break;
      case 'aria-hidden':
        f |= A_ARIA_HIDDEN;
        break;
      case 'open':
        f |= A_OPEN;
        break;
      case OWN_NODE_ATTRIBUTE:
        f |= A_OWN_MARKER;
        break;
      default:
        if (TEXT_SET.has(n) || n.startsWith('data-')) f |= A_TEXT;
    }
  }
  return f;
}

/** First characters of the names that can be A_TEXT ('d' for data-*): most names (class, id, href, …) fail this one test. */
const TEXT_FIRST = new Set<number>([...TEXT_ATTRIBUTES, 'data-'].map((a) => a.charCodeAt(0)));

/**
 * attributeFlags' A_TEXT and A_OWN_MARKER only, for the style-free pass (quick-text.ts), which asks nothing else of
 * an element's names and runs on every element of the page.
 */
export function textAttributeFlags(names: readonly string[]): number {
  let f = 0;
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (!TEXT_FIRST.has(n.charCodeAt(0))) continue;
    if (n === OWN_NODE_ATTRIBUTE) f |= A_OWN_MARKER;
    else if (TEXT_SET.has(n) || n.startsWith('data-')) f |= A_TEXT;
  }
  return f;
}

/**
 * What attribute `name` of `el` gives an agent to read, or null: a text attribute (alt, title, …) of two characters or
 * more, or a data-* attribute other than our marker that reads like prose. The one test of both walks (scan-document's
 * and quick-text's), so the quick pass offers exactly the attributes the full scan reads.
 */
export function attributeText(el: Element, name: string): string | null {
  const isText = TEXT_SET.has(name);
  if (!isText && !(name.startsWith('data-') && name !== OWN_NODE_ATTRIBUTE)) return null;
  const v = el.getAttribute(name) ?? '';
  // isProseLike trims first; a value this short cannot pass however it trims.
  if (isText ? v.trim().length < 2 : v.length < MIN_DATA_ATTR_CHARS || !isProseLike(v)) return null;
  return v;
}
