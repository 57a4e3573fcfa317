/**
 * Shared data shapes of the detector. Every layer speaks these; nothing here touches the DOM,
 * extension APIs or onnxruntime, so the same records flow from the content script, the CLI and training.
 */

/** Where a piece of text came from in the document. */
export type SourceKind =
  | 'text' // rendered text content of an element block
  | 'attribute' // alt, title, aria-label, aria-description, placeholder, data-*
  | 'input-value' // value of a hidden or other input
  | 'comment' // HTML comment
  | 'meta' // <meta> description / Open Graph / Twitter
  | 'noscript'
  | 'template' // <template> content
  | 'script-data' // JSON-LD and other non-executing <script type=...> blocks
  | 'textarea'
  | 'svg' // <title>, <desc>, <text> inside SVG
  | 'selection' // text the person selected ("Check selected text")
  | 'plain'; // a bare text input (CLI classify, tests)

/** How a piece of text is kept from a human reader. Hidden is not suspicious on its own. */
export type HidingReason =
  | 'display-none'
  | 'visibility-hidden'
  | 'opacity'
  | 'tiny-font'
  | 'low-contrast'
  | 'off-screen'
  | 'clipped'
  | 'zero-size'
  | 'transform-scale'
  | 'text-indent'
  | 'hidden-attribute'
  | 'closed-details'
  | 'aria-hidden'
  | 'content-visibility'
  | 'covered'
  | 'not-rendered' // comments, attributes, meta, template, script data: never painted
  | 'invisible-unicode'; // carried by tag characters / zero-width / variation selectors

/** Whether a human sees the text: visible, hidden by style/markup, or never rendered at all. */
export type Visibility = 'visible' | 'hidden' | 'not-rendered';

/** What invisible-Unicode decoding found in a string. */
export interface InvisibleReport {
  /** Count of invisible / formatting characters removed for reading. */
  removed: number;
  /** Kinds present, e.g. 'tag', 'zero-width', 'bidi', 'variation-selector', 'soft-hyphen', 'filler'. */
  kinds: string[];
  /** ASCII smuggled in Unicode tag characters (U+E0000–E007F) or variation-selector byte carriers, if any. */
  decoded: string;
}

/** One block of text as an agent would read it, with where it is and how it is hidden. */
export interface Segment {
  /** Unique within one scan. */
  id: number;
  /** Text as an agent would read it: invisible characters stripped, smuggled text decoded and appended. */
  text: string;
  /** Original snippet (bounded), invisible characters kept. */
  raw: string;
  source: SourceKind;
  /** Attribute name for 'attribute'/'meta' sources, tag name otherwise. */
  detail?: string;
  hidden: HidingReason[];
  visibility: Visibility;
  /** CSS selector path to the element (or the comment's parent element). */
  selector: string;
  /** '' for the top document; otherwise a selector path of the iframe chain, joined by ' >> '. */
  frame: string;
  /** Length of `text` in UTF-16 units before any truncation. */
  length: number;
  invisible: InvisibleReport;
}

/** One rule that matched a text. */
export interface RuleHit {
  /** Stable id, e.g. 'override-instructions'. */
  id: string;
  /** Human explanation shown in the popup. */
  label: string;
  /** Contribution in 0..1. */
  weight: number;
  /** The matched excerpt (bounded). */
  match: string;
}

export type Severity = 'low' | 'medium' | 'high';
export type Verdict = 'clean' | 'suspicious' | 'injected';

/** A segment judged worth showing. */
export interface Finding {
  segmentId: number;
  text: string;
  raw: string;
  /** Fused score 0..1 (model × rules × hiddenness). */
  score: number;
  /** Classifier probability, or null when the model was unavailable. */
  modelScore: number | null;
  /** Rule score 0..1. */
  ruleScore: number;
  severity: Severity;
  rules: RuleHit[];
  hidden: HidingReason[];
  visibility: Visibility;
  source: SourceKind;
  detail?: string;
  selector: string;
  frame: string;
  invisible: InvisibleReport;
}

export type ModelStatus = 'ready' | 'loading' | 'unavailable';

/** The result of scanning one page. */
export interface PageReport {
  url: string;
  verdict: Verdict;
  /** Highest finding score, 0 when none. */
  score: number;
  findings: Finding[];
  segmentCount: number;
  /** Number of closed shadow roots we know exist but cannot read (said in the UI, not hidden). */
  closedShadowRoots: number;
  modelStatus: ModelStatus;
  modelVersion: string | null;
  /** Milliseconds per stage, e.g. {extract, rules, model, total}. */
  timings: Record<string, number>;
  scannedAt: number;
}

/** Things the person can ask the page to do. Only these change the DOM. */
export type PageAction =
  | { kind: 'show'; segmentId: number } // scroll to it, outline it, reveal hidden text in an overlay
  | { kind: 'reveal-all' } // mark every hidden segment (teaching mode)
  | { kind: 'neutralise' } // remove/blank flagged nodes, strip invisible chars, until reload
  | { kind: 'clean-copy' } // page text as an agent reads it, minus flagged spans → returned to the caller
  | { kind: 'clear' }; // remove our overlays/outlines

export interface ActionResult {
  ok: boolean;
  /** For 'clean-copy': the cleaned text. */
  text?: string;
  /** How many nodes/segments were affected. */
  count?: number;
  error?: string;
}
