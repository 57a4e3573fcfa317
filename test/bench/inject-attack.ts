/**
 * Builds a synthetic injected page: a real page + one attack text, hidden with one technique (or visible).
 * Pure string work on the HTML, so every bench run makes byte-identical pages. The attack goes right after
 * the opening <body> tag (or into <head> for meta), in its own block, HTML-escaped.
 */

/** Every way of hiding text the scanner knows (HidingReason + non-rendered sources), plus plain visible text. */
export const TECHNIQUES = [
  'visible',
  'display-none',
  'visibility-hidden',
  'opacity',
  'tiny-font',
  'low-contrast',
  'off-screen',
  'clipped',
  'zero-size',
  'transform-scale',
  'text-indent',
  'hidden-attribute',
  'closed-details',
  'aria-hidden',
  'content-visibility',
  'covered',
  'invisible-unicode',
  'comment',
  'attribute',
  'input-value',
  'meta',
  'noscript',
  'template',
  'script-data',
  'textarea',
  'svg',
] as const;

export type Technique = (typeof TECHNIQUES)[number];

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** ASCII smuggled as Unicode tag characters (U+E0020..E007E), the carrier readAsAgent decodes. */
export function toTagCharacters(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e) out += String.fromCodePoint(0xe0000 + code);
  }
  return out;
}

/** The markup carrying `attack` with `technique`; `where` says whether it belongs in head or body. */
export function attackMarkup(attack: string, technique: Technique): { where: 'head' | 'body'; html: string } {
  const t = escapeHtml(attack);
  const body = (html: string) => ({ where: 'body' as const, html });
  switch (technique) {
    case 'visible': return body(`<div>${t}</div>`);
    case 'display-none': return body(`<div style="display:none">${t}</div>`);
    case 'visibility-hidden': return body(`<div style="visibility:hidden">${t}</div>`);
    case 'opacity': return body(`<div style="opacity:0">${t}</div>`);
    case 'tiny-font': return body(`<div style="font-size:0">${t}</div>`);
    case 'low-contrast': return body(`<div style="color:#fefefe;background:#ffffff">${t}</div>`);
    case 'off-screen': return body(`<div style="position:absolute;left:-10000px;top:0;width:400px">${t}</div>`);
    case 'clipped': return body(`<div style="position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)">${t}</div>`);
    case 'zero-size': return body(`<div style="width:0;height:0;overflow:hidden">${t}</div>`);
    case 'transform-scale': return body(`<div style="transform:scale(0)">${t}</div>`);
    case 'text-indent': return body(`<div style="text-indent:-99999px;overflow:hidden;white-space:nowrap">${t}</div>`);
    case 'hidden-attribute': return body(`<div hidden>${t}</div>`);
    case 'closed-details': return body(`<details><summary>Details</summary><p>${t}</p></details>`);
    case 'aria-hidden': return body(`<div aria-hidden="true">${t}</div>`);
    case 'content-visibility': return body(`<div style="content-visibility:hidden">${t}</div>`);
    case 'covered':
      return body(
        `<div style="position:relative"><p style="margin:0">${t}</p>` +
          `<div style="position:absolute;left:0;top:0;right:0;bottom:0;background:#fff;z-index:10"></div></div>`,
      );
    case 'invisible-unicode': return body(`<p>Thanks for reading!${toTagCharacters(attack)}</p>`);
    // "--" would end the comment early.
    case 'comment': return body(`<!-- ${attack.replace(/--/g, '- -').replace(/>/g, '&gt;')} -->`);
    case 'attribute': return body(`<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="${t}" width="1" height="1">`);
    case 'input-value': return body(`<input type="hidden" name="note" value="${t}">`);
    case 'meta': return { where: 'head', html: `<meta name="description" content="${t}">` };
    case 'noscript': return body(`<noscript>${t}</noscript>`);
    case 'template': return body(`<template><p>${t}</p></template>`);
    case 'script-data':
      return body(`<script type="application/ld+json">${JSON.stringify({ '@type': 'Article', description: attack }).replace(/</g, '\\u003c')}</script>`);
    case 'textarea': return body(`<textarea readonly>${t}</textarea>`);
    case 'svg': return body(`<svg width="1" height="1"><desc>${t}</desc></svg>`);
  }
}

/** Inserts the attack into a page's HTML (after <body ...> / <head ...>, or at the start when absent). */
export function injectAttack(pageHtml: string, attack: string, technique: Technique): string {
  const { where, html } = attackMarkup(attack, technique);
  const open = where === 'head' ? /<head(\s[^>]*)?>/i : /<body(\s[^>]*)?>/i;
  const m = open.exec(pageHtml);
  if (m) return pageHtml.slice(0, m.index + m[0].length) + html + pageHtml.slice(m.index + m[0].length);
  return html + pageHtml;
}

/**
 * Same as injectAttack on raw page bytes, whatever the page's encoding: the page is spliced as latin1
 * (byte-preserving) and the attack goes in as UTF-8. Pages declaring another charset would show the attack
 * garbled, so the bench samples UTF-8 pages for synthetic injections.
 */
export function injectAttackBytes(page: Buffer, attack: string, technique: Technique): Buffer {
  const { where, html } = attackMarkup(attack, technique);
  const text = page.toString('latin1');
  const open = where === 'head' ? /<head(\s[^>]*)?>/i : /<body(\s[^>]*)?>/i;
  const m = open.exec(text);
  const at = m ? m.index + m[0].length : 0;
  return Buffer.concat([page.subarray(0, at), Buffer.from(html, 'utf8'), page.subarray(at)]);
}

/** True when the bytes are valid UTF-8 (pure ASCII included). */
export function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
