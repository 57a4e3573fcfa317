import { readAsAgent } from '../../core/agent-text';
import type { Segment } from '../../core/types';

/** Text the person selected, as one segment the core can judge like page text (visible: they could see it). */
export function selectionSegment(raw: string): Segment {
  const read = readAsAgent(raw);
  return {
    id: 0,
    text: read.text,
    raw,
    source: 'selection',
    hidden: read.invisible.removed > 0 ? ['invisible-unicode'] : [],
    visibility: 'visible',
    selector: '',
    frame: '',
    length: read.text.length,
    invisible: read.invisible,
  };
}
