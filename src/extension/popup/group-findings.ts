import type { Finding, HidingReason, Severity } from '../../core/types';

export const SEVERITY_ORDER: Severity[] = ['high', 'medium', 'low'];

/** Findings by severity, most severe first, each group by descending score. Empty groups are left out. */
export function groupFindings(findings: readonly Finding[]): { severity: Severity; findings: Finding[] }[] {
  return SEVERITY_ORDER.map((severity) => ({
    severity,
    findings: findings.filter((f) => f.severity === severity).sort((a, b) => b.score - a.score),
  })).filter((g) => g.findings.length > 0);
}

const HIDING_LABELS: Record<HidingReason, string> = {
  'display-none': 'display: none',
  'visibility-hidden': 'visibility: hidden',
  opacity: 'transparent (opacity)',
  'tiny-font': 'tiny font',
  'low-contrast': 'same colour as background',
  'off-screen': 'positioned off-screen',
  clipped: 'clipped away',
  'zero-size': 'zero size',
  'transform-scale': 'scaled to nothing',
  'text-indent': 'pushed out by text-indent',
  'hidden-attribute': 'hidden attribute',
  'closed-details': 'inside closed <details>',
  'aria-hidden': 'aria-hidden',
  'content-visibility': 'content-visibility: hidden',
  covered: 'covered by another element',
  'not-rendered': 'never rendered (markup only)',
  'invisible-unicode': 'invisible Unicode characters',
};

/** Human wording for a hiding technique. */
export function hidingLabel(reason: HidingReason): string {
  return HIDING_LABELS[reason] ?? reason;
}

/** Score 0..1 as a whole percentage. */
export function percent(score: number): string {
  return `${Math.round(Math.max(0, Math.min(1, score)) * 100)}%`;
}
