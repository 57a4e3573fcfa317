/** Dataset composition shared by training and evaluation (the eval rebuilds the exact same split). */
export const DATASET_OPTIONS = { embedPerAttack: 2, augmentRate: 0.6, synthetic: 3000, hardNegativeWeight: 1.5 };
