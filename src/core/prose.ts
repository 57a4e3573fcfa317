/**
 * Whether a text reads as prose: the gate before the classifier may speak on its own (analyse.ts). A small text model
 * judges sentences; on labels, ids, markup, JSON or script it is guessing. Pure string logic, no DOM.
 */

/**
 * Fewest words for the model alone to speak for a text. An instruction to an agent is a sentence; shorter fragments
 * (comment labels like "end ad slot", headings, ids) are where a small text model is least reliable.
 */
export const MIN_PROSE_WORDS = 6;
/** Share of a text's (non-numeric) tokens that must be words: below it the text is code, markup, ids or data. */
export const MIN_PROSE_WORD_SHARE = 0.6;
/** A "word" longer than this is an identifier, hash or encoded blob. */
const MAX_WORD_CHARS = 30;

// Markup a comment, attribute or template carries is structure, not prose: tags (also escaped, "&lt;div …>", as in
// templates kept in script blocks), CDATA and IE conditional-comment brackets, entities. Chat-markup tokens
// (<|im_start|>, [INST]) do not start with a letter after '<' and stay for the rules.
const MARKUP_G =
  /<!\[CDATA\[|\]\]>|<\/?[a-z!][^<>]{0,2000}>|&lt;\/?[a-z][^<>&]{0,2000}?(?:>|&gt;)|<!\[endif\]>?|\[(?:if|endif)\b[^\]]{0,80}\]>?|<!-*|-*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);/gi;
// What JSON and script look like between the words: key/value and list punctuation, escapes, calls and operators.
// Prose quotes a word ("like this", she said) but never writes `":"`, `\u0022`, `x.get(` or `===`. (`||` and `&&` are
// left out: text uses them as separators and for "and".)
const DATA_MARKER_G =
  /"\s?:\s?["{[\d-]|"\s?:\s?(?:true|false|null)\b|"\s?,\s?"|[{[]\s?"|"\s?[}\]]|\\[/"]|\\u[0-9a-f]{4}|\bfunction\s?\(|\)\s?\{|[;{}]\s?(?:var|let|const|if|return|for|while)\b|[\w$\]]\.[a-z_$][\w$]*\(|[!=]==?|=>/gi;
/** Share of a text's (non-space) characters in markup above which it is commented-out or templated markup. */
export const MAX_PROSE_MARKUP_SHARE = 0.5;
/** JSON or script markers per whitespace token at or above which a text is data or code, whatever words its strings hold. */
export const MAX_PROSE_DATA_MARKERS_PER_TOKEN = 0.1;
const EDGE_PUNCT_G = /^[("'“‘«¿¡[*_]+|[)"'”’».,;:!?…\]*_]+$/g;
const WORD = /^\p{L}[\p{L}\p{M}'’-]*$/u;
const NUMERIC = /^[\p{N}$€£¥%.,:/+×x-]+$/u;
// Scripts written without spaces: about two characters make a word.
const SPACELESS_G = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu;
// Replacement characters and private-use code points: bytes decoded with the wrong charset, not language.
const NOT_TEXT = /[\uFFFD\uE000-\uF8FF]/;

function nonSpaceLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x20) n++;
  return n;
}

/**
 * True when `text` reads as prose a person or agent would read as sentences: enough words, and mostly words rather
 * than code, markup, numbers or opaque tokens. The model's score counts on its own only for such text: on markup
 * (commented-out page code, IE conditional comments), JSON or script it is out of its depth, and the words inside the
 * strings of a JSON blob do not make the blob a sentence.
 */
export function readsAsProse(text: string): boolean {
  if (NOT_TEXT.test(text)) return false;
  const total = nonSpaceLength(text);
  let markup = 0;
  const bare = text.replace(MARKUP_G, (m) => {
    markup += nonSpaceLength(m);
    return ' ';
  });
  if (markup > MAX_PROSE_MARKUP_SHARE * total) return false;
  const chunks = bare.split(/\s+/);
  const dataMarkers = text.match(DATA_MARKER_G)?.length ?? 0;
  if (dataMarkers > 0 && dataMarkers >= MAX_PROSE_DATA_MARKERS_PER_TOKEN * chunks.length) return false;
  let words = 0;
  let tokens = 0;
  for (const raw of chunks) {
    const token = raw.replace(EDGE_PUNCT_G, '');
    if (token.length === 0 || NUMERIC.test(token)) continue;
    tokens++;
    const spaceless = token.match(SPACELESS_G)?.length ?? 0;
    if (spaceless > 0) words += Math.max(1, Math.round(spaceless / 2));
    else if (token.length <= MAX_WORD_CHARS && WORD.test(token)) words++;
  }
  return words >= MIN_PROSE_WORDS && words >= MIN_PROSE_WORD_SHARE * tokens;
}

// A short <noscript> sentence that JavaScript is needed or off, or asks to turn it on, is the page talking to a visitor
// without scripts ("Please enable JavaScript to view comments", "Bitte aktivieren Sie JavaScript"). A sentence that
// only mentions JavaScript ("Agents without JavaScript read this: …") or points somewhere (a URL) is not such a notice.
const SCRIPT_NOTICE =
  /\bjava ?script\b.*\b(?:enabled?|turn(?:ed)? on|switch(?:ed)? on|activated?|allowed?|required?|requires|needs?|necessary|disabled|deactivated|turned off|switched off|support(?:s|ed)?)\b|\b(?:enable|turn|switch|activate|allow|requires?|needs?|necessary|disabled?)\b.*\bjava ?script\b|\bjava ?script\b.*\b(?:aktivier\w*|deaktivier\w*|einschalten|ben[öo]tig\w*|activ\w+|habilit\w+|ativ\w+|attiv\w+)|\b(?:aktivier\w*|deaktivier\w*|schalten|ben[öo]tig\w*|activ\w+|habilit\w+|ativ\w+|attiv\w+)\b.*\bjava ?script\b/i;
const NOT_A_NOTICE = /https?:|www\.|@/i;
/** Longest sentence read as a JavaScript notice: the notices are one plain sentence. */
const MAX_NOTICE_WORDS = 24;
const SENTENCE_END = /(?<=[.!?。！？])\s+/;

function isScriptNotice(sentence: string): boolean {
  return SCRIPT_NOTICE.test(sentence) && !NOT_A_NOTICE.test(sentence) && sentence.split(/\s+/).length <= MAX_NOTICE_WORDS;
}

/** The sentences of a noscript text that are not JavaScript notices: what is left for the model to speak for. */
export function withoutScriptNotices(text: string): string {
  return text
    .split(SENTENCE_END)
    .filter((sentence) => !isScriptNotice(sentence))
    .join(' ');
}
