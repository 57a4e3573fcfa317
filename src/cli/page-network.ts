/**
 * Where a scanned page may fetch from. A local file is served from a made-up origin (so it gets an http
 * base URL, same-origin frames and its sibling files, like a saved page on a web server); a URL may fetch
 * from its own origin only. Everything else is aborted at once: this must fail fast on a machine without
 * internet instead of hanging, and a page under test must not reach out anyway.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve, sep } from 'node:path';
import type { BrowserContext, Route } from 'playwright-core';

/** `.invalid` never resolves (RFC 2606), so a request that escaped the route handler would still go nowhere. */
export const LOCAL_ORIGIN = 'http://local.injection-lens.invalid';
/** Sibling files (styles, frames) bigger than this are not served. */
const MAX_ASSET_BYTES = 20 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain',
};

/** Adds charset=utf-8 when the page declares none and its bytes are valid UTF-8 (else Chromium guesses). */
export function htmlContentType(html: Buffer): string {
  const head = html.subarray(0, 4096).toString('latin1').toLowerCase();
  if (/<meta[^>]+charset/.test(head) || html[0] === 0xef || html[0] === 0xfe || html[0] === 0xff) return 'text/html';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(html);
    return 'text/html; charset=utf-8';
  } catch {
    return 'text/html';
  }
}

/** The URL a local page file is opened at: its name (without .gz) under the made-up origin. */
export function localPageUrl(path: string): string {
  return `${LOCAL_ORIGIN}/${encodeURIComponent(basename(path).replace(/\.gz$/i, ''))}`;
}

async function serveSibling(route: Route, root: string, pathname: string): Promise<void> {
  let file: string;
  try {
    file = resolve(root, '.' + decodeURIComponent(pathname));
  } catch {
    return route.fulfill({ status: 400, body: 'bad path' });
  }
  if (file !== root && !file.startsWith(root + sep)) return route.fulfill({ status: 404, body: 'not found' });
  try {
    const body = await readFile(file);
    if (body.length > MAX_ASSET_BYTES) return route.fulfill({ status: 413, body: 'too large' });
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return route.fulfill({ status: 200, contentType: type === 'text/html' ? htmlContentType(body) : type, body });
  } catch {
    return route.fulfill({ status: 404, body: 'not found' });
  }
}

/** Serves a local page (already read and gunzipped) and its folder; blocks every other origin. */
export async function routeLocalPage(context: BrowserContext, path: string, html: Buffer): Promise<string> {
  const url = localPageUrl(path);
  const entryPath = new URL(url).pathname;
  const root = resolve(dirname(path));
  await context.route('**/*', async (route) => {
    try {
      const target = new URL(route.request().url());
      if (target.origin !== LOCAL_ORIGIN) return await route.abort('blockedbyclient');
      if (target.pathname === entryPath) {
        return await route.fulfill({ status: 200, contentType: htmlContentType(html), body: html });
      }
      return await serveSibling(route, root, target.pathname);
    } catch {
      // The page or context was closed while we were answering: nothing left to do.
    }
  });
  await blockWebSockets(context);
  return url;
}

/** Lets a URL's page fetch from its own origin only. */
export async function routeRemotePage(context: BrowserContext, url: string): Promise<void> {
  const origin = new URL(url).origin;
  await context.route('**/*', async (route) => {
    try {
      const target = new URL(route.request().url());
      if (target.origin === origin) return await route.continue();
      return await route.abort('blockedbyclient');
    } catch {
      // Closed while routing.
    }
  });
  await blockWebSockets(context);
}

async function blockWebSockets(context: BrowserContext): Promise<void> {
  await context.routeWebSocket(/.*/, (ws) => ws.close({ code: 1008, reason: 'blocked by injection-lens scan' }));
}
