/**
 * The text an LLM agent would read from a string: invisible and formatting characters stripped, and text smuggled in
 * invisible carriers (Unicode tag characters, variation-selector byte runs) decoded and appended, because a model's
 * tokenizer sees those code points even though a person does not.
 */
import type { InvisibleReport } from './types';

/** Between the visible text and the decoded hidden text, so both are read but stay apart. */
export const DECODED_SEPARATOR = '\n';
/** A variation-selector run shorter than this is typography (emoji, CJK variants), not a byte carrier. */
export const MIN_VS_CARRIER_RUN = 4;
/** Bound on decoded hidden text, so a page cannot make us build huge strings. */
export const MAX_DECODED_CHARS = 20_000;

// One cheap test before the per-character pass: most strings carry no invisible at all.
// U+DB40 is the high surrogate of both tag characters (E0000–E007F) and VS17–256 (E0100–E01EF).
const ANY_INVISIBLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u2800\u3164\uFE00-\uFE0F\uFEFF\uFFA0]|\uDB40[\uDC00-\uDC7F\uDD00-\uDDEF]/;

// Only runs that are not already one plain space: replacing every single space would cost a pass of allocations.
const HORIZONTAL_SPACE_RUN = /[^\S\n]{2,}|[^\S\n ]/g;
const LINE_BREAK_RUN = / ?\n[\s]*/g;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function collapseWhitespace(text: string): string {
  return text.replace(HORIZONTAL_SPACE_RUN, ' ').replace(LINE_BREAK_RUN, '\n').trim();
}

function isAsciiWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** A decoded carrier run counts only if it reads as text (no control bytes, no replacement characters). */
function printable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) return false;
  }
  return /\S/.test(s);
}

/** Which variation-selector byte a code unit pair carries, or -1. */
function vsByte(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xfe00 && c <= 0xfe0f) return c - 0xfe00;
  if (c === 0xdb40) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdd00 && d <= 0xddef) return d - 0xdd00 + 16;
  }
  return -1;
}

type Kind = 'tag' | 'zero-width' | 'bidi' | 'variation-selector' | 'soft-hyphen' | 'filler' | 'braille-blank' | 'cgj';

/**
 * Classifies a BMP invisible; returns null for a non-invisible code unit.
 * 'space' means the character renders as a blank and is read as a space.
 */
function bmpKind(c: number): { kind: Kind; space: boolean } | null {
  if (c === 0x00ad) return { kind: 'soft-hyphen', space: false };
  if (c === 0x034f) return { kind: 'cgj', space: false };
  if (c === 0x061c || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x200e || c === 0x200f)
    return { kind: 'bidi', space: false };
  if ((c >= 0x200b && c <= 0x200d) || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff) return { kind: 'zero-width', space: false };
  if (c === 0x3164 || c === 0x115f || c === 0x1160 || c === 0xffa0) return { kind: 'filler', space: true };
  if (c === 0x2800) return { kind: 'braille-blank', space: true };
  return null;
}

/**
 * Joiners and direction marks are normal typography in emoji sequences, Indic/Persian scripts and RTL text.
 * They count as evasion only when wedged inside an ASCII word ("ig\u200Dnore").
 */
function isTypographicMark(c: number): boolean {
  return c === 0x200c || c === 0x200d || c === 0x200e || c === 0x200f || c === 0x061c;
}

/**
 * Reads `raw` as an agent would. `text` is the visible text with invisibles removed and whitespace collapsed, followed by
 * any decoded hidden text after {@link DECODED_SEPARATOR}. `invisible` says what was removed and what it carried.
 */
