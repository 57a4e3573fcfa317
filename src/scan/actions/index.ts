/**
 * The page actions the person can ask for — the only code in the scanner that changes the DOM:
 *
 *   show        scroll to a segment, outline it, reveal its text in our panel (closed shadow root)
 *   reveal-all  outline + "[HIDDEN: technique]" badge on every hidden segment (teaching)
 *   neutralise  blank/remove flagged nodes, strip invisible characters (until reload)
 *   clean-copy  page text minus flagged passages and invisible characters, plus a note → returned as text
 *   clear       remove our overlays: the DOM is exactly as before (neutralise aside)
 *
 * Never throws into the page: failures come back as `{ok: false, error}`.
 */
import { assembleCleanCopy } from '../../core/clean-copy';
import type { ActionResult, PageAction } from '../../core/types';
import { neutralise } from './neutralise';
import { removeOverlays } from './overlay-layer';
import { pageText } from './page-text';
import { revealAll } from './reveal-all';
import { showSegment } from './show-segment';

export { HIDDEN_PANEL_TITLE, FLAGGED_PANEL_TITLE } from './show-segment';

export async function runPageAction(
  action: PageAction,
  flaggedSegmentIds: number[],
  doc: Document = document,
): Promise<ActionResult> {
  try {
    const flagged = Array.isArray(flaggedSegmentIds) ? flaggedSegmentIds.filter((id) => Number.isInteger(id)) : [];
    switch (action?.kind) {
      case 'show':
        return showSegment(action.segmentId, doc);
      case 'reveal-all':
        return { ok: true, count: await revealAll(flagged, doc) };
      case 'neutralise':
        return { ok: true, count: neutralise(flagged, doc) };
      case 'clean-copy': {
        const { blocks, removed } = pageText(flagged, doc);
        return { ok: true, text: assembleCleanCopy({ blocks, removed }), count: removed.length };
      }
      case 'clear':
        return { ok: true, count: removeOverlays(doc) };
      default:
        return { ok: false, error: 'unknown action' };
    }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
