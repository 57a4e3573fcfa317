/**
 * The one message protocol between extension contexts. Every message is named by its sender context
 * ('content:', 'popup:', 'background:', 'offscreen:', 'options:', 'samples:') and typed end to end:
 * `Protocol[name]` is `(payload) => response`.
 *
 * Owned by the extension layer. Payloads that carry page-derived text are validated and size-bounded
 * by the validators in this module before any handler touches them. This module is pure (no extension
 * APIs) so it is tested in Node; the transport that uses it lives in `messaging.ts`.
 */
import type { BlockChoice } from '../core/choose-blocks';
import { MAX_PIECES_TO_CHOOSE } from '../core/choose-bounds';
import type { ActionResult, HidingReason, PageAction, PageReport, Segment, SourceKind, Visibility } from '../core/types';

export type { ActionResult, PageAction };

/** What the popup shows for one tab. */
export type TabStatus = 'idle' | 'scanning' | 'done' | 'error' | 'restricted';

/** Result of "Check selected text" (context menu), kept with the tab so the popup can show it. */
export interface SelectionCheck {
  text: string;
  report: PageReport;
  checkedAt: number;
}

export interface TabState {
  tabId: number;
  url: string;
  status: TabStatus;
  report: PageReport | null;
  error: string | null;
  /** Added (optional): last "Check selected text" result for this tab. */
  selection?: SelectionCheck | null;
  /** Added (optional): automatic scanning is off for this page (settings), the person must click Scan. */
  waitingForClick?: boolean;
  /** Added (optional): frames have reported but the top page's own scan is still to come (see awaitingTopFrame). */
  topPending?: boolean;
}

export interface ContentReport {
  url: string;
  segments: Segment[];
  closedShadowRoots: number;
  timings: Record<string, number>;
  /** true when this replaces the frame's previous segments (full scan), false when it adds to them (mutations). */
  full: boolean;
  /** Added (optional): the scanner hit its node/text cap. */
  truncated?: boolean;
  /** Added (optional): text blocks read in all (a lazy scan reports segments for the chosen few only). */
  blocks?: number;
}

/**
 * Added: a lazy scan's blocks (read without styles, as an agent reads them), for the background to score and say
 * which need a hiding verdict (core/choose-blocks.ts). `smuggled[i]`: block i carried text in invisible characters.
 */
export interface BlocksToChoose {
  url: string;
  texts: string[];
  smuggled: boolean[];
}

/** Added: what the toolbar badge shows for a tab (tests and the popup read it back). */
export interface BadgeState {
  text: string;
  color: string;
}

export interface Protocol {
  'content:report'(r: ContentReport): void;
  'content:choose'(b: BlocksToChoose): BlockChoice;
  'popup:get-tab-state'(p: { tabId: number }): TabState;
  'popup:scan'(p: { tabId: number }): TabState;
  'popup:act'(p: { tabId: number; action: PageAction }): ActionResult;
  'popup:check-text'(p: { text: string }): PageReport;
  /** Added: the badge as set for a tab (used by the Firefox smoke test, where the badge cannot be read otherwise). */
  'popup:get-badge'(p: { tabId: number }): BadgeState;
  'background:scan-now'(p: Record<string, never>): void;
  'background:act'(p: { action: PageAction; flagged: number[] }): ActionResult;
  'background:classify'(p: { texts: string[] }): { scores: number[]; version: string; threshold?: number } | { error: string };
  'offscreen:ready'(p: { ok: boolean; error?: string }): void;
}

export type MessageName = keyof Protocol;
export type Payload<N extends MessageName> = Parameters<Protocol[N]>[0];
export type Reply<N extends MessageName> = ReturnType<Protocol[N]>;
export type Context = 'background' | 'content' | 'offscreen' | 'popup';
export interface Envelope<N extends MessageName = MessageName> {
  /** Addressing: listeners ignore envelopes whose `to` is not theirs. */
  to: Context;
  name: N;
  payload: Payload<N>;
}

/** Reply wrapper: errors cross contexts serialised, never as thrown objects (they do not survive structured clone). */
export type Wire<T> = { ok: true; value: T } | { ok: false; $$error: SerialisedError };
export interface SerialisedError {
  name: string;
  message: string;
}

