/**
 * The lazy scan's choice: of the blocks a style-free pass read (scan/quick-text.ts), which must be rescanned to
 * learn how they are hidden. A block whose text no presentation can turn into a finding (`mayYieldFinding`) needs
 * no hiding verdict; the others do, and so do the blocks whose text they repeat or that repeat theirs — the
 * hidden-copy check (visible-echo.ts) needs to know whether those are visible. Pure: texts and scores in, indices out.
 */
import type { Sensitivity } from './settings';
import type { Segment } from './types';
import { mayYieldFinding } from './analyse';
import { visibleShingles } from './visible-echo';

/** Blocks added because they share text with a chosen one, at most: an article and its JSON-LD copy run to hundreds. */
export const MAX_ECHO_PARTNERS = 512;

/** A bare text dressed as a visible segment, for the shingle index (which reads text and visibility only). */
function asVisible(text: string): Segment {
  return { text, visibility: 'visible', hidden: [], invisible: { decoded: '' } } as unknown as Segment;
}

/** Indices (ascending) of the blocks to rescan. `scores` null: the model is unavailable (rules and smuggling decide). */
export function chooseBlocks(
  texts: readonly string[],
  scores: readonly (number | null)[] | null,
  smuggled: readonly boolean[],
  opts: { threshold: number; sensitivity: Sensitivity },
): number[] {
  const chosen = new Set<number>();
  texts.forEach((t, i) => {
    if (mayYieldFinding(t, scores?.[i] ?? null, smuggled[i] ?? false, opts)) chosen.add(i);
  });
  if (chosen.size === 0) return [];
  const candidates = visibleShingles([...chosen].map((i) => asVisible(texts[i])));
  let partners = 0;
  for (let i = 0; i < texts.length && partners < MAX_ECHO_PARTNERS; i++) {
    if (chosen.has(i)) continue;
    for (const h of visibleShingles([asVisible(texts[i])])) {
      if (candidates.has(h)) {
        chosen.add(i);
        partners++;
        break;
      }
    }
  }
  return [...chosen].sort((a, b) => a - b);
}
