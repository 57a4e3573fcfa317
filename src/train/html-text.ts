/**
 * A small, dependency-free HTML → text-segments extractor for training and evaluation. It only approximates what
 * the scanner sees on a rendered page: block text (paragraphs, headings, list items, links, buttons, menus and
 * dialogs, including hidden ones), and the attributes agents read (alt, title, aria-label, placeholder, meta
 * descriptions). No layout, no scripts: good enough to model the page "diet" of benign text.
 */

const DROP_BLOCKS_RE = /<(script|style|noscript|template|svg|math|iframe|object)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT_RE = /<!--[\s\S]*?-->/g;
const BLOCK_TAG_RE =
  /<\/?(p|div|section|article|aside|header|footer|nav|main|h[1-6]|li|ul|ol|dl|dt|dd|tr|td|th|table|thead|tbody|br|hr|blockquote|pre|figure|figcaption|form|fieldset|legend|label|button|a|option|select|summary|details|dialog|menu|span|title|caption)\b[^>]*>/gi;
const ANY_TAG_RE = /<[^>]*>/g;
const ATTR_RE = /\b(alt|title|aria-label|placeholder|content|aria-description)\s*=\s*("([^"]*)"|'([^']*)')/gi;
const META_NAME_RE = /\b(name|property)\s*=\s*["']?(description|og:description|twitter:description|og:title|twitter:title|keywords)["']?/i;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…',
  rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', copy: '©', reg: '®', middot: '·', bull: '•', laquo: '«', raquo: '»',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function clean(s: string): string {
  return decodeEntities(s).replace(/\s+/g, ' ').trim();
}

/** Page segments longer than this are cut: the model reads windows, the rest adds training time only. */
export const MAX_PAGE_SEGMENT_CHARS = 4000;

/**
 * A page's texts as training segments: each normalised by `normalise`, cut to `maxChars`, dropped under 2 chars or
 * when the page already had it. Shared with the scanner's segments (scanned-pages.ts), so both page texts are cut alike.
 */
export function distinctSegments(texts: Iterable<string>, normalise: (s: string) => string, maxChars = MAX_PAGE_SEGMENT_CHARS): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of texts) {
    const t = normalise(raw).slice(0, maxChars);
    if (t.length < 2 || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  return out;
}

/** Text segments of one HTML document, in document order (attributes first), deduplicated, each ≥ 2 chars. */
export function htmlTextSegments(html: string, maxSegmentChars = MAX_PAGE_SEGMENT_CHARS): string[] {
  const raw: string[] = [];
  const body = html.replace(COMMENT_RE, ' ').replace(DROP_BLOCKS_RE, ' ');
  for (const tag of body.match(/<[a-z][^>]*>/gi) ?? []) {
    const isMeta = /^<meta\b/i.test(tag);
    if (isMeta && !META_NAME_RE.test(tag)) continue;
    for (const m of tag.matchAll(ATTR_RE)) {
      const name = m[1].toLowerCase();
      if (name === 'content' && !isMeta) continue;
      raw.push(m[3] ?? m[4] ?? '');
    }
  }
  for (const block of body.replace(BLOCK_TAG_RE, '\n').replace(ANY_TAG_RE, ' ').split('\n')) raw.push(block);
  return distinctSegments(raw, clean, maxSegmentChars);
}