// ---- size bounds (page-derived data is bounded at the boundary) ----
export const MAX_SEGMENTS_PER_REPORT = 5_000;
export const MAX_TEXT_CHARS = 8_000;
export const MAX_RAW_CHARS = 2_000;
export const MAX_SELECTOR_CHARS = 1_000;
export const MAX_URL_CHARS = 4_096;
export const MAX_DETAIL_CHARS = 200;
export const MAX_CHECK_TEXT_CHARS = 20_000;
export const MAX_CLASSIFY_TEXTS = MAX_SEGMENTS_PER_REPORT;
/** Pieces of one lazy scan sent for choosing: the content script's own bound (core/choose-bounds.ts). */
export const MAX_BLOCKS_TO_CHOOSE = MAX_PIECES_TO_CHOOSE;
export const MAX_FLAGGED_IDS = 10_000;
export const MAX_ERROR_CHARS = 500;
const MAX_KINDS = 16;
const MAX_TIMINGS = 32;

export class ValidationError extends Error {
  override name = 'ValidationError';
}

// ---- tiny validator combinators: each returns the parsed (bounded) value or throws ValidationError ----
type V<T> = (x: unknown, path: string) => T;

function fail(path: string, what: string): never {
  throw new ValidationError(`${path || 'payload'}: expected ${what}`);
}
const str =
  (max: number): V<string> =>
  (x, p) =>
    typeof x === 'string' ? (x.length > max ? x.slice(0, max) : x) : fail(p, 'string');
const num: V<number> = (x, p) => (typeof x === 'number' && Number.isFinite(x) ? x : fail(p, 'finite number'));
const int: V<number> = (x, p) => (Number.isInteger(x) ? (x as number) : fail(p, 'integer'));
const unit: V<number> = (x, p) => {
  const n = num(x, p);
  return n < 0 || n > 1 ? fail(p, 'number in 0..1') : n;
};
const bool: V<boolean> = (x, p) => (typeof x === 'boolean' ? x : fail(p, 'boolean'));
const oneOf =
  <T extends string>(values: readonly T[]): V<T> =>
  (x, p) =>
    values.includes(x as T) ? (x as T) : fail(p, values.join('|'));
const arr =
  <T>(of: V<T>, max: number): V<T[]> =>
  (x, p) => {
    if (!Array.isArray(x)) fail(p, 'array');
    // Over-long arrays are cut, not rejected: a huge page degrades to a partial report.
    return x.slice(0, max).map((item, i) => of(item, `${p}[${i}]`));
  };
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const optional =
  <T>(of: V<T>): V<T | undefined> =>
  (x, p) =>
    x === undefined ? undefined : of(x, p);

function obj<T>(shape: { [K in keyof T]: V<T[K]> }): V<T> {
  return (x, p) => {
    if (!isRecord(x)) fail(p, 'object');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape) as (keyof T & string)[]) {
      const value = shape[key](x[key], p ? `${p}.${key}` : key);
      if (value !== undefined) out[key] = value;
    }
    return out as T;
  };
}
const numberRecord: V<Record<string, number>> = (x, p) => {
  if (!isRecord(x)) fail(p, 'object');
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(x).slice(0, MAX_TIMINGS)) out[k.slice(0, 64)] = num(v, `${p}.${k}`);
  return out;
};

const SOURCES: readonly SourceKind[] = [
  'text', 'attribute', 'input-value', 'comment', 'meta', 'noscript', 'template', 'script-data', 'textarea', 'svg',
  'selection', 'plain',
];
const HIDING: readonly HidingReason[] = [
  'display-none', 'visibility-hidden', 'opacity', 'tiny-font', 'low-contrast', 'off-screen', 'clipped', 'zero-size',
  'transform-scale', 'text-indent', 'hidden-attribute', 'closed-details', 'aria-hidden', 'content-visibility', 'covered',
  'not-rendered', 'invisible-unicode',
];
const VISIBILITY: readonly Visibility[] = ['visible', 'hidden', 'not-rendered'];

const segment: V<Segment> = obj<Segment>({
  id: int,
  text: str(MAX_TEXT_CHARS),
  raw: str(MAX_RAW_CHARS),
  source: oneOf(SOURCES),
  detail: optional(str(MAX_DETAIL_CHARS)),
  hidden: arr(oneOf(HIDING), HIDING.length),
  visibility: oneOf(VISIBILITY),
  selector: str(MAX_SELECTOR_CHARS),
  frame: str(MAX_SELECTOR_CHARS),
  length: int,
  invisible: obj({ removed: int, kinds: arr(str(32), MAX_KINDS), decoded: str(MAX_TEXT_CHARS) }),
});

const contentReport: V<ContentReport> = obj<ContentReport>({
  url: str(MAX_URL_CHARS),
  segments: arr(segment, MAX_SEGMENTS_PER_REPORT),
  closedShadowRoots: int,
  timings: numberRecord,
  full: bool,
  truncated: optional(bool),
  blocks: optional(int),
});

