/**
 * Which hiding-relevant CSS properties a page's style sheets declare anywhere, as a bit mask.
 *
 * Why: a computed-style property read costs 0.2–0.5 µs in Chromium, Chromium's own `innerText` well under
 * 0.1 µs per element. A property nobody declares (no rule, no keyframe, in no sheet of the document or
 * shadow root) keeps its initial value on every element the sheets style, so reading it element by element
 * learns nothing. What the sheets cannot see is handled per element by the scanner: `style` attributes,
 * presentational attributes, SVG presentation attributes, user-agent styles of form controls and friends,
 * and script-driven animations all force full reads there.
 *
 * Unreadable sheets (cross-origin without CORS), odd rules or very large sheets give "everything
 * declared": the scanner is then exactly as thorough (and as slow) as reading every property.
 */

export const P_OPACITY = 1;
export const P_POSITION = 2;
export const P_CLIP = 4;
export const P_CLIP_PATH = 8;
export const P_OVERFLOW = 16;
export const P_TRANSFORM = 32;
export const P_SCALE = 64;
export const P_CONTENT_VISIBILITY = 128;
export const P_VISIBILITY = 256;
export const P_FONT_SIZE = 512;
export const P_TEXT_INDENT = 1024;
export const P_BACKGROUND = 2048;
export const P_ALL = 4095;
/** Inherited ones: declared on an ancestor, they reach the text below it. */
export const P_INHERITED = P_VISIBILITY | P_FONT_SIZE | P_TEXT_INDENT;

/** Longhand names as CSSOM lists them (shorthands arrive expanded: `overflow` → `overflow-x`, …). */
const LONGHAND_BITS: Record<string, number> = {
  opacity: P_OPACITY,
  filter: P_OPACITY,
  position: P_POSITION,
  clip: P_CLIP,
  'clip-path': P_CLIP_PATH,
  'overflow-x': P_OVERFLOW,
  'overflow-y': P_OVERFLOW,
  'overflow-block': P_OVERFLOW,
  'overflow-inline': P_OVERFLOW,
  overflow: P_OVERFLOW,
  transform: P_TRANSFORM,
  scale: P_SCALE,
  zoom: P_SCALE,
  'content-visibility': P_CONTENT_VISIBILITY,
  visibility: P_VISIBILITY,
  'font-size': P_FONT_SIZE,
  font: P_FONT_SIZE,
  'text-indent': P_TEXT_INDENT,
  'background-color': P_BACKGROUND,
  'background-image': P_BACKGROUND,
  background: P_BACKGROUND,
  // `all: initial|inherit|unset|revert` touches every property.
  all: P_ALL,
};

/** Past this many rules the walk stops and assumes everything (a bound on the work per scan). */
const MAX_RULES = 20_000;

interface RuleLike {
  style?: CSSStyleDeclaration;
  cssRules?: CSSRuleList;
  styleSheet?: CSSStyleSheet | null;
}

/**
 * The mask for one tree scope: the document's or shadow root's sheets, constructed (adopted) sheets
 * included. Never throws.
 */
export function declaredProperties(scope: Document | ShadowRoot): number {
  let mask = 0;
  let rules = 0;
  const visitSheet = (sheet: CSSStyleSheet | null | undefined): void => {
    if (!sheet || mask === P_ALL) return;
    let list: CSSRuleList;
    try {
      list = sheet.cssRules; // throws for cross-origin sheets: unknown content
    } catch {
      mask = P_ALL;
      return;
    }
    visitRules(list);
  };
  const visitRules = (list: CSSRuleList): void => {
    for (let i = 0; i < list.length && mask !== P_ALL; i++) {
      if (++rules > MAX_RULES) {
        mask = P_ALL;
        return;
      }
      const rule = list[i] as CSSRule & RuleLike;
      const style = rule.style;
      if (style) {
        for (let j = 0; j < style.length; j++) {
          const bit = LONGHAND_BITS[style[j]];
          if (bit) mask |= bit;
        }
      }
      if (rule.cssRules) visitRules(rule.cssRules);
      if ('styleSheet' in rule) visitSheet(rule.styleSheet);
    }
  };
  try {
    const sheets = scope.styleSheets;
    for (let i = 0; i < sheets.length; i++) visitSheet(sheets[i] as CSSStyleSheet);
    const adopted = (scope as { adoptedStyleSheets?: CSSStyleSheet[] }).adoptedStyleSheets;
    if (adopted) for (const sheet of adopted) visitSheet(sheet);
  } catch {
    return P_ALL;
  }
  return mask;
}

/**
 * The bits an element's own `style` attribute declares (its inline declarations are not in any sheet).
 * Cheaper than reading every property when a page styles thousands of elements inline.
 */
export function declaredInline(el: Element): number {
  try {
    const style = (el as HTMLElement).style as CSSStyleDeclaration | undefined;
    if (!style) return P_ALL;
    let mask = 0;
    for (let i = 0; i < style.length; i++) mask |= LONGHAND_BITS[style[i]] ?? 0;
    return mask;
  } catch {
    return P_ALL;
  }
}
