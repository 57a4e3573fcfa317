/**
 * The lazy scan's choice: of the blocks a style-free pass read (scan/quick-text.ts), which must be rescanned to
 * learn how they are hidden. A block whose text no presentation can turn into a finding (`mayYieldFinding`) needs
 * no hiding verdict; the others do, and so do the blocks sharing text with those the model alone flags — the
 * hidden-copy check (visible-echo.ts), which silences only such model-alone evidence, needs to know whether those
 * are visible. Pure: texts and scores in, indices out.
 */
import type { Sensitivity } from './settings';
import type { Segment } from './types';
import { evaluateWithDecoded, mayYieldFinding } from './analyse';
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
  // The hidden-copy check only ever silences the model speaking alone: partners are needed for those candidates only.
  const modelAlone: number[] = [];
  texts.forEach((t, i) => {
    if (!mayYieldFinding(t, scores?.[i] ?? null, smuggled[i] ?? false, opts)) return;
    chosen.add(i);
    if (!smuggled[i] && evaluateWithDecoded(t).length === 0) modelAlone.push(i);
  });
  if (modelAlone.length === 0) return [...chosen].sort((a, b) => a - b);
  const candidates = visibleShingles(modelAlone.map((i) => asVisible(texts[i])));
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
