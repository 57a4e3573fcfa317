/**
 * Command-line operands → the ordered list of pages to scan. Directories expand in place (sorted, recursive)
 * to their `.html`, `.htm` and `.html.gz` files; an operand that cannot be used becomes an item carrying its
 * error, so it still gets its own output line in its place.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type InputItem =
  | { kind: 'file'; input: string; path: string }
  | { kind: 'url'; input: string; url: string }
  | { kind: 'error'; input: string; error: string };

const PAGE_FILE = /\.(html?|html\.gz)$/i;
/** A runaway walk (e.g. "scan /") stops here rather than eat memory. */
export const MAX_INPUTS = 100_000;

export function isPageFileName(name: string): boolean {
  return PAGE_FILE.test(name);
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (out.length >= MAX_INPUTS) return;
    const full = join(dir, entry.name);
    // Symlinked folders are not followed (loops); symlinked files are resolved by the reader.
    if (entry.isDirectory()) await walk(full, out);
    else if ((entry.isFile() || entry.isSymbolicLink()) && isPageFileName(entry.name)) out.push(full);
  }
}

function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing: no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'unreadable: permission denied';
  return `unreadable: ${(err as Error).message}`;
}

export async function collectInputs(operands: readonly string[]): Promise<InputItem[]> {
  const items: InputItem[] = [];
  for (const operand of operands) {
    if (/^https?:\/\//i.test(operand)) {
      try {
        items.push({ kind: 'url', input: operand, url: new URL(operand).href });
      } catch {
        items.push({ kind: 'error', input: operand, error: 'bad-url: not a valid URL' });
      }
      continue;
    }
    let path = operand;
    if (/^file:\/\//i.test(operand)) {
      try {
        path = fileURLToPath(operand);
      } catch {
        items.push({ kind: 'error', input: operand, error: 'bad-url: not a valid file URL' });
        continue;
      }
    } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(operand)) {
      items.push({ kind: 'error', input: operand, error: 'bad-url: only http(s) URLs, files and folders can be scanned' });
      continue;
    }
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        const files: string[] = [];
        await walk(path, files);
        for (const file of files) items.push({ kind: 'file', input: file, path: file });
      } else {
        items.push({ kind: 'file', input: operand, path });
      }
    } catch (err) {
      items.push({ kind: 'error', input: operand, error: errorCode(err) });
    }
    if (items.length >= MAX_INPUTS) break;
  }
  return items.slice(0, MAX_INPUTS);
}
