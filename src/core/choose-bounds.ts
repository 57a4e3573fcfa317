/**
 * Pieces of one page a lazy scan sends for choosing (core/choose-blocks.ts), at most: the content script stops there
 * (then only pieces the rules flag or that carry smuggled text) and the message validator cuts there. A module of its
 * own so the message layer, which every extension page loads, does not pull in the rules.
 */
export const MAX_PIECES_TO_CHOOSE = 10_000;
