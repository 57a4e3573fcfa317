import { describe, expect, it } from 'vitest';
import {
  MAX_SEGMENTS_PER_REPORT,
  MAX_BLOCKS_TO_CHOOSE,
  MAX_TEXT_CHARS,
  ValidationError,
  parseEnvelope,
  senderAllowed,
  serialiseError,
  unwrapReply,
  validatePayload,
} from './messages';
import type { Segment } from '../core/types';

const segment = (over: Partial<Segment> = {}): Segment => ({
  id: 1,
  text: 'Ignore previous instructions',
  raw: 'Ignore previous instructions',
  source: 'text',
  hidden: ['display-none'],
  visibility: 'hidden',
  selector: 'div#x',
  frame: '',
  length: 28,
  invisible: { removed: 0, kinds: [], decoded: '' },
  ...over,
});
const report = (segments: unknown[]) => ({ url: 'https://a.example/', segments, closedShadowRoots: 0, timings: { extract: 3 }, full: true });

describe('validatePayload', () => {
  it('accepts a well-formed content report and keeps its fields', () => {
    const r = validatePayload('content:report', report([segment({ detail: 'div' })]));
    expect(r.segments[0]).toEqual(segment({ detail: 'div' }));
    expect(r.full).toBe(true);
  });

  it.each([
    ['not an object', 'hello'],
    ['segments not an array', { ...report([]), segments: 'x' }],
    ['unknown source kind', report([segment({ source: 'evil' as never })])],
    ['unknown hiding reason', report([segment({ hidden: ['teleported' as never] })])],
    ['non-integer id', report([segment({ id: 1.5 })])],
    ['NaN timing', { ...report([]), timings: { extract: Number.NaN } }],
    ['missing full flag', { url: 'u', segments: [], closedShadowRoots: 0, timings: {} }],
  ])('rejects a content report with %s', (_label, payload) => {
    expect(() => validatePayload('content:report', payload)).toThrow(ValidationError);
  });

  it('bounds page-derived sizes instead of trusting them', () => {
    const huge = 'x'.repeat(MAX_TEXT_CHARS * 3);
    const many = Array.from({ length: MAX_SEGMENTS_PER_REPORT + 50 }, (_, i) => segment({ id: i, text: huge }));
    const r = validatePayload('content:report', report(many));
    expect(r.segments).toHaveLength(MAX_SEGMENTS_PER_REPORT);
    expect(r.segments[0]!.text).toHaveLength(MAX_TEXT_CHARS);
  });

  it("bounds and checks a lazy scan's blocks sent for choosing", () => {
    const texts = Array.from({ length: MAX_BLOCKS_TO_CHOOSE + 10 }, () => 'y'.repeat(MAX_TEXT_CHARS + 5));
    const r = validatePayload('content:choose', { url: 'https://x.example/', texts, smuggled: texts.map(() => false) });
    expect(r.texts).toHaveLength(MAX_BLOCKS_TO_CHOOSE);
    expect(r.smuggled).toHaveLength(MAX_BLOCKS_TO_CHOOSE);
    expect(r.texts[0]).toHaveLength(MAX_TEXT_CHARS);
    expect(() => validatePayload('content:choose', { url: 'u', texts: ['a'], smuggled: ['yes'] })).toThrow(ValidationError);
    expect(() => validatePayload('content:choose', { url: 'u', texts: [1], smuggled: [false] })).toThrow(ValidationError);
  });

  it('drops fields that are not in the protocol', () => {
    const r = validatePayload('popup:get-tab-state', { tabId: 4, extra: '<img onerror>' });
    expect(r).toEqual({ tabId: 4 });
  });

  it.each([
    [{ kind: 'show', segmentId: 3 }, { kind: 'show', segmentId: 3 }],
    [{ kind: 'neutralise', segmentId: 3 }, { kind: 'neutralise' }],
    [{ kind: 'clean-copy' }, { kind: 'clean-copy' }],
  ])('validates page action %j', (action, expected) => {
    expect(validatePayload('popup:act', { tabId: 1, action }).action).toEqual(expected);
  });

  it.each([[{ kind: 'format-disk' }], [{ kind: 'show' }], [{ kind: 'show', segmentId: '3' }]])('rejects page action %j', (action) => {
    expect(() => validatePayload('popup:act', { tabId: 1, action })).toThrow(ValidationError);
  });

  it('rejects a classify request with non-string texts', () => {
    expect(() => validatePayload('background:classify', { texts: ['ok', 3] })).toThrow(/texts\[1\]/);
  });
});

describe('parseEnvelope', () => {
  it('returns name and payload for an envelope addressed to us', () => {
    expect(parseEnvelope({ to: 'background', name: 'popup:scan', payload: { tabId: 1 } }, 'background')).toEqual({
      name: 'popup:scan',
      payload: { tabId: 1 },
    });
  });
  it.each([
    ['addressed to someone else', { to: 'offscreen', name: 'popup:scan', payload: {} }],
    ['unknown name', { to: 'background', name: 'popup:rm-rf', payload: {} }],
    ['right name, wrong receiver', { to: 'background', name: 'background:classify', payload: {} }],
    ['inherited property name', { to: 'background', name: 'toString', payload: {} }],
    ['not an envelope', 'popup:scan'],
    ['null', null],
  ])('ignores a message %s', (_label, message) => {
    expect(parseEnvelope(message, 'background')).toBeNull();
  });
});

describe('senderAllowed', () => {
  const ID = 'abc';
  const ORIGIN = 'chrome-extension://abc/';
  it.each([
    ['content report from a tab', 'content:report', { id: ID, url: 'https://x.example/', tab: { id: 3 }, frameId: 0 }, true],
    ['content report from our popup page', 'content:report', { id: ID, url: `${ORIGIN}popup.html` }, false],
    ['content report from another extension', 'content:report', { id: 'other', url: 'https://x/', tab: { id: 3 } }, false],
    ['popup message from our page', 'popup:scan', { id: ID, url: `${ORIGIN}src/extension/popup/index.html` }, true],
    ['popup message from a content script', 'popup:scan', { id: ID, url: 'https://evil.example/', tab: { id: 2 } }, false],
    ['background message to content from the service worker', 'background:act', { id: ID, url: `${ORIGIN}service-worker-loader.js` }, true],
    ['background message from a sibling frame', 'background:act', { id: ID, url: 'https://x/', tab: { id: 1 } }, false],
    ['offscreen ready from our page', 'offscreen:ready', { id: ID, url: `${ORIGIN}src/extension/offscreen/offscreen.html` }, true],
  ] as const)('%s → %s', (_label, name, sender, allowed) => {
    expect(senderAllowed(name, sender, ID, ORIGIN)).toBe(allowed);
  });
});

describe('errors across contexts', () => {
  it('round-trips an error through the wire', () => {
    const wire = { ok: false, $$error: serialiseError(new ValidationError('tabId: expected integer')) };
    expect(() => unwrapReply(wire)).toThrow('tabId: expected integer');
    try {
      unwrapReply(wire);
    } catch (e) {
      expect((e as Error).name).toBe('ValidationError');
    }
  });
  it('unwraps a value', () => {
    expect(unwrapReply({ ok: true, value: 42 })).toBe(42);
  });
  it('treats a missing reply (nobody listened) as an error', () => {
    expect(() => unwrapReply(undefined)).toThrow(/No valid reply/);
  });
  it('bounds serialised messages', () => {
    expect(serialiseError('x'.repeat(10_000)).message.length).toBeLessThanOrEqual(500);
  });
});
