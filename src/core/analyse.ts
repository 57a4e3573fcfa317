/**
 * Fusion: what a segment says (rules × classifier) and how it is kept from the person (hiddenness, smuggling) →
 * findings with a severity, and a page verdict.
 *
 *   content tier (none/weak/moderate/strong)  ── rules (always) + model (when available)
 *        × presentation (visible / hidden or never rendered / smuggled in invisible Unicode)
 *        → severity low | medium | high   → verdict: any high = injected, any medium = suspicious
 *
 * Hidden alone is never a finding (real pages hide menus, dialogs, screen-reader text); hiding only raises the
 * severity of text that already reads like an instruction to an agent. The model alone speaks only for new prose (not
 * for labels, ids, markup, JSON or script, nor for a hidden copy of text the page shows); encoded runs count by what
 * they decode to; visible text naming an AI reader and instructing
 * it is judged like hidden text, since it is aimed past the person.
 */
import { decodeEmbeddedPayloads } from './agent-text';
import { readsAsProse, withoutScriptNotices } from './prose';
import { evaluateRules, RULES, ruleScore } from './rules';
import { SENSITIVITY_SEMANTICS, thresholdFor, type Sensitivity } from './settings';
import type { Finding, RuleHit, Segment, Severity, Verdict } from './types';
import { echoesVisibleText, isVisible, visibleShingles } from './visible-echo';

export { readsAsProse };

/** Rule score at which rules alone make content "strong" (two families together, e.g. override + secrecy). */
export const STRONG_RULE_SCORE = 0.85;
/** Rule score at which rules make content "moderate" (one strong family, e.g. override-instructions). */
export const MODERATE_RULE_SCORE = 0.7;
/** Rule score at which rules make content "weak" (one medium family alone, e.g. address-ai, secrecy). */
export const WEAK_RULE_SCORE = 0.35;
/** With the model agreeing, this much rule evidence is enough for "strong". */
export const CORROBORATING_RULE_SCORE = 0.3;
/** A model score this far (as a share of the distance to 1) past the threshold counts as a confident model. */
export const CONFIDENT_MODEL_MARGIN = 0.5;
/** Below the threshold, a model score above this share of it still counts as weak evidence. */
export const WEAK_MODEL_SHARE = 0.75;
/** Without the model, rule cut-offs are raised by this much (rules alone are judged more conservatively). */
export const RULES_ONLY_PENALTY = 0.05;
/** Visible text's fused score is scaled down: a person can see it and judge it too. */
export const VISIBLE_SCORE_FACTOR = 0.8;
/** Decoded smuggled text this long is shown (low) even with no instruction-like content. */
export const MIN_SMUGGLED_CHARS_TO_SHOW = 16;
export const MAX_FINDINGS_PER_PAGE = 200;
export const MAX_FINDING_TEXT_CHARS = 2_000;
/** Block tags whose visible text is a code sample: chat markup there is documentation, not an attack. */
export const CODE_DETAILS: ReadonlySet<string> = new Set(['pre', 'code', 'kbd', 'samp', 'xmp', 'listing']);

/**
 * Rule families whose text is meant for an agent and nobody else (ids from rules.ts): visible text with one of them is
 * judged like hidden text.
 */
const AGENT_DIRECTED: ReadonlySet<string> = new Set(['addressed-instruction', 'exfiltration-image']);
const ADDRESSED_INSTRUCTION = 'addressed-instruction';
const ADDRESS_AI = 'address-ai';

/** 0 none, 1 weak, 2 moderate, 3 strong. */
type Tier = 0 | 1 | 2 | 3;

const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3 };

