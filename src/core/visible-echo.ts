/**
 * Whether hidden text only repeats what the page shows (a meta description, a JSON-LD article body, a title attribute):
 * such a copy hides nothing from the person, so the classifier alone does not flag it (analyse.ts). Pure string logic.
 */
import type { Segment } from './types';

/** Characters (letters and digits only) in one shingle of the visible-text index. */
const ECHO_SHINGLE_CHARS = 12;
/**
 * Longest run of a hidden text's letters and digits not found in the page's visible text for it still to count as a copy
 * of it: about MIN_PROSE_WORDS (prose.ts) words, too short for a sentence the model could judge on its own.
 */
export const MAX_ECHO_NOVEL_CHARS = 32;
/** Visible text indexed per page: a bound on memory and time for huge pages. */
const MAX_ECHO_VISIBLE_CHARS = 1_000_000;

/** Letters and digits, lower case, with JSON escapes, tags and entities undone: what a copy shares with its original. */
function foldForEcho(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/<[^<>]{0,2000}>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);/gi, ' ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function shingleHash(s: string, start: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + ECHO_SHINGLE_CHARS; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Shingles of the text a person can see on the page. */
export function visibleShingles(segments: readonly Segment[]): Set<number> {
  const out = new Set<number>();
  let budget = MAX_ECHO_VISIBLE_CHARS;
  for (const seg of segments) {
    if (budget <= 0) break;
    if (!isVisible(seg)) continue;
    const folded = foldForEcho(seg.text.slice(0, budget));
    budget -= seg.text.length;
    for (let i = 0; i + ECHO_SHINGLE_CHARS <= folded.length; i++) out.add(shingleHash(folded, i));
  }
  return out;
}

// Where a JSON blob's strings start and end: keys, urls and dates between them are data, not text a person reads.
const JSON_STRING_BREAK = /"\s?[:,]\s?"?|[{}[\]]/;
/** Words a piece of a JSON blob needs to be text (a title, a description) rather than a key or a value. */
const MIN_ECHO_PIECE_WORDS = 3;

/**
 * True when a person can read `text` elsewhere on the page: all of its text (the string values, when it is JSON) but
 * runs shorter than MAX_ECHO_NOVEL_CHARS is in the visible text. Metadata (description, JSON-LD article body, title
 * attributes) repeats the page's own prose; such a copy hides nothing, and an instruction added to it is new text the
 * copy does not cover.
 */
export function echoesVisibleText(text: string, visible: Set<number>): boolean {
  if (visible.size === 0) return false;
  let pieces = 0;
  for (const piece of text.split(JSON_STRING_BREAK)) {
    if (piece.trim().split(/\s+/).length < MIN_ECHO_PIECE_WORDS) continue;
    pieces++;
    if (!pieceEchoes(foldForEcho(piece), visible)) return false;
  }
  return pieces > 0;
}

function pieceEchoes(folded: string, visible: Set<number>): boolean {
  let coveredTo = 0; // end of the last shingle found in the visible text
  let novelRun = 0;
  for (let i = 0; i < folded.length; i++) {
    if (i + ECHO_SHINGLE_CHARS <= folded.length && visible.has(shingleHash(folded, i))) coveredTo = i + ECHO_SHINGLE_CHARS;
    if (i < coveredTo) novelRun = 0;
    else if (++novelRun >= MAX_ECHO_NOVEL_CHARS) return false;
  }
  return true;
}

export function isVisible(seg: Segment): boolean {
  return seg.visibility === 'visible' && seg.hidden.length === 0 && seg.invisible.decoded.length === 0;
}
