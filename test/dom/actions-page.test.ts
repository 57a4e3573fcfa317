/**
 * The page actions in real Chromium, through the page bundle: show (overlay in a closed shadow root the page
 * cannot read or hide), reveal-all, neutralise (DOM after), clean-copy (text), clear (DOM restored exactly).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../helpers/browser';
import { serveFolder, type StaticServer } from '../helpers/server';
import { REPO, injectScanner, scanBundlePath } from '../fixtures/scan/harness';

type Api = {
  scanDocument(d: Document): Promise<{ segments: Array<{ id: number; text: string; raw: string }> }>;
  runPageAction(a: unknown, ids: number[], d?: Document): Promise<{ ok: boolean; text?: string; count?: number; error?: string }>;
};

/** Every text in the page's DOM, closed shadow roots included (CDP pierces them; page scripts cannot). */
async function allTextsPierced(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const out: string[] = [];
  const walk = (n: CdpNode): void => {
    if (n.nodeType === 3 && n.nodeValue) out.push(n.nodeValue);
    for (const c of n.children ?? []) walk(c);
    for (const c of n.shadowRoots ?? []) walk(c);
  };
  walk(root);
  await cdp.detach();
  return out;
}
/** Inline styles of our overlay boxes (inside the closed shadow root). */
async function boxStyles(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const out: string[] = [];
  const walk = (n: CdpNode): void => {
    const a = n.attributes ?? [];
    const attr = (k: string): string | undefined => a[a.indexOf(k) + 1];
    if (a.includes('class') && /\bbox\b/.test(attr('class') ?? '')) out.push(attr('style') ?? '');
    for (const c of n.children ?? []) walk(c);
    for (const c of n.shadowRoots ?? []) walk(c);
  };
  walk(root);
  await cdp.detach();
  return out;
}
interface CdpNode {
  attributes?: string[];
  nodeType: number;
  nodeValue?: string;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
}

