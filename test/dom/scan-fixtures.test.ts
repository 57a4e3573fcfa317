/**
 * Every fixture page in test/fixtures/scan declares the segments it must yield (NAME.expected.json):
 * source, hiding reasons, visibility, frame, grouping. One browser, one page per fixture.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from '../helpers/browser';
import { REPO, checkSegment, fixtureNames, readExpectation, scanPage, type PageScan } from '../fixtures/scan/harness';
import { scanSuite } from '../fixtures/scan/suite';

describe.skipIf(!hasChromium)('scanner fixtures', () => {
  const suite = scanSuite();
  const scans = new Map<string, PageScan>();

  async function scanFixture(name: string): Promise<PageScan> {
    const hit = scans.get(name);
    if (hit) return hit;
    const page: Page = await suite.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(suite.url(`${name}.html`), { waitUntil: 'load' });
    const exp = readExpectation(name);
    if (exp.settleMs) await page.waitForTimeout(exp.settleMs);
    const scan = await scanPage(page);
    await page.close();
    expect(errors).toEqual([]);
    scans.set(name, scan);
    return scan;
  }

  for (const name of fixtureNames()) {
    const exp = readExpectation(name);
    describe(`${name}: ${exp.title}`, () => {
      for (const seg of exp.segments) {
        it(`${seg.none ? 'no ' + (seg.source ?? '') + ' segment: ' : ''}${seg.contains}${seg.hidden ? ' [' + seg.hidden.join(',') + ']' : ''}`, async () => {
          const scan = await scanFixture(name);
          expect(checkSegment(scan.segments, seg)).toEqual([]);
        });
      }
      if (exp.absent?.length) {
        it('leaves out what an agent would not read as text', async () => {
          const scan = await scanFixture(name);
          for (const a of exp.absent!) expect(scan.segments.filter((s) => s.text.includes(a)).map((s) => s.selector)).toEqual([]);
        });
      }
      if (exp.benign) {
        // Quiet once the rules exist (src/core/analyse.ts, the core helper's): hidden is not suspicious.
        it.skipIf(!existsSync(join(REPO, 'src/core/analyse.ts')))('stays clean under the rules (benign look-alike)', async () => {
          const { analyseSegments } = (await import(/* @vite-ignore */ join(REPO, 'src/core/analyse.ts'))) as {
            analyseSegments: (s: unknown[], m: null, o: object) => { verdict: string; findings: { text: string }[] };
          };
          const r = analyseSegments((await scanFixture(name)).segments, null, { threshold: 0.5, sensitivity: 'balanced' });
          expect(r.verdict, JSON.stringify(r.findings.map((f) => f.text.slice(0, 80)))).toBe('clean');
        });
      }
      if (exp.closedShadowRoots !== undefined) {
        it(`counts ${exp.closedShadowRoots} possibly closed shadow root(s)`, async () => {
          expect((await scanFixture(name)).closedShadowRoots).toBe(exp.closedShadowRoots);
        });
      }
    });
  }
});
