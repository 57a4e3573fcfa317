/**
 * Makes invisible and formatting characters visible as plain-text markers, e.g. "a⟦U+200B⟧b", and runs of
 * Unicode tag characters (ASCII smuggling) as ⟦tags "hidden text"⟧. The result is rendered as text, never HTML.
 */
const MAX_OUTPUT_CHARS = 4_000;

function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad || // soft hyphen
    cp === 0x034f || // combining grapheme joiner
    cp === 0x061c || // Arabic letter mark
    cp === 0x115f || cp === 0x1160 || cp === 0x3164 || cp === 0xffa0 || // Hangul fillers
    cp === 0x180e || // Mongolian vowel separator
    (cp >= 0x200b && cp <= 0x200f) || // zero-width, LRM/RLM
    (cp >= 0x202a && cp <= 0x202e) || // bidi embeddings/overrides
    (cp >= 0x2060 && cp <= 0x2064) || // word joiner, invisible operators
    (cp >= 0x2066 && cp <= 0x2069) || // bidi isolates
    cp === 0x2800 || // Braille blank
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    cp === 0xfeff || // BOM / zero-width no-break space
    (cp >= 0xe0100 && cp <= 0xe01ef) // variation selectors supplement
  );
}

const isTag = (cp: number): boolean => cp >= 0xe0000 && cp <= 0xe007f;

/** Code point as U+XXXX. */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Count of invisible characters (including tag characters) in a string. */
export function countInvisibles(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isInvisible(cp) || isTag(cp)) n++;
  }
  return n;
}

export function showInvisibles(text: string, maxChars = MAX_OUTPUT_CHARS): string {
  let out = '';
  let tagRun = '';
  const flushTags = (): void => {
    if (tagRun) out += `⟦tags "${tagRun}"⟧`;
    tagRun = '';
  };
  for (const ch of text) {
    if (out.length >= maxChars) return `${out.slice(0, maxChars)}…`;
    const cp = ch.codePointAt(0)!;
    if (isTag(cp)) {
      const ascii = cp - 0xe0000;
      tagRun += ascii >= 0x20 && ascii < 0x7f ? String.fromCharCode(ascii) : `⟦${codePointLabel(cp)}⟧`;
      continue;
    }
    flushTags();
    out += isInvisible(cp) ? `⟦${codePointLabel(cp)}⟧` : ch;
  }
  flushTags();
  return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
}
