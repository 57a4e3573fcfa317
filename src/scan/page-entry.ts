/**
 * The scanner as a classic script for pages the extension does not own: the CLI and the DOM tests
 * inject this bundle and call `window.__injectionLens`. Same code as the content script uses.
 */
import { scanDocument, scanSubtrees } from './scan-document';
import { quickText } from './quick-text';
import { scanLazily } from './scan-lazily';
import { runPageAction } from './actions';
import { watchMutations } from './watch-mutations';
import { getSegmentTarget } from './segment-registry';

const api = { scanDocument, scanSubtrees, scanLazily, quickText, runPageAction, watchMutations, getSegmentTarget };
(globalThis as unknown as { __injectionLens: typeof api }).__injectionLens = api;
export type PageApi = typeof api;
