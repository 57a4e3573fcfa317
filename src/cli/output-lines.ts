/**
 * The JSON lines the CLI prints. Field names and order are a public contract (DESIGN.md, "Contracts the
 * rest of the world relies on"): add optional fields at the end only, never rename or reorder.
 */
import type { Finding, HidingReason, Segment, Severity, SourceKind, Verdict, Visibility } from '../core/types';

/** Findings carry at most this much text on a line (the finding's own cap may be lower). */
export const MAX_FINDING_TEXT_CHARS = 2_000;

export interface FindingLine {
  text: string;
  score: number;
  severity: Severity;
  hidden: HidingReason[];
  source: SourceKind;
  selector: string;
}

/** `{"input","verdict","score","findings","timings"}` + optional extras after them. */
export interface ScanLine {
  input: string;
  verdict: Verdict;
  score: number;
  findings: FindingLine[];
  timings: Record<string, number>;
  /** Extra: model version used, or null when scored by rules only. */
  model: string | null;
  /** Extra: segments the scanner read, closed shadow roots it could not, whether a cap was hit. */
  segments: number;
  closedShadowRoots: number;
  truncated: boolean;
  /** Extra: final URL when it differs from the input (redirects; local files' made-up origin is not shown). */
  url?: string;
  /** Extra, with --segments: every text block the scanner read, in document order. */
  segmentTexts?: SegmentLine[];
}

/** One text block as the scanner read it (`scan --segments`): what an agent reads, and how it is kept from a person. */
export interface SegmentLine {
  text: string;
  source: SourceKind;
  hidden: HidingReason[];
  visibility: Visibility;
  selector: string;
}

/** `{"input","error","verdict":null,"score":null,"findings":[],"timings":{"total"}}`. */
export interface ScanErrorLine {
  input: string;
  /** "<code>: <message>"; codes: missing, unreadable, not-html, too-large, bad-url, navigation, timeout, crash, scan. */
  error: string;
  verdict: null;
  score: null;
  findings: [];
  timings: Record<string, number>;
}

export type ScanOutputLine = ScanLine | ScanErrorLine;

/** Three decimals are plenty for a probability or milliseconds, and keep lines short. */
export function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function boundText(text: string): string {
  return text.length > MAX_FINDING_TEXT_CHARS ? text.slice(0, MAX_FINDING_TEXT_CHARS - 1) + '…' : text;
}

export function findingLine(f: Finding): FindingLine {
  return {
    text: boundText(f.text),
    score: round3(f.score),
    severity: f.severity,
    hidden: [...f.hidden],
    source: f.source,
    selector: f.selector,
  };
}

export function segmentLine(s: Segment): SegmentLine {
  return { text: s.text, source: s.source, hidden: [...s.hidden], visibility: s.visibility, selector: s.selector };
}

export function scanErrorLine(input: string, error: string, totalMs: number): ScanErrorLine {
  return { input, error, verdict: null, score: null, findings: [], timings: { total: round3(totalMs) } };
}

/** `{"id","score","flagged","reasons"}` + optional extras. */
export interface ClassifyLine {
  id: string | number;
  score: number;
  flagged: boolean;
  reasons: string[];
}

/** `{"id","error","score":null,"flagged":null,"reasons":[]}`: one per line that could not be read. */
export interface ClassifyErrorLine {
  id: string | number;
  error: string;
  score: null;
  flagged: null;
  reasons: [];
}

export function classifyErrorLine(id: string | number, error: string): ClassifyErrorLine {
  return { id, error, score: null, flagged: null, reasons: [] };
}
