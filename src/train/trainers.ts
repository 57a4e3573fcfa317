/** Candidate → trainer returning a scorer, so recipes (main, leave-one-family-out) need not know the architecture. */
import type { Candidate } from './candidates';
import type { Trainer } from './lofo';
import { scoreTexts, trainBag } from './train-bag';

export function trainerFor(c: Candidate, opts: { seed: number; epochs?: number; log?: (s: string) => void }): Trainer {
  return (train) => {
    const model = trainBag(train, c.featuriser, { ...c.train, epochs: opts.epochs ?? c.train.epochs, seed: opts.seed, log: opts.log });
    return (texts) => scoreTexts(model, c.featuriser, texts);
  };
}
