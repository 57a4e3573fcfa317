/**
 * The detectors the bench puts side by side, each behind one interface: flag a batch of texts, and flag one
 * text (for latency). Peers are npm packages that detect prompt injection offline (dev dependencies used
 * only here); each is called the way its README says, with its default settings.
 */
import type { TextClassifier } from '../../src/model/classifier';
import { scoreTexts } from '../../src/cli/score-texts';

export interface TextDetector {
  name: string;
  /** How it was called, for the report. */
  how: string;
  flagMany(texts: string[]): Promise<boolean[]>;
  flagOne(text: string): Promise<boolean>;
}

export function oursDetector(classifier: TextClassifier | null): TextDetector {
  return {
    name: classifier ? `injection-lens ${classifier.version} (model + rules)` : 'injection-lens (rules only)',
    how: classifier
      ? `scoreTexts (= \`classify\`), flagged at the shipped threshold ${classifier.threshold}`
      : 'scoreTexts with no model (= `classify --no-model`)',
    async flagMany(texts) {
      const out: boolean[] = [];
      for (let i = 0; i < texts.length; i += 256) {
        for (const v of await scoreTexts(texts.slice(i, i + 256), classifier)) out.push(v.flagged);
      }
      return out;
    },
    async flagOne(text) {
      return (await scoreTexts([text], classifier))[0].flagged;
    },
  };
}

/** Loads the peers that are installed; a missing one is reported, not fatal. */
export async function peerDetectors(note: (s: string) => void): Promise<TextDetector[]> {
  const peers: TextDetector[] = [];
  try {
    const mod = (await import('@andersmyrmel/vard')) as unknown as {
      vard: { moderate(): { maxLength(n: number): { safeParse(s: string): { safe: boolean } } } };
    };
    // Default preset ("moderate", threshold 0.7); maxLength raised so long texts are judged, not refused.
    const check = mod.vard.moderate().maxLength(10_000_000);
    const flag = (t: string) => !check.safeParse(t).safe;
    peers.push({
      name: '@andersmyrmel/vard 1.2.0',
      how: 'vard.moderate().safeParse(text).safe === false',
      flagMany: async (texts) => texts.map(flag),
      flagOne: async (t) => flag(t),
    });
  } catch (err) {
    note(`@andersmyrmel/vard unavailable: ${(err as Error).message}`);
  }
  try {
    // No type declarations ship with it; the specifier is a variable so tsc does not look for them.
    const guardrailName = 'llm_guardrail';
    const mod = (await import(guardrailName)) as unknown as {
      checkInjection(s: string): Promise<{ detected: boolean }>;
      checkAll(s: string): Promise<{ allowed: boolean; injection: { detected: boolean }; jailbreak: { detected: boolean } }>;
    };
    peers.push({
      name: 'llm_guardrail 2.1.2 (checkInjection)',
      how: '(await checkInjection(text)).detected',
      flagMany: async (texts) => Promise.all(texts.map(async (t) => (await mod.checkInjection(t)).detected)),
      flagOne: async (t) => (await mod.checkInjection(t)).detected,
    });
    const either = async (t: string) => {
      const r = await mod.checkAll(t);
      return r.injection.detected || r.jailbreak.detected;
    };
    peers.push({
      name: 'llm_guardrail 2.1.2 (injection or jailbreak)',
      how: 'checkAll(text): injection.detected || jailbreak.detected',
      flagMany: async (texts) => Promise.all(texts.map(either)),
      flagOne: either,
    });
  } catch (err) {
    note(`llm_guardrail unavailable: ${(err as Error).message}`);
  }
  try {
    const { LLMGuard } = (await import('llm-guard')) as unknown as {
      LLMGuard: new (cfg: Record<string, boolean>) => { validate(s: string): Promise<{ isValid: boolean }> };
    };
    // Only its injection and jailbreak guards: PII/profanity/toxicity/relevance would flag benign text for other reasons.
    const guard = new LLMGuard({ promptInjection: true, jailbreak: true, pii: false, profanity: false, relevance: false, toxicity: false });
    const flag = async (t: string) => !(await guard.validate(t)).isValid;
    peers.push({
      name: 'llm-guard 0.1.9',
      how: 'new LLMGuard({promptInjection, jailbreak}).validate(text).isValid === false',
      flagMany: async (texts) => Promise.all(texts.map(flag)),
      flagOne: flag,
    });
  } catch (err) {
    note(`llm-guard unavailable: ${(err as Error).message}`);
  }
  try {
    const mod = (await import('llmverify')) as unknown as { isInputSafe(s: string): boolean };
    const isInputSafe = mod.isInputSafe ?? (mod as unknown as { default: { isInputSafe(s: string): boolean } }).default.isInputSafe;
    peers.push({
      name: 'llmverify 1.6.1',
      how: 'isInputSafe(text) === false',
      flagMany: async (texts) => texts.map((t) => !isInputSafe(t)),
      flagOne: async (t) => !isInputSafe(t),
    });
  } catch (err) {
    note(`llmverify unavailable: ${(err as Error).message}`);
  }
  return peers;
}

/**
 * Peers looked at and left out, with why (said in the report). Searched the npm registry's package list
 * for offline prompt-injection detectors; services that call a remote API (e.g. Arcjet, OpenAI Guardrails)
 * do not run offline and are not listed.
 */
export const PEERS_LEFT_OUT = [
  '@presidio-dev/hai-guardrails 1.12.0: its heuristic injectionGuard crashes under Node here (its worker pool looks for a worker file at a path from the package build machine)',
  '@reactive-agents/guardrails, aidefence, @claude-flow/aidefence: part of larger agent frameworks / servers (effect runtime, express server); not installed',
];
