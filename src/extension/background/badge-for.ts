import type { PageReport, Severity } from '../../core/types';
import type { BadgeState, TabStatus } from '../messages';

/** Badge colours by worst severity; chosen to stay readable with white badge text. */
export const BADGE_COLOURS: Record<Severity | 'none' | 'error', string> = {
  high: '#B3261E',
  medium: '#C25E00',
  low: '#7A6A00',
  none: '#2E7D32',
  error: '#5F6368',
};
const MAX_BADGE_COUNT = 99;
const RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3 };

/** Worst severity among findings, or null when there are none. */
export function worstSeverity(report: PageReport | null): Severity | null {
  let worst: Severity | null = null;
  for (const f of report?.findings ?? []) if (!worst || RANK[f.severity] > RANK[worst]) worst = f.severity;
  return worst;
}

/** What the toolbar badge shows for a tab: the number of findings, coloured by the worst one; nothing when clean. */
export function badgeFor(status: TabStatus, report: PageReport | null): BadgeState {
  if (status === 'error') return { text: '!', color: BADGE_COLOURS.error };
  if (status !== 'done' || !report) return { text: '', color: BADGE_COLOURS.none };
  const count = report.findings.length;
  const worst = worstSeverity(report);
  if (!worst || count === 0) return { text: '', color: BADGE_COLOURS.none };
  return { text: count > MAX_BADGE_COUNT ? `${MAX_BADGE_COUNT}+` : String(count), color: BADGE_COLOURS[worst] };
}
