import type { Segment } from '../../core/types';

const MAX_LABEL_CHARS = 200;

/** How findings from a cross-origin frame say where they are: '' for the top document, else the frame's address. */
export function frameLabel(isTop: boolean, href: string): string {
  if (isTop) return '';
  try {
    const url = new URL(href);
    return `iframe ${url.origin}${url.pathname}`.slice(0, MAX_LABEL_CHARS);
  } catch {
    return 'iframe';
  }
}

/** Prefix each segment's frame path (selector chain joined by ' >> ') with this frame's label. */
export function prefixFrame(segments: Segment[], label: string): Segment[] {
  if (!label) return segments;
  return segments.map((s) => ({ ...s, frame: s.frame ? `${label} >> ${s.frame}` : label }));
}