describe.skipIf(!hasChromium)('page actions', () => {
  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    await scanBundlePath();
    server = await serveFolder(join(REPO, 'test/fixtures/actions'));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens the fixture, scans it, returns the page and the ids of segments carrying AX- markers. */
  async function openScanned(): Promise<{ page: Page; flagged: number[] }> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.goto(`${server.url}/page.html`);
    await injectScanner(page);
    const flagged = await page.evaluate(async () => {
      const api = (window as unknown as { __injectionLens: Api }).__injectionLens;
      const { segments } = await api.scanDocument(document);
      return segments.filter((s) => s.text.includes('AX-')).map((s) => s.id);
    });
    return { page, flagged };
  }

  const act = (page: Page, action: unknown, ids: number[]) =>
    page.evaluate(
      ([a, i]) => (window as unknown as { __injectionLens: Api }).__injectionLens.runPageAction(a, i as number[]),
      [action, ids] as const,
    );

  it('show: overlay in a closed shadow root, labelled, readable by us but not by the page', async () => {
    const { page, flagged } = await openScanned();
    expect(flagged.length).toBeGreaterThanOrEqual(5);
    const hiddenId = await page.evaluate(async () => {
      const api = (window as unknown as { __injectionLens: Api }).__injectionLens;
      const { segments } = await api.scanDocument(document);
      return segments.find((s) => s.text.includes('AX-DISPLAY-NONE'))!.id;
    });
    const result = await act(page, { kind: 'show', segmentId: hiddenId }, [hiddenId]);
    expect(result).toMatchObject({ ok: true, count: 1 });
    const seen = await page.evaluate(() => {
      const hosts = Array.from(document.querySelectorAll('[data-injection-lens]'));
      const host = hosts[0] as HTMLElement;
      const atPanel = document.elementFromPoint(window.innerWidth - 40, window.innerHeight - 40);
      return {
        hosts: hosts.length,
        shadowRootVisibleToPage: host.shadowRoot !== null,
        hostText: host.textContent,
        bodyInnerText: document.body.innerText,
        htmlInnerText: document.documentElement.innerText,
        panelOnTop: atPanel === host,
        hostDisplay: getComputedStyle(host).display,
      };
    });
    expect(seen.hosts).toBe(1);
    expect(seen.shadowRootVisibleToPage).toBe(false);
    expect(seen.hostText).toBe('');
    expect(seen.bodyInnerText).not.toContain('Injection Lens');
    expect(seen.htmlInnerText).not.toContain('Injection Lens');
    expect(seen.bodyInnerText).not.toContain('AX-DISPLAY-NONE');
    // The page's `[data-injection-lens] { display: none !important }` loses to our inline !important.
    expect(seen.hostDisplay).toBe('block');
    expect(seen.panelOnTop).toBe(true);
    const texts = await allTextsPierced(page);
    expect(texts).toContain('Injection Lens — hidden text');
    expect(texts.some((t) => t.includes('AX-DISPLAY-NONE') && t.includes('attacker.example/collect'))).toBe(true);
    mkdirSync(join(REPO, 'test/artifacts'), { recursive: true });
    await page.screenshot({ path: join(REPO, 'test/artifacts/show-in-page.png') });
    await page.close();
  });

  it('show: unknown segment id fails softly', async () => {
    const { page } = await openScanned();
    const result = await act(page, { kind: 'show', segmentId: 987654 }, []);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/no longer/);
    await page.close();
  });

  it('reveal-all: badges name the hiding technique of each hidden segment', async () => {
    const { page, flagged } = await openScanned();
    const result = await act(page, { kind: 'reveal-all' }, flagged);
    expect(result.ok).toBe(true);
    expect(result.count).toBeGreaterThanOrEqual(3);
    const texts = (await allTextsPierced(page)).join('\n');
    expect(texts).toContain('[HIDDEN: display-none]');
    expect(texts).toMatch(/\[HIDDEN: [^\]]*opacity[^\]]*\] AX-OPACITY/);
    expect(texts).toMatch(/\[HIDDEN: [^\]]*off-screen[^\]]*\] AX-OFFSCREEN/);
    expect(texts).toMatch(/\[HIDDEN: comment\] AX-COMMENT/);
    // Outlines follow the layout when the window changes size.
    const before = await boxStyles(page);
    expect(before.length).toBeGreaterThanOrEqual(2);
    await page.setViewportSize({ width: 500, height: 700 });
    await expect.poll(async () => (await boxStyles(page)).join('|'), { timeout: 3_000 }).not.toBe(before.join('|'));
    await page.close();
  });

  it('neutralise: flagged nodes blank or gone, invisible characters stripped, the rest intact', async () => {
    const { page, flagged } = await openScanned();
    const result = await act(page, { kind: 'neutralise' }, flagged);
    expect(result.ok).toBe(true);
    expect(result.count).toBeGreaterThanOrEqual(6);
    const after = await page.evaluate(() => ({
      html: document.documentElement.outerHTML,
      hidden: document.getElementById('hidden-block')!.textContent,
      mixed: document.getElementById('mixed')!.textContent,
      alt: document.getElementById('pic')!.hasAttribute('alt'),
      zw: document.getElementById('zw')!.textContent,
      intro: document.getElementById('intro')!.textContent,
      outro: document.getElementById('outro')!.textContent,
      comments: document.evaluate('count(//comment())', document, null, XPathResult.NUMBER_TYPE).numberValue,
    }));
    expect(after.html).not.toContain('AX-');
    expect(after.hidden).toBe('');
    expect(after.mixed).toBe('Fresh tulip bulbs arrive in spring. ');
    expect(after.alt).toBe(false);
    expect(after.zw).toBe('Compost is on sale this week.');
    expect(after.intro).toBe('We sell seeds, tools and compost. Opening hours are nine to five.');
    expect(after.outro).toBe('Thank you for visiting.');
    expect(after.comments).toBe(0);
    // A fresh scan finds nothing of the payloads.
    const rescanned = await page.evaluate(async () => {
      const api = (window as unknown as { __injectionLens: Api }).__injectionLens;
      return (await api.scanDocument(document)).segments.map((s) => s.raw).join('\n');
    });
    expect(rescanned).not.toContain('AX-');
    expect(rescanned).not.toMatch(/\u200B|\u200D/);
    await page.close();
  });

  it('clean-copy: page text without flagged passages or invisible characters, with a note', async () => {
    const { page, flagged } = await openScanned();
    const result = await act(page, { kind: 'clean-copy' }, flagged);
    expect(result.ok).toBe(true);
    const text = result.text!;
    expect(text).toContain('Welcome to the garden shop');
    expect(text).toContain('We sell seeds, tools and compost.');
    expect(text).toContain('Fresh tulip bulbs arrive in spring.');
    expect(text).toContain('Compost is on sale this week.');
    expect(text).toContain('Thank you for visiting.');
    expect(text).not.toContain('AX-');
    expect(text).not.toContain('attacker.example');
    expect(text).not.toMatch(/[\u200B-\u200F]/);
    expect(text).toMatch(new RegExp(`\\[Injection Lens removed ${flagged.length} suspicious passages: .*HTML comment.*attribute alt`));
    // Blocks keep their order.
    expect(text.indexOf('Welcome')).toBeLessThan(text.indexOf('Thank you'));
    // The live page is untouched by a copy.
    const still = await page.evaluate(() => document.getElementById('hidden-block')!.textContent);
    expect(still).toContain('AX-DISPLAY-NONE');
    await page.close();
  });

  it('clear: after show and reveal-all the DOM serialises exactly as before', async () => {
    const { page, flagged } = await openScanned();
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    await act(page, { kind: 'reveal-all' }, flagged);
    await act(page, { kind: 'show', segmentId: flagged[0] }, flagged);
    const during = await page.evaluate(() => document.documentElement.outerHTML);
    expect(during).not.toBe(before);
    const result = await act(page, { kind: 'clear' }, flagged);
    expect(result).toMatchObject({ ok: true, count: 1 });
    const after = await page.evaluate(() => document.documentElement.outerHTML);
    expect(after).toBe(before);
    await page.close();
  });
});
