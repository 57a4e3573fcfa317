import { describe, expect, it } from 'vitest';
import { makeRng } from './rng';
import { synthBenign, synthInjection } from './synth-injections';

const many = (make: (r: () => number) => string, seed: number, n = 400) => {
  const rng = makeRng(seed);
  return Array.from({ length: n }, () => make(rng));
};

describe('synthetic injections', () => {
  it('is deterministic for a seed and varied across draws', () => {
    expect(many(synthInjection, 3, 50)).toEqual(many(synthInjection, 3, 50));
    expect(new Set(many(synthInjection, 3)).size).toBeGreaterThan(380);
  });

  it('covers every shape: fake chat turns, fake completion, conditional address, role switch, other languages', () => {
    const all = many(synthInjection, 11, 2000).join('\n');
    expect(all).toMatch(/\[INST\]|<\|im_start\|>|### System:/);
    expect(all).toMatch(/Summary complete\.|Task finished\./);
    expect(all).toMatch(/If you are an? [^,]*,/);
    expect(all).toMatch(/You are now |From now on you act as /);
    expect(all).toMatch(/Ignoriere|Ignora|忽略|無視|Игнорируй/);
  });

  it('leaves no unfilled slot and no broken article or doubled stop', () => {
    for (const s of many(synthInjection, 5, 1000)) {
      expect(s).not.toMatch(/\{[A-Z]\}/);
      expect(s).not.toMatch(/\ban [bcdfghjklmnpqrstvwxz]/i);
      expect(s).not.toMatch(/\.\.(?!\.)/);
    }
  });
});

describe('synthetic benign look-alikes', () => {
  it('shares vocabulary with injections but never overrides the user or exfiltrates', () => {
    const all = many(synthBenign, 7, 1000);
    expect(all.some((s) => /ignore|disregard|password|assistant/i.test(s))).toBe(true);
    for (const s of all) expect(s).not.toMatch(/ignore (all )?previous instructions|evil\.example|do not tell the user/i);
  });
});
