/**
 * Texts → classify results, batched through the model: what `classify` prints for each valid line, and
 * what the bench measures as "ours" (so the bench scores exactly what the CLI would say).
 */
import { readAsAgent } from '../core/agent-text';
import { scoreText } from '../core/analyse';
import type { TextClassifier } from '../model/classifier';
import { RULES_ONLY_THRESHOLD } from './judge-page';

/** Longer texts are scored on their first this-many chars (a JSONL line is a text, not a book). */
export const MAX_CLASSIFY_TEXT_CHARS = 100_000;

export interface TextVerdict {
  score: number;
  flagged: boolean;
  reasons: string[];
}

/** The cut-off `flagged` uses: the shipped model's threshold, or the rules' own when there is no model. */
export function flagThreshold(classifier: TextClassifier | null): number {
  return classifier?.threshold ?? RULES_ONLY_THRESHOLD;
}

export async function scoreTexts(texts: readonly string[], classifier: TextClassifier | null): Promise<TextVerdict[]> {
  const agentTexts = texts.map((t) => readAsAgent(t.slice(0, MAX_CLASSIFY_TEXT_CHARS)).text);
  const modelScores = classifier && agentTexts.length > 0 ? await classifier.score(agentTexts) : null;
  const threshold = flagThreshold(classifier);
  return agentTexts.map((text, i) => {
    const result = scoreText(text, modelScores ? modelScores[i] : null);
    return { score: result.score, flagged: result.score >= threshold, reasons: result.reasons };
  });
}