export function readAsAgent(raw: string): { text: string; invisible: InvisibleReport } {
  if (!ANY_INVISIBLE.test(raw)) return { text: collapseWhitespace(raw), invisible: { removed: 0, kinds: [], decoded: '' } };

  const kinds = new Set<Kind>();
  const out: string[] = [];
  const decodedParts: string[] = [];
  let decodedChars = 0;
  let removed = 0;
  let tagRun = '';
  let start = 0; // start of the pending visible slice
  const n = raw.length;

  const pushDecoded = (s: string): void => {
    if (decodedChars >= MAX_DECODED_CHARS || s.length === 0) return;
    const piece = s.slice(0, MAX_DECODED_CHARS - decodedChars);
    decodedParts.push(piece);
    decodedChars += piece.length;
  };
  const flushTags = (): void => {
    if (tagRun.length > 0) pushDecoded(tagRun);
    tagRun = '';
  };

  let i = 0;
  while (i < n) {
    const c = raw.charCodeAt(i);

    // Tag characters: U+E0020–E007E carry ASCII; U+E0001 (language tag) and U+E007F (cancel) carry nothing.
    if (c === 0xdb40) {
      const d = raw.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdc7f) {
        const flagEnd = subdivisionFlagEnd(raw, i);
        if (flagEnd > 0) {
          // 🏴 + tag letters + cancel tag is a subdivision flag emoji (Scotland, Wales…): typography, kept.
          i = flagEnd;
          continue;
        }
        out.push(raw.slice(start, i));
        kinds.add('tag');
        removed++;
        const ascii = d - 0xdc00;
        if (ascii >= 0x20 && ascii <= 0x7e) tagRun += String.fromCharCode(ascii);
        i += 2;
        start = i;
        continue;
      }
    }
    // Anything else between tag characters ends the tag run (but another invisible does not).
    if (tagRun.length > 0 && !isInvisibleAt(raw, i)) flushTags();

    // Variation selectors: a run after a base character.
    if ((c >= 0xfe00 && c <= 0xfe0f) || (c === 0xdb40 && vsByte(raw, i) >= 0)) {
      const runStart = i;
      const bytes: number[] = [];
      let j = i;
      while (j < n) {
        const b = vsByte(raw, j);
        if (b < 0) break;
        bytes.push(b);
        j += b >= 16 ? 2 : 1;
      }
      if (bytes.length === 1) {
        // One selector is an ordinary variation sequence (❤️, text/emoji presentation, CJK variants): keep it.
        i = j;
        continue;
      }
      out.push(raw.slice(start, runStart));
      kinds.add('variation-selector');
      removed += bytes.length;
      if (bytes.length >= MIN_VS_CARRIER_RUN) {
        try {
          const s = utf8.decode(Uint8Array.from(bytes));
          if (printable(s)) pushDecoded(s);
        } catch {
          // Not UTF-8: a run of selectors, but not a message we can read.
        }
      }
      i = j;
      start = i;
      continue;
    }

    const k = c < 0x00ad ? null : bmpKind(c);
    if (k === null) {
      i++;
      continue;
    }
    if (isTypographicMark(c)) {
      const prev = i > 0 ? raw.charCodeAt(i - 1) : 0;
      const next = i + 1 < n ? raw.charCodeAt(i + 1) : 0;
      if (!(isAsciiWordChar(prev) && isAsciiWordChar(next))) {
        // Benign: joiners stay (they shape emoji and scripts); direction marks are dropped silently.
        if (c === 0x200c || c === 0x200d) {
          i++;
          continue;
        }
        out.push(raw.slice(start, i));
        i++;
        start = i;
        continue;
      }
    }
    if (c === 0xfeff && i === 0) {
      // A byte-order mark at the start is an encoding artefact, not a technique.
      i++;
      start = i;
      continue;
    }
    out.push(raw.slice(start, i));
    if (k.space) out.push(' ');
    kinds.add(k.kind);
    removed++;
    i++;
    start = i;
  }
  out.push(raw.slice(start));
  flushTags();

  const visible = collapseWhitespace(out.join(''));
  const decoded = collapseWhitespace(decodedParts.join(' '));
  const text = decoded.length > 0 ? (visible.length > 0 ? visible + DECODED_SEPARATOR + decoded : decoded) : visible;
  return { text, invisible: { removed, kinds: [...kinds], decoded } };
}

/** True when the code unit at `i` starts an invisible we strip (used to keep tag runs together across them). */
function isInvisibleAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c === 0xdb40) {
    const d = s.charCodeAt(i + 1);
    return (d >= 0xdc00 && d <= 0xdc7f) || (d >= 0xdd00 && d <= 0xddef);
  }
  return bmpKind(c) !== null || (c >= 0xfe00 && c <= 0xfe0f);
}

/** Longest tag spec in a subdivision flag ("gbsct" is 5; the spec allows up to 7 after the region). */
const MAX_FLAG_TAGS = 7;

/**
 * If the tag characters at `i` follow U+1F3F4 (waving black flag) and form [a-z0-9]{2,7} closed by U+E007F, returns
 * the index after the cancel tag; otherwise 0.
 */
