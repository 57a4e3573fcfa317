/**
 * The one message protocol between extension contexts. Every message is named by its sender context
 * ('content:', 'popup:', 'background:', 'offscreen:', 'options:', 'samples:') and typed end to end:
 * `Protocol[name]` is `(payload) => response`.
 *
 * Owned by the extension layer. Payloads that carry page-derived text are validated and size-bounded
 * by `validate*` functions in this module before any handler touches them.
 */
import type { ActionResult, PageAction, PageReport, Segment } from '../core/types';

export type { ActionResult, PageAction };

/** What the popup shows for one tab. */
export type TabStatus = 'idle' | 'scanning' | 'done' | 'error' | 'restricted';
export interface TabState {
  tabId: number;
  url: string;
  status: TabStatus;
  report: PageReport | null;
  error: string | null;
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
