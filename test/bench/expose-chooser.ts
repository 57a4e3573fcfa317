/**
 * The page's `__ilChoose(texts, smuggled)`: the lazy scan's choice made in Node by the extension background's own code
 * (core/choose-blocks.ts) with the given classifier (null: rules and smuggling decide, as when the model is down).
 */
import type { Page } from 'playwright-core';
import { chooseBlocks, type BlockChoice } from '../../src/core/choose-blocks';
import type { TextClassifier } from '../../src/model/classifier';

export interface ChooserOptions {
  /** Answer with one flat list of indices (the chosen and every echo partner): bundles built before 7523f86 expect it. */
  flat?: boolean;
  /** Sees each choice (the benches count blocks and partners). */
  onChoice?: (choice: BlockChoice) => void;
}

export async function exposeChooser(page: Page, classifier: TextClassifier | null, opts: ChooserOptions = {}): Promise<void> {
  await page.exposeFunction('__ilChoose', async (texts: string[], smuggled: boolean[]) => {
    const scores = classifier && texts.length ? await classifier.score(texts) : null;
    const choice = chooseBlocks(texts, scores, smuggled, { threshold: classifier?.threshold ?? 0.5, sensitivity: 'balanced' });
    opts.onChoice?.(choice);
    if (!opts.flat) return choice;
    return [...new Set([...choice.chosen, ...choice.echoes.flatMap((e) => e.partners)])].sort((a, b) => a - b);
  });
}