const blocksToChoose: V<BlocksToChoose> = obj<BlocksToChoose>({
  url: str(MAX_URL_CHARS),
  texts: arr(str(MAX_TEXT_CHARS), MAX_BLOCKS_TO_CHOOSE),
  smuggled: arr(bool, MAX_BLOCKS_TO_CHOOSE),
});

const pageAction: V<PageAction> = (x, p) => {
  if (!isRecord(x)) fail(p, 'object');
  const kind = oneOf(['show', 'reveal-all', 'neutralise', 'clean-copy', 'clear'] as const)(x.kind, `${p}.kind`);
  return kind === 'show' ? { kind, segmentId: int(x.segmentId, `${p}.segmentId`) } : { kind };
};

const tabId = obj<{ tabId: number }>({ tabId: int });
const empty: V<Record<string, never>> = (x, p) => (isRecord(x) ? {} : fail(p, 'object'));

/** One validator per message: shape, types, and size bounds of the payload. */
export const VALIDATORS: { [N in MessageName]: V<Payload<N>> } = {
  'content:report': contentReport,
  'content:choose': blocksToChoose,
  'popup:get-tab-state': tabId,
  'popup:scan': tabId,
  'popup:act': obj({ tabId: int, action: pageAction }),
  'popup:check-text': obj({ text: str(MAX_CHECK_TEXT_CHARS) }),
  'popup:get-badge': tabId,
  'background:scan-now': empty,
  'background:act': obj({ action: pageAction, flagged: arr(int, MAX_FLAGGED_IDS) }),
  'background:classify': obj({ texts: arr(str(MAX_TEXT_CHARS), MAX_CLASSIFY_TEXTS) }),
  'offscreen:ready': obj({ ok: bool, error: optional(str(MAX_ERROR_CHARS)) }),
};

/** Which context each message is addressed to. */
export const RECEIVER: { [N in MessageName]: Context } = {
  'content:report': 'background',
  'content:choose': 'background',
  'popup:get-tab-state': 'background',
  'popup:scan': 'background',
  'popup:act': 'background',
  'popup:check-text': 'background',
  'popup:get-badge': 'background',
  'background:scan-now': 'content',
  'background:act': 'content',
  'background:classify': 'offscreen',
  'offscreen:ready': 'background',
};

/** The part of `runtime.MessageSender` the checks need (same shape in Chrome and Firefox). */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

/**
 * Is this sender allowed to send this message? Content reports must come from one of our content scripts
 * in a tab; popup/offscreen messages from our own extension pages; background messages from our extension
 * and not from a tab (a content script in another frame must not drive its siblings).
 */
export function senderAllowed(name: MessageName, sender: SenderInfo, ownId: string, ownOrigin: string): boolean {
  if (sender.id !== ownId) return false;
  const fromExtensionPage = typeof sender.url === 'string' && sender.url.startsWith(ownOrigin);
  if (name.startsWith('content:')) return typeof sender.tab?.id === 'number' && !fromExtensionPage;
  if (name.startsWith('popup:') || name.startsWith('offscreen:')) return fromExtensionPage;
  if (name.startsWith('background:')) return !sender.tab || fromExtensionPage;
  return false;
}

/** Parse an incoming message for context `me`: null when it is not an envelope addressed to us (ignore it). */
export function parseEnvelope(message: unknown, me: Context): { name: MessageName; payload: unknown } | null {
  if (!isRecord(message) || message.to !== me || typeof message.name !== 'string') return null;
  if (!Object.prototype.hasOwnProperty.call(VALIDATORS, message.name)) return null;
  const name = message.name as MessageName;
  if (RECEIVER[name] !== me) return null;
  return { name, payload: message.payload };
}

/** Validate a payload for a message: returns the bounded copy or throws ValidationError. */
export function validatePayload<N extends MessageName>(name: N, payload: unknown): Payload<N> {
  return (VALIDATORS[name] as V<Payload<N>>)(payload, '');
}

export function serialiseError(error: unknown): SerialisedError {
  if (error instanceof Error) return { name: error.name, message: error.message.slice(0, MAX_ERROR_CHARS) };
  return { name: 'Error', message: String(error).slice(0, MAX_ERROR_CHARS) };
}

export function deserialiseError(e: SerialisedError): Error {
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}

/** Unwrap a reply from the wire: the value, or the remote error re-thrown here. */
export function unwrapReply<T>(wire: unknown): T {
  if (!isRecord(wire) || typeof wire.ok !== 'boolean') throw new Error('No valid reply (receiver missing or not ours)');
  if (wire.ok) return wire.value as T;
  const e = isRecord(wire.$$error) ? wire.$$error : {};
  throw deserialiseError({ name: String(e.name ?? 'Error'), message: String(e.message ?? 'unknown error') });
}
