/**
 * The few computed-style values the scanner needs, read once per element per pass into a plain record
 * (a CSSStyleDeclaration is live: reading it again later could recompute style).
 */
export interface StyleRecord {
  display: string;
  visibility: string;
  opacity: number;
  fontSizePx: number;
  color: string;
  backgroundColor: string;
  backgroundImage: string;
  position: string;
  overflowX: string;
  overflowY: string;
  clip: string;
  clipPath: string;
  transform: string;
  scale: string;
  textIndentPx: number;
  contentVisibility: string;
  textShadow: string;
  textFillColor: string;
}

/** Reads one element's computed style through the element's own window (frames have their own). */
export function readStyleRecord(win: Window, el: Element): StyleRecord | null {
  let cs: CSSStyleDeclaration;
  try {
    cs = win.getComputedStyle(el);
  } catch {
    return null;
  }
  return {
    display: cs.display,
    visibility: cs.visibility,
    opacity: parseFloat(cs.opacity),
    fontSizePx: parseFloat(cs.fontSize),
    color: cs.color,
    backgroundColor: cs.backgroundColor,
    backgroundImage: cs.backgroundImage,
    position: cs.position,
    overflowX: cs.overflowX,
    overflowY: cs.overflowY,
    clip: cs.clip,
    clipPath: cs.clipPath,
    transform: cs.transform,
    scale: cs.getPropertyValue('scale'),
    textIndentPx: parseFloat(cs.textIndent),
    contentVisibility: cs.getPropertyValue('content-visibility'),
    textShadow: cs.textShadow,
    textFillColor: cs.getPropertyValue('-webkit-text-fill-color'),
  };
}
