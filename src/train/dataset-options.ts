/** Dataset composition shared by training and evaluation (the eval rebuilds the exact same split). */
export const DATASET_OPTIONS = { embedPerAttack: 2, augmentRate: 0.6, synthetic: 3000, triggerBenign: 3000, hardNegativeWeight: 1.5 };
/** Share of validation page segments the shipped threshold may flag (the card reports test pages against ≤ 0.5%). */
export const PAGE_FPR_BUDGET = 0.004;
/** The over-defence target: NotInject (held-out part three) accuracy at the shipped threshold. */
export const NOTINJECT_TARGET = 0.9;
