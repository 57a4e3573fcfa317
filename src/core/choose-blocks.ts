/**
 * The lazy scan's choice: of the blocks a style-free pass read (scan/quick-text.ts), which must be rescanned to
 * learn how they are hidden. A block whose text no presentation can turn into a finding (`mayYieldFinding`) needs
 * no hiding verdict; the others do. The hidden-copy check (visible-echo.ts) silences model-alone evidence in hidden
 * text that repeats visible text, so for those candidates the blocks sharing their text (echo partners) matter too —
 * but only if the candidate turns out hidden, which the page learns from the first rescan: partners come apart, per
 * candidate, to be rescanned second. Pure: texts and scores in, indices out.
 */
import type { Sensitivity } from './settings';
import type { Segment } from './types';
import { evaluateWithDecoded, mayYieldFinding } from './analyse';
import { visibleShingles } from './visible-echo';

/** Distinct echo partners, at most: an article and its JSON-LD copy run to hundreds of shared blocks. */
export const MAX_ECHO_PARTNERS = 512;

export interface BlockChoice {
  /** Blocks (ascending) whose text could give a finding: rescanned first. */
  chosen: number[];
  /**
   * For each candidate the model alone flags, the unchosen blocks (ascending) sharing its text: rescanned only when
   * that candidate turns out hidden (visible text is never silenced as a copy).
   */
  echoes: { of: number; partners: number[] }[];
}

/** A bare text dressed as a visible segment, for the shingle index (which reads text and visibility only). */
function asVisible(text: string): Segment {
  return { text, visibility: 'visible', hidden: [], invisible: { decoded: '' } } as unknown as Segment;
}

/** `scores` null: the model is unavailable (rules and smuggling decide). */
export function chooseBlocks(
  texts: readonly string[],
  scores: readonly (number | null)[] | null,
  smuggled: readonly boolean[],
  opts: { threshold: number; sensitivity: Sensitivity },
): BlockChoice {
  const chosen: number[] = [];
  const isChosen = new Set<number>();
  const modelAlone: number[] = [];
  texts.forEach((t, i) => {
    if (!mayYieldFinding(t, scores?.[i] ?? null, smuggled[i] ?? false, opts)) return;
    chosen.push(i);
    isChosen.add(i);
    if (!smuggled[i] && evaluateWithDecoded(t).length === 0) modelAlone.push(i);
  });
  if (modelAlone.length === 0) return { chosen, echoes: [] };
  // Shingle → the candidates whose text holds it.
  const owners = new Map<number, number[]>();
  modelAlone.forEach((c, k) => {
    for (const h of visibleShingles([asVisible(texts[c])])) {
      const list = owners.get(h);
      if (!list) owners.set(h, [k]);
      else if (list[list.length - 1] !== k) list.push(k);
    }
  });
  const partnersOf: number[][] = modelAlone.map(() => []);
  let partners = 0;
  for (let i = 0; i < texts.length && partners < MAX_ECHO_PARTNERS; i++) {
    if (isChosen.has(i)) continue;
    const hits = new Set<number>();
    for (const h of visibleShingles([asVisible(texts[i])])) for (const k of owners.get(h) ?? []) hits.add(k);
    if (hits.size === 0) continue;
    partners++;
    for (const k of hits) partnersOf[k].push(i);
  }
  const echoes = modelAlone.map((of, k) => ({ of, partners: partnersOf[k] })).filter((e) => e.partners.length > 0);
  return { chosen, echoes };
}
