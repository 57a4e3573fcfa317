/**
 * One canonical form of text for matching — used by the rules and by the classifier's featuriser, so both see through
 * the same disguises: invisible characters, compatibility forms (fullwidth, mathematical letters), homoglyphs from
 * Cyrillic and Greek, accents on Latin letters, conservative leetspeak, letter-spaced words and repeated punctuation.
 * Deterministic and pure; every step is one regex pass over the string (or skipped after a cheap test).
 */
import { readAsAgent } from './agent-text';

/** Shortest letter-spaced run we join ("i g n o r e"); shorter runs are ordinary ("a b c", "e.g."). */
export const MIN_SPACED_LETTERS = 4;

// Joiners and variation selectors readAsAgent keeps as typography (emoji, scripts); for matching they are noise.
// A noncharacter (never in interchange text) marks gaps of 2+ spaces through readAsAgent's whitespace collapse.
const GAP_MARK = ' \uFDD0 ';
const GAP_MARK_G = / ?\uFDD0 ?/g;
const NONCHARACTER_G = /\uFDD0/g;
const WIDE_GAP = /[^\S\n]{2,}/g;
const KEPT_TYPOGRAPHY = /[\u200C\u200D\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/g;

/**
 * Look-alikes that NFKC leaves alone: Cyrillic and Greek letters (both cases), and a few Latin/IPA oddities.
 * Folded before lowercasing so an uppercase look-alike maps to the letter it imitates (Greek Η → H, not η → n).
 */
const CONFUSABLES: Record<string, string> = {
  // Cyrillic capitals
  А: 'A', В: 'B', Е: 'E', Ѕ: 'S', І: 'I', Ј: 'J', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X',
  У: 'Y', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W', Ү: 'Y', Ӏ: 'I',
  // Cyrillic small
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', ѕ: 's', і: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w',
  ӏ: 'l', ү: 'y', ѵ: 'v', т: 't', м: 'm', н: 'h', к: 'k', в: 'b',
  // Greek capitals
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  // Greek small
  α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y', ω: 'w',
  // Latin / IPA look-alikes
  ı: 'i', ɡ: 'g', ɑ: 'a', ɩ: 'i', ʟ: 'l', ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j',
  ᴋ: 'k', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
  // Armenian
  օ: 'o', ս: 'u', հ: 'h', ո: 'n',
};
const CONFUSABLE_CLASS = `[${Object.keys(CONFUSABLES).join('')}]`;
const HAS_CONFUSABLE = new RegExp(CONFUSABLE_CLASS);
const CONFUSABLE_G = new RegExp(CONFUSABLE_CLASS, 'g');
const CONFUSABLE_IN_WORD_G = new RegExp(CONFUSABLE_CLASS, 'g');
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const ASCII_LETTER = /[A-Za-z]/;

/** Accents on ASCII letters after decomposition ("ìgnóre" → "ignore"); marks on other scripts stay (й, Indic). */
const MARKS_ON_ASCII = /([a-z])[\u0300-\u036F]+/g;

/**
 * Word characters for de-spacing and leetspeak: ASCII letters/digits, leet symbols, Latin-1..Latin Extended, Greek,
 * Cyrillic. A plain (non-Unicode-mode) class keeps these passes fast; CJK text has no letter spacing to undo.
 */
const W = 'A-Za-z0-9@$\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u052F';
/** Word characters each separated by the same single separator: "i g n o r e", "i.g.n.o.r.e". */
const SPACED_RUN = new RegExp(
  `(?<![${W}])[${W}]([ .\\-_*|\u00B7/])[${W}](?:\\1[${W}]){${MIN_SPACED_LETTERS - 2},}(?![${W}])`,
  'g',
);
const SEPARATORS_G = /[ .\-_*|\u00B7/]/g;
const LETTER_G = /\p{L}/gu;
const WORD_CHAR = new RegExp(`[${W}]`);

const LEET_CHAR_ANY = /[013457@$]/g;
const LEET_MAP: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const NON_LEET_DIGIT = /[2689]/;
const LEET_CHAR_G = /[013457@$]/g;

/** Runs of one repeated punctuation character ("!!!", "###", "----", "……"), collapsed to one. */
const REPEATED_PUNCT = /([!-/:-@[-`{-~\u00A1-\u00BF\u2010-\u2027\u2030-\u205E\u3001-\u3003\uFF01-\uFF0F])\1+/g;
const HORIZONTAL_SPACE_RUN = /[^\S\n]{2,}|[^\S\n ]/g;
const LINE_BREAK_RUN = / ?\n[\s]*/g;

function isWordCode(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x40 || c === 0x24;
  return WORD_CHAR.test(String.fromCharCode(c));
}

function countLatinAndOther(text: string): { latin: number; other: number } {
  let latin = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin++;
    else if (c >= 0x370 && c <= 0x52f) other++;
  }
  return { latin, other };
}

function isLetterCode(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return LETTER_OR_MARK.test(String.fromCharCode(c));
}

function foldConfusables(text: string): string {
  if (!HAS_CONFUSABLE.test(text)) return text;
  // Whole-look-alike words ("ѕуѕtеm" typed all in Cyrillic) are folded only in text that is mostly Latin, so real
  // Russian or Greek prose keeps its letters; words mixing Latin with look-alikes are always a disguise.
  const { latin, other } = countLatinAndOther(text);
  const mostlyLatin = latin > other;
  const out: string[] = [];
  let last = 0;
  CONFUSABLE_G.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CONFUSABLE_G.exec(text)) !== null) {
    let a = m.index;
    let b = m.index + 1;
    while (a > last && isLetterCode(text.charCodeAt(a - 1))) a--;
    while (b < text.length && isLetterCode(text.charCodeAt(b))) b++;
    CONFUSABLE_G.lastIndex = b;
    const word = text.slice(a, b);
    // (CONFUSABLE_IN_WORD_G, not CONFUSABLE_G: replace() would reset the lastIndex this loop walks with.)
    if (ASCII_LETTER.test(word) || (mostlyLatin && word.replace(CONFUSABLE_IN_WORD_G, '').length === 0)) {
      out.push(text.slice(last, a), word.replace(CONFUSABLE_IN_WORD_G, (ch) => CONFUSABLES[ch] ?? ch));
      last = b;
    }
  }
  if (last === 0) return text;
  out.push(text.slice(last));
  return out.join('');
}

function joinSpacedLetters(text: string): string {
  return text.replace(SPACED_RUN, (run) => {
    // Only when it spells something: at least two letters ("2 0 2 4" and "1 / 2 / 3 / 4" stay).
    return (run.match(LETTER_G)?.length ?? 0) >= 2 ? run.replace(SEPARATORS_G, '') : run;
  });
}

/**
 * Leetspeak, conservatively: a token is folded only when it has at least two letters, no digit that leet never uses,
 * and a leet character wedged between word characters ("1gn0r3", "pr3v10us", "u$er"), so "mp3", "ipv4", "$5", "4k"
 * and e-mail addresses are left alone.
 */
function foldLeet(text: string): string {
  // Walk from each leet character to its token's edges (linear: tokens are skipped once handled).
  const out: string[] = [];
  let last = 0;
  LEET_CHAR_ANY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LEET_CHAR_ANY.exec(text)) !== null) {
    let a = m.index;
    let b = m.index + 1;
    while (a > last && isWordCode(text.charCodeAt(a - 1))) a--;
    while (b < text.length && isWordCode(text.charCodeAt(b))) b++;
    LEET_CHAR_ANY.lastIndex = b;
    const token = text.slice(a, b);
    const folded = foldLeetToken(token, text.charCodeAt(b));
    if (folded !== token) {
      out.push(text.slice(last, a), folded);
      last = b;
    }
  }
  if (last === 0) return text;
  out.push(text.slice(last));
  return out.join('');
}

/**
 * A token is folded only when it has at least two letters, no digit leet never uses, and a leet character wedged
 * inside it ("1gn0r3", "pr3v10us", "u$er"), so "mp3", "ipv4", "$5", "4k" and e-mail addresses stay as they are.
 */
function foldLeetToken(token: string, nextCode: number): string {
  if (token.length < 3 || NON_LEET_DIGIT.test(token) || (token.match(LETTER_G)?.length ?? 0) < 2) return token;
  let interior = false;
  for (let i = 1; i < token.length - 1 && !interior; i++) if (LEET_MAP[token[i]] !== undefined) interior = true;
  if (!interior) return token;
  // An '@' followed by a domain is an address, not a letter.
  if (token.includes('@') && nextCode === 0x2e) return token;
  return token.replace(LEET_CHAR_G, (ch) => LEET_MAP[ch] ?? ch);
}

/**
 * The matching form of `text`: invisibles removed (smuggled text decoded and appended), NFKC, homoglyphs folded,
 * lowercase, accents dropped from Latin letters, letter-spaced words joined, leetspeak folded, repeated punctuation
 * and whitespace collapsed (line breaks kept, since "System:" at a line start means something).
 */
export function normaliseForMatching(text: string): string {
  // Mark wide gaps before readAsAgent collapses them: "i g n o r e   t h e m" is two words, not one.
  const gapped = text.replace(NONCHARACTER_G, '').replace(WIDE_GAP, GAP_MARK);
  let s = readAsAgent(gapped).text.replace(KEPT_TYPOGRAPHY, '');
  s = s.normalize('NFKD');
  s = foldConfusables(s);
  s = s.toLowerCase().replace(MARKS_ON_ASCII, '$1').normalize('NFC');
  s = joinSpacedLetters(s).replace(GAP_MARK_G, ' ');
  s = foldLeet(s);
  s = s.replace(REPEATED_PUNCT, '$1');
  return s.replace(HORIZONTAL_SPACE_RUN, ' ').replace(LINE_BREAK_RUN, '\n').trim();
}
