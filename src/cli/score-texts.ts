/**
 * Texts → classify results, batched through the model: what `classify` prints for each valid line, and
 * what the bench measures as "ours" (so the bench scores exactly what the CLI would say).
 */
import { readAsAgent } from '../core/agent-text';
import { MODERATE_RULE_SCORE, RULES_ONLY_PENALTY, scoreText } from '../core/analyse';
import type { TextClassifier } from '../model/classifier';
import { RULES_ONLY_THRESHOLD } from './judge-page';

/** Longer texts are scored on their first this-many chars (a JSONL line is a text, not a book). */
export const MAX_CLASSIFY_TEXT_CHARS = 100_000;

export interface TextVerdict {
  score: number;
  flagged: boolean;
  reasons: string[];
}

/**
 * `flagged` = the text reads like an instruction to an agent, by the same cut-offs the page verdict uses
 * (core's "moderate" content): the classifier past its shipped threshold (scoreText then gives the reason
 * 'model'), or the rules alone at the moderate level (a little higher without a model, as in core).
 * The fused `score` is a noisy-or of both and is not compared with the model's threshold directly.
 */
export function isFlagged(reasons: readonly string[], ruleScore: number, hasModel: boolean): boolean {
  return reasons.includes('model') || ruleScore >= MODERATE_RULE_SCORE + (hasModel ? 0 : RULES_ONLY_PENALTY);
}

export async function scoreTexts(texts: readonly string[], classifier: TextClassifier | null): Promise<TextVerdict[]> {
  const agentTexts = texts.map((t) => readAsAgent(t.slice(0, MAX_CLASSIFY_TEXT_CHARS)).text);
  const modelScores = classifier && agentTexts.length > 0 ? await classifier.score(agentTexts) : null;
  const threshold = classifier?.threshold ?? RULES_ONLY_THRESHOLD;
  return agentTexts.map((text, i) => {
    const result = scoreText(text, modelScores ? modelScores[i] : null, { threshold, sensitivity: 'balanced' });
    return { score: result.score, flagged: isFlagged(result.reasons, result.ruleScore, classifier !== null), reasons: result.reasons };
  });
}
