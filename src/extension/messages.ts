/**
 * The one message protocol between extension contexts. Every message is named by its sender context
 * ('content:', 'popup:', 'background:', 'offscreen:', 'options:', 'samples:') and typed end to end:
 * `Protocol[name]` is `(payload) => response`.
 *
 * Owned by the extension layer. Payloads that carry page-derived text are validated and size-bounded
 * by `validate*` functions in this module before any handler touches them.
 */
import type { PageReport, Segment } from '../core/types';

/** What the popup shows for one tab. */
export type TabStatus = 'idle' | 'scanning' | 'done' | 'error' | 'restricted';
export interface TabState {
  tabId: number;
  url: string;
  status: TabStatus;
  report: PageReport | null;
  error: string | null;
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

export interface ContentReport {
  url: string;
  segments: Segment[];
  closedShadowRoots: number;
  timings: Record<string, number>;
  /** true when this replaces the frame's previous segments (full scan), false when it adds to them (mutations). */
  full: boolean;
}

export interface Protocol {
  'content:report'(r: ContentReport): void;
  'popup:get-tab-state'(p: { tabId: number }): TabState;
  'popup:scan'(p: { tabId: number }): TabState;
  'popup:act'(p: { tabId: number; action: PageAction }): ActionResult;
  'popup:check-text'(p: { text: string }): PageReport;
  'background:scan-now'(p: Record<string, never>): void;
  'background:act'(p: { action: PageAction; flagged: number[] }): ActionResult;
  'background:classify'(p: { texts: string[] }): { scores: number[]; version: string } | { error: string };
  'offscreen:ready'(p: { ok: boolean; error?: string }): void;
}

export type MessageName = keyof Protocol;
export type Payload<N extends MessageName> = Parameters<Protocol[N]>[0];
export type Reply<N extends MessageName> = ReturnType<Protocol[N]>;
export interface Envelope<N extends MessageName = MessageName> {
  /** Addressing: listeners ignore envelopes whose `to` is not theirs. */
  to: 'background' | 'content' | 'offscreen' | 'popup';
  name: N;
  payload: Payload<N>;
}
