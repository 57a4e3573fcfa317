import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../core/rules';
import { makeRng } from './rng';
import { synthInjection } from './synth-injections';
import { synthTriggerBenign, TRIGGER_WORDS } from './synth-trigger-benign';

const draw = (n: number, seed = 7) => {
  const rng = makeRng(seed);
  return Array.from({ length: n }, () => synthTriggerBenign(rng));
};

describe('synthTriggerBenign', () => {
  it('is deterministic for a seed and varied across draws', () => {
    expect(draw(50)).toEqual(draw(50));
    const texts = draw(2000);
    expect(new Set(texts).size).toBeGreaterThan(1500);
  });

  it('uses every trigger word it lists, in texts with no template slot left unfilled', () => {
    const texts = draw(3000);
    for (const t of texts) expect(t).not.toMatch(/\{[A-Z_0-9]+\}/);
    const joined = texts.join('\n').toLowerCase();
    for (const w of TRIGGER_WORDS) expect(joined, w).toContain(w);
  });

  it('does not share text with the synthetic injections', () => {
    const rng = makeRng(3);
    const attacks = new Set(Array.from({ length: 3000 }, () => synthInjection(rng)));
    for (const t of draw(3000)) expect(attacks.has(t)).toBe(false);
  });

  it('stays below the strong rule families (it is benign by construction, the rules agree)', () => {
    const strong = draw(2000).filter((t) => evaluateRules(t).some((h) => h.weight >= 0.7));
    expect(strong.length / 2000).toBeLessThan(0.01);
  });
});
