/**
 * The shipped classifier, or null with a reason: the CLI then scores with rules only and says so on stderr,
 * rather than failing (a missing model file must not stop a scan).
 */
import type { TextClassifier } from '../model/classifier';

export interface ClassifierChoice {
  classifier: TextClassifier | null;
  /** Why the model is not used (shown on stderr), or null when it is. */
  note: string | null;
  loadMs: number;
}

export async function loadClassifier(noModel: boolean, modelsDir?: string): Promise<ClassifierChoice> {
  const start = performance.now();
  if (noModel) return { classifier: null, note: 'model disabled (--no-model): rules only', loadMs: 0 };
  try {
    const { loadShippedClassifier } = await import('../model/load-node');
    const classifier = await loadShippedClassifier(modelsDir);
    return { classifier, note: null, loadMs: performance.now() - start };
  } catch (err) {
    const why = (err as Error).message?.split('\n')[0] ?? String(err);
    return { classifier: null, note: `model unavailable (${why}): rules only`, loadMs: performance.now() - start };
  }
}
