/**
 * Pure helpers for text that is never painted: which attributes, meta tags and script blocks carry
 * readable text, and how to turn JSON-LD or noscript markup into the words an agent would read.
 */

/** Attributes an agent reads even though the page never paints them (or only on hover). */
export const TEXT_ATTRIBUTES = ['alt', 'title', 'aria-label', 'aria-description', 'placeholder'] as const;

/** data-* values shorter than this, or without several words, are ids/config, not prose. */
export const MIN_DATA_ATTR_CHARS = 24;
const MIN_DATA_ATTR_WORDS = 4;

/** Script types that the browser executes (or treats as config the page runs): not data for us. */
const EXECUTABLE_SCRIPT_TYPES = new Set([
  '', 'text/javascript', 'application/javascript', 'module', 'text/ecmascript', 'application/ecmascript',
  'text/jscript', 'text/livescript', 'application/x-javascript', 'text/x-javascript', 'importmap',
  'speculationrules', 'text/babel', 'text/jsx', 'text/typescript',
]);

export function isExecutableScriptType(type: string | null): boolean {
  const t = (type ?? '').trim().toLowerCase().split(';')[0].trim();
  return EXECUTABLE_SCRIPT_TYPES.has(t);
}

/** Collapses runs of white space the way rendered text reads. */
export function collapseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A data-* value that reads like words rather than an id, number, URL or JSON config. */
export function isProseLike(value: string): boolean {
  const v = value.trim();
  if (v.length < MIN_DATA_ATTR_CHARS) return false;
  if (/^[[{]/.test(v) || isUrlLike(v)) return false;
  const words = v.split(/\s+/).filter((w) => /[\p{L}]{2,}/u.test(w));
  return words.length >= MIN_DATA_ATTR_WORDS;
}

export function isUrlLike(v: string): boolean {
  return /^(https?:|\/\/|\/[^\s]*$|data:|mailto:)/i.test(v.trim()) && !/\s/.test(v.trim());
}

/** meta name/property values whose content is prose meant for readers or crawlers. */
export function isTextMeta(key: string): boolean {
  const k = key.trim().toLowerCase();
  if (k === 'description' || k === 'keywords' || k === 'abstract' || k === 'subject' || k === 'summary') return true;
  if (k.startsWith('og:') || k.startsWith('twitter:') || k.startsWith('dc.') || k.startsWith('article:')) {
    return /(title|description|site_name|summary|text|alt|tag|section|subject|creator|author)$/.test(k);
  }
  return false;
}

/**
 * The string values of a JSON document (JSON-LD, application/json islands), joined as sentences; URLs and
 * tokens without letters dropped. Returns null when it does not parse, so the caller keeps the raw text.
 */
export function jsonStringsText(raw: string, maxChars: number): string | null {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  const out: string[] = [];
  let total = 0;
  const stack: unknown[] = [data];
  let steps = 0;
  while (stack.length && total < maxChars && steps++ < 100_000) {
    const v = stack.pop();
    if (typeof v === 'string') {
      const s = collapseWhitespace(v);
      if (s && !isUrlLike(s) && /\p{L}/u.test(s)) {
        out.push(s);
        total += s.length + 2;
      }
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (v && typeof v === 'object') {
      const values = Object.values(v as Record<string, unknown>);
      for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
    }
  }
  return out.join('. ');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Words inside markup held as text (a <noscript> with scripting on is one raw text node). A regex rather
 * than a parser: nothing is created, nothing can load, and a hostile input costs linear time.
 */
export function markupText(raw: string): string {
  const once = stripAndDecode(raw);
  // Markup escaped inside the markup (&lt;div&gt;…) decodes into tags: strip those too.
  return collapseWhitespace(/<[a-z!/][^>]*>/i.test(once) ? stripAndDecode(once) : once);
}

function stripAndDecode(raw: string): string {
  const noTags = raw
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ');
  const decoded = noTags.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
  return decoded;
}

/**
 * Splits long text into pieces of at most `max` chars, cutting at white space near the limit, so an
 * injection in the middle of a long block is still scanned instead of truncated away.
 */
export function splitLongText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(' ', max);
    if (cut < max * 0.6) {
      cut = max;
      // Never split a surrogate pair (tag characters and emoji are two UTF-16 units).
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
    }
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest) out.push(rest);
  return out;
}