export interface ScoreOptions {
  /** The model's shipped threshold; default 0.5. */
  threshold?: number;
  sensitivity?: Sensitivity;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Noisy-or of model and rules: either can carry the score, together they reinforce. */
function fuse(modelScore: number | null, rules: number): number {
  return 1 - (1 - clamp01(modelScore ?? 0)) * (1 - rules);
}

function contentTier(rules: number, modelScore: number | null, threshold: number, sensitivity: Sensitivity): Tier {
  // Sensitivity moves the rule cut-offs the same way it moves the model threshold.
  const shift = SENSITIVITY_SEMANTICS[sensitivity].thresholdShift + (modelScore === null ? RULES_ONLY_PENALTY : 0);
  const strong = clamp01(STRONG_RULE_SCORE + shift);
  const moderate = clamp01(MODERATE_RULE_SCORE + shift);
  const weak = clamp01(WEAK_RULE_SCORE + shift);
  if (modelScore === null) {
    if (rules >= strong) return 3;
    if (rules >= moderate) return 2;
    return rules >= weak ? 1 : 0;
  }
  const t = thresholdFor(sensitivity, threshold);
  const modelHit = modelScore >= t;
  const modelConfident = modelScore >= t + (1 - t) * CONFIDENT_MODEL_MARGIN;
  if (rules >= strong || (modelHit && rules >= moderate) || (modelConfident && rules >= CORROBORATING_RULE_SCORE)) return 3;
  if (modelHit || rules >= moderate) return 2;
  if (rules >= weak || modelScore >= t * WEAK_MODEL_SHARE) return 1;
  return 0;
}

/**
 * Scores one bare text (CLI `classify`): fused score, rule score, hits, and reasons (rule ids, plus 'model' when the
 * classifier alone is past its threshold).
 */
export function scoreText(
  text: string,
  modelScore: number | null,
  opts: ScoreOptions = {},
): { score: number; ruleScore: number; rules: RuleHit[]; reasons: string[] } {
  const rules = evaluateWithDecoded(text);
  const rs = ruleScore(rules);
  const threshold = thresholdFor(opts.sensitivity ?? 'balanced', opts.threshold ?? 0.5);
  const reasons = rules.map((h) => h.id);
  if (modelScore !== null && modelScore >= threshold) reasons.push('model');
  return { score: fuse(modelScore, rs), ruleScore: rs, rules, reasons };
}

function severityFor(segment: Segment, tier: Tier, codeSample: boolean, addressed: boolean): Severity | null {
  const smuggled = segment.invisible.decoded.length > 0;
  if (smuggled) {
    // Instruction-like text a person cannot see at all, carried in invisible Unicode: the technique of an attack.
    if (tier >= 1) return 'high';
    return segment.invisible.decoded.length >= MIN_SMUGGLED_CHARS_TO_SHOW ? 'low' : null;
  }
  const hidden = segment.visibility !== 'visible' || segment.hidden.length > 0;
  if (hidden) return tier === 3 ? 'high' : tier === 2 ? 'medium' : tier === 1 ? 'low' : null;
  // Visible text: judged by its content alone, and a person can see it; code samples are documentation.
  if (codeSample) return tier >= 2 ? 'low' : null;
  // Visible text that names an AI reader and tells it what to do (or has it write a data-carrying image) is aimed past
  // the person, in plain sight: most injections in the wild look like this, and a skimming person does not see it as
  // meant for them.
  if (addressed) return tier === 3 ? 'high' : tier === 2 ? 'medium' : 'low';
  return tier === 3 ? 'medium' : tier === 2 ? 'low' : null;
}

const ENCODED_PAYLOAD = RULES.find((r) => r.id === 'encoded-payload')!;
const MAX_DECODED_EXCERPT_CHARS = 120;

/**
 * Rule hits of `text` plus those of any base64/hex run in it that decodes to readable text. Only a decoded text that
 * itself trips the rules counts (then as an encoded payload too): an opaque token is not evidence of anything.
 */
export function evaluateWithDecoded(text: string): RuleHit[] {
  const hits = evaluateRules(text);
  for (const decoded of decodeEmbeddedPayloads(text)) {
    const inner = evaluateRules(decoded);
    if (inner.length === 0) continue;
    for (const h of inner) if (!hits.some((x) => x.id === h.id)) hits.push(h);
    if (!hits.some((x) => x.id === ENCODED_PAYLOAD.id)) {
      const excerpt = decoded.length > MAX_DECODED_EXCERPT_CHARS ? decoded.slice(0, MAX_DECODED_EXCERPT_CHARS - 1) + '…' : decoded;
      hits.push({ id: ENCODED_PAYLOAD.id, label: ENCODED_PAYLOAD.label, weight: ENCODED_PAYLOAD.weight, match: `decoded: ${excerpt}` });
    }
  }
  return hits;
}

function bound(s: string): string {
  return s.length > MAX_FINDING_TEXT_CHARS ? s.slice(0, MAX_FINDING_TEXT_CHARS - 1) + '…' : s;
}

/**
 * Whether a text could become a finding however it is presented (visible, hidden, never rendered): some rule matches
 * it (or an encoded run in it), the model gives it at least weak evidence, or it carries smuggled text. Anything else
 * is tier-0 content, which `analyseSegments` never reports, hidden or not: a scanner may skip learning how such text
 * is hidden.
 */
export function mayYieldFinding(
  text: string,
  modelScore: number | null,
  smuggled: boolean,
  opts: { threshold: number; sensitivity: Sensitivity },
): boolean {
  if (smuggled) return true;
  if (modelScore !== null && modelScore >= thresholdFor(opts.sensitivity, opts.threshold) * WEAK_MODEL_SHARE) return true;
  return evaluateWithDecoded(text).length > 0;
}

/**
 * Judges a page's segments. `modelScores[i]` belongs to `segments[i]` (null entries or a null array: model
 * unavailable). `threshold` is the model's shipped threshold; `sensitivity` shifts every cut-off.
 */
export function analyseSegments(
  segments: readonly Segment[],
  modelScores: readonly (number | null)[] | null,
  opts: { threshold: number; sensitivity: Sensitivity; url?: string },
): { findings: Finding[]; verdict: Verdict; score: number } {
  const findings: Finding[] = [];
  // Below this the model is no evidence anyway; the prose check is only paid for scores that could matter.
  const weakModelBar = thresholdFor(opts.sensitivity, opts.threshold) * WEAK_MODEL_SHARE;
  // Built on the first hidden text that needs it: most pages never pay for it.
  let shingles: Set<number> | undefined;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const m = modelScores?.[i] ?? null;
    const codeSample = seg.visibility === 'visible' && seg.source === 'text' && CODE_DETAILS.has((seg.detail ?? '').toLowerCase());
    let hits = evaluateWithDecoded(seg.text);
    if (codeSample) hits = hits.filter((h) => h.id !== 'chat-markup');
    const addressed = hits.some((h) => AGENT_DIRECTED.has(h.id));
    // One phrase ("Note to the AI: …") should not count twice: the addressed instruction already includes the address.
    if (hits.some((h) => h.id === ADDRESSED_INSTRUCTION)) hits = hits.filter((h) => h.id !== ADDRESS_AI);
    const rs = ruleScore(hits);
    const visible = isVisible(seg);
    // With no rule evidence, the model speaks alone only for new prose: on labels, ids, markup and data it is guessing,
    // and hidden text that repeats the visible page is judged where the person reads it (the visible copy).
    const modelAlone = m !== null && rs === 0 && m >= weakModelBar;
    const silenced =
      modelAlone &&
      (!readsAsProse(seg.source === 'noscript' ? withoutScriptNotices(seg.text) : seg.text) ||
        (!visible && echoesVisibleText(seg.text, (shingles ??= visibleShingles(segments)))));
    const modelVoice = silenced ? 0 : m;
    const tier = contentTier(rs, modelVoice, opts.threshold, opts.sensitivity);
    const severity = severityFor(seg, tier, codeSample, addressed);
    if (severity === null) continue;
    const score = clamp01(fuse(modelVoice, rs) * (visible ? VISIBLE_SCORE_FACTOR : 1));
    findings.push({
      segmentId: seg.id,
      text: bound(seg.text),
      raw: bound(seg.raw),
      score,
      modelScore: m,
      ruleScore: rs,
      severity,
      rules: hits,
      hidden: seg.hidden,
      visibility: seg.visibility,
      source: seg.source,
      ...(seg.detail !== undefined ? { detail: seg.detail } : {}),
      selector: seg.selector,
      frame: seg.frame,
      invisible: seg.invisible,
    });
  }
  findings.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.score - a.score);
  const kept = findings.slice(0, MAX_FINDINGS_PER_PAGE);
  const verdict: Verdict = kept.some((f) => f.severity === 'high')
    ? 'injected'
    : kept.some((f) => f.severity === 'medium')
      ? 'suspicious'
      : 'clean';
  const score = kept.reduce((max, f) => Math.max(max, f.score), 0);
  return { findings: kept, verdict, score };
}
