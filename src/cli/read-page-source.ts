/**
 * Reads a page file for scanning: gunzips `.gz`, refuses binaries and text that is not HTML, caps the size.
 * Errors come back as "code: message" strings (the CLI's error-line format), never thrown.
 */
import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';

/** Bigger pages are refused rather than handed to Chromium (a 50 MB page is not a web page). */
export const MAX_PAGE_BYTES = 50 * 1024 * 1024;
/** How much of the start of a file the sniffers look at. */
const SNIFF_BYTES = 8 * 1024;

const gunzipAsync = promisify(gunzip);

export type PageSource = { ok: true; html: Buffer } | { ok: false; error: string };

/** True when the bytes look like a binary file: NUL bytes, or many control characters. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) control++;
  }
  return n > 0 && control / n > 0.05;
}

/**
 * True when text looks like HTML: a doctype, or a known HTML element tag near the start. Plain text, JSON
 * or CSS saved with an .html name is not a page.
 */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, SNIFF_BYTES)).toString('utf8').replace(/^\uFEFF/, '').toLowerCase();
  if (/^\s*<!doctype\s+html/.test(head)) return true;
  return /<(html|head|body|meta|title|div|p|span|a|script|style|link|table|h[1-6]|ul|ol|li|img|section|article|main|header|footer|nav|form|iframe|br|template|svg|!--)[\s>/]/.test(
    head,
  );
}

export async function readPageSource(path: string): Promise<PageSource> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, error: 'missing: no such file' };
    if (code === 'EISDIR') return { ok: false, error: 'not-html: is a directory' };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, error: 'unreadable: permission denied' };
    return { ok: false, error: `unreadable: ${(err as Error).message}` };
  }
  if (/\.gz$/i.test(path) || (bytes[0] === 0x1f && bytes[1] === 0x8b)) {
    try {
      // maxOutputLength: a gzip bomb fails here instead of filling memory.
      bytes = (await gunzipAsync(bytes, { maxOutputLength: MAX_PAGE_BYTES })) as Buffer;
    } catch (err) {
      return { ok: false, error: `unreadable: gunzip failed (${(err as Error).message})` };
    }
  }
  if (bytes.length > MAX_PAGE_BYTES) return { ok: false, error: `too-large: over ${MAX_PAGE_BYTES} bytes` };
  if (looksBinary(bytes)) return { ok: false, error: 'not-html: binary file' };
  if (!looksLikeHtml(bytes)) return { ok: false, error: 'not-html: no HTML markup found' };
  return { ok: true, html: bytes };
}