function subdivisionFlagEnd(s: string, i: number): number {
  if (i < 2 || s.charCodeAt(i - 2) !== 0xd83c || s.charCodeAt(i - 1) !== 0xdff4) return 0;
  let j = i;
  let count = 0;
  while (j + 1 < s.length && s.charCodeAt(j) === 0xdb40 && count <= MAX_FLAG_TAGS) {
    const d = s.charCodeAt(j + 1);
    if (d === 0xdc7f) return count >= 2 ? j + 2 : 0;
    const ascii = d - 0xdc00;
    const alnum = (ascii >= 0x30 && ascii <= 0x39) || (ascii >= 0x61 && ascii <= 0x7a);
    if (!alnum) return 0;
    count++;
    j += 2;
  }
  return 0;
}

/** Shortest base64 run worth decoding (18 bytes: a short sentence); shorter runs are ids and words. */
export const MIN_BASE64_CHARS = 24;
/** Shortest hex run worth decoding, in bytes. */
export const MIN_HEX_BYTES = 16;
/** Runs decoded per text, and characters read per run: a page cannot make us decode megabytes of data URIs. */
export const MAX_ENCODED_RUNS = 8;
export const MAX_ENCODED_RUN_CHARS = 8_000;
/** Share of a decoded string that must be letters, spaces and ordinary punctuation for it to count as text. */
export const MIN_DECODED_TEXT_SHARE = 0.85;

// Runs are cut by splitting (linear) rather than a sliding regex, which re-scans every shorter alphanumeric run.
const NOT_BASE64_G = /[^A-Za-z0-9+/_-]+/;
const HEX_RUN = /^(?:0x)?((?:[0-9A-Fa-f]{2})+)$/;
const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Map<string, number>([...B64_ALPHABET].map((c, i) => [c, i] as [string, number]).concat([['-', 62], ['_', 63]]));
const TEXTLIKE_G = /[\p{L}\p{M}\p{N}\s.,;:!?'"()\-–—’“”/&@%$#*+=]/gu;

function base64Bytes(run: string): Uint8Array | null {
  const body = run.replace(/=+$/, '');
  if (body.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (const c of body) {
    acc = (acc << 6) | (B64_VALUE.get(c) ?? 0);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

function hexBytes(run: string): Uint8Array {
  const out = new Uint8Array(run.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(run.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Decoded bytes that read as text: valid UTF-8, printable, and mostly letters and spaces (not JSON ids or binary). */
function asText(bytes: Uint8Array | null): string | null {
  if (!bytes || bytes.length === 0) return null;
  // Control bytes mean binary: reject before the (throwing, hence slow) strict UTF-8 decode.
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return null;
  }
  let s: string;
  try {
    s = utf8.decode(bytes);
  } catch {
    return null;
  }
  if (!printable(s) || !/\s/.test(s.trim())) return null;
  const textlike = s.match(TEXTLIKE_G)?.length ?? 0;
  return textlike >= MIN_DECODED_TEXT_SHARE * s.length ? collapseWhitespace(s) : null;
}

/**
 * Text carried in base64 or hex runs inside `text`, for the runs that decode to readable text. A model reads such
 * runs as easily as plain text, so an instruction can travel in them; an opaque token (a hash, a session id, base64 of
 * JSON ids) decodes to bytes or data and is not returned, so it never counts as content.
 */
export function decodeEmbeddedPayloads(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const take = (run: string, bytes: Uint8Array | null): void => {
    if (seen.has(run) || out.length >= MAX_ENCODED_RUNS) return;
    seen.add(run);
    const decoded = asText(bytes);
    if (decoded) out.push(decoded);
  };
  for (const run of text.split(NOT_BASE64_G)) {
    if (out.length >= MAX_ENCODED_RUNS) break;
    if (run.length < MIN_BASE64_CHARS) continue;
    const hexRun = HEX_RUN.exec(run);
    // A pure-hex run is read as hex only; as base64 it would decode to noise.
    if (hexRun) {
      if (hexRun[1].length >= 2 * MIN_HEX_BYTES) take(run, hexBytes(hexRun[1].slice(0, MAX_ENCODED_RUN_CHARS & ~1)));
    } else take(run, base64Bytes(run.slice(0, MAX_ENCODED_RUN_CHARS & ~3)));
  }
  return out;
}
