/**
 * Assembly of the "Copy for AI" text: the page's text blocks as an agent reads them, minus flagged passages and
 * invisible characters, followed by a short note of what was removed. Pure: the DOM walk lives in src/scan/actions.
 *
 * The note names where each removed passage was and how it was hidden, never its words: quoting the payload
 * back to the assistant would deliver the very instruction we removed.
 */

/** Upper bound of the copied text, in UTF-16 units (a very long page is cut, and the note says so). */
export const MAX_CLEAN_COPY_CHARS = 500_000;
/** At most this many removed passages are described one by one; the rest are counted. */
export const MAX_DESCRIBED_REMOVALS = 8;

/**
 * Characters an agent reads but a person does not see: zero-width, bidi controls, tag characters, variation
 * selectors, soft hyphen, combining grapheme joiner, Hangul fillers, Braille blank, BOM, interlinear annotations.
 */
const INVISIBLE_CHARS =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u2800\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDDEF]/g;

/** The text without invisible characters. */
export function stripInvisibleChars(text: string): string {
  return text.replace(INVISIBLE_CHARS, '');
}

/** How many invisible characters the text holds. */
export function countInvisibleChars(text: string): number {
  return text.match(INVISIBLE_CHARS)?.length ?? 0;
}

/** One passage left out: where it was and how it was hidden (no text on purpose). */
export interface RemovedPassage {
  /** e.g. 'hidden text', 'HTML comment', 'attribute alt', 'textarea'. */
  kind: string;
  /** e.g. '<div>' or 'div#promo'. */
  where?: string;
}

export interface CleanCopyInput {
  /** Text blocks in document order (a block = one paragraph-like box). */
  blocks: readonly string[];
  removed: readonly RemovedPassage[];
  /** Invisible characters dropped from the kept text (reported in the note). */
  invisibleRemoved?: number;
}

/** Collapses runs of spaces/tabs inside a block and trims it. */
function tidyBlock(block: string): string {
  return stripInvisibleChars(block)
    .replace(/[ \t\f\v\u00A0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The note appended after the text ('' when nothing was removed). */
export function removalNote(removed: readonly RemovedPassage[], invisibleRemoved = 0, truncated = false): string {
  const parts: string[] = [];
  if (removed.length) {
    const described = removed
      .slice(0, MAX_DESCRIBED_REMOVALS)
      .map((r) => (r.where ? `${r.kind} in ${r.where}` : r.kind));
    const more = removed.length - described.length;
    if (more > 0) described.push(`${more} more`);
    parts.push(`removed ${plural(removed.length, 'suspicious passage', 'suspicious passages')}: ${described.join('; ')}`);
  }
  if (invisibleRemoved > 0) parts.push(`stripped ${plural(invisibleRemoved, 'invisible character', 'invisible characters')}`);
  if (truncated) parts.push(`cut the text at ${MAX_CLEAN_COPY_CHARS} characters`);
  if (!parts.length) return '';
  return `[Injection Lens ${parts.join('; ')}.]`;
}

/** Blocks + removals → the text to copy: blocks separated by blank lines, then the note. */
export function assembleCleanCopy(input: CleanCopyInput): string {
  const invisibleInBlocks = input.blocks.reduce((n, b) => n + countInvisibleChars(b), 0);
  const kept: string[] = [];
  let length = 0;
  let truncated = false;
  for (const raw of input.blocks) {
    const block = tidyBlock(raw);
    if (!block) continue;
    if (length + block.length > MAX_CLEAN_COPY_CHARS) {
      truncated = true;
      const room = MAX_CLEAN_COPY_CHARS - length;
      if (room > 0) kept.push(block.slice(0, room));
      break;
    }
    kept.push(block);
    length += block.length + 2;
  }
  const body = kept.join('\n\n');
  const note = removalNote(input.removed, (input.invisibleRemoved ?? 0) + invisibleInBlocks, truncated);
  if (!note) return body;
  return body ? `${body}\n\n${note}` : note;
}

/** ASCII smuggled in Unicode tag characters (U+E0020–E007E), '' when none: shown in the reveal overlay. */
export function decodeTagChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xe0020 && cp <= 0xe007e) out += String.fromCharCode(cp - 0xe0000);
  }
  return out;
}

/** Text as an agent reads it, for display: invisible characters stripped, tag-smuggled text appended. */
export function readableText(text: string): string {
  const decoded = decodeTagChars(text);
  const visible = stripInvisibleChars(text).replace(/\s+/g, ' ').trim();
  return decoded ? `${visible}${visible ? ' ' : ''}[decoded from invisible characters: ${decoded}]` : visible;
}
