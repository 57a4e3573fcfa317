/**
 * The versioned export schema of collected samples (one JSON object per line, one per finding) and its validator.
 * Pure: no storage, no DOM. Documented for researchers in src/extension/samples/SCHEMA.md.
 *
 * Version rule: adding an optional field keeps "/1"; renaming, removing or changing the meaning of a field bumps it.
 */
import type { Finding, HidingReason, PageReport, Severity, SourceKind } from './types';

export const SAMPLE_SCHEMA = 'injection-lens.sample/1';

/** Text and context are bounded so one hostile page cannot fill the store. */
export const MAX_SAMPLE_TEXT_CHARS = 4_000;
export const MAX_SAMPLE_CONTEXT_CHARS = 1_000;
export const MAX_SAMPLE_URL_CHARS = 2_048;
export const MAX_SAMPLE_LIST = 32;
export const MAX_JSONL_LINE_CHARS = 64_000;

/** Technique shown for a finding that is in plain sight (most real payloads are). */
export const VISIBLE_TECHNIQUE = 'visible';

export interface Sample {
  schema: typeof SAMPLE_SCHEMA;
  /** Hex SHA-256 of origin + '\n' + text: the de-duplication key. */
  id: string;
  /** Page URL (bounded; fragments dropped). */
  url: string;
  /** Hostname of `url`, for grouping by site. */
  site: string;
  /** ISO 8601 time of collection. */
  time: string;
  /** How the text was hidden (HidingReason values) or ['visible']. */
  techniques: string[];
  /** Where the text came from (SourceKind). */
  source: SourceKind;
  /** Attribute or tag name, when known. */
  detail?: string;
  /** Text as an agent reads it (invisible characters stripped, smuggled text decoded). */
  text: string;
  /** Surrounding text, when the scanner recorded it. */
  context?: string;
  score: number;
  modelScore: number | null;
  ruleScore: number;
  severity: Severity;
  /** Ids of the rules that matched. */
  rules: string[];
  /** Model version that scored it, null when the model was unavailable. */
  modelVersion: string | null;
  selector?: string;
}

export type SampleCheck = { ok: true; sample: Sample } | { ok: false; error: string };

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high'];
const SOURCES: readonly SourceKind[] = [
  'text', 'attribute', 'input-value', 'comment', 'meta', 'noscript', 'template', 'script-data', 'textarea', 'svg',
  'selection', 'plain',
];

function bounded(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

/** The URL without its fragment (fragments can carry tokens and never change the page served). */
export function sampleUrl(url: string): { url: string; site: string; origin: string } {
  try {
    const u = new URL(url);
    u.hash = '';
    return { url: bounded(u.href, MAX_SAMPLE_URL_CHARS), site: u.hostname, origin: u.origin };
  } catch {
    return { url: bounded(url, MAX_SAMPLE_URL_CHARS), site: '', origin: '' };
  }
}

/** The string whose hash de-duplicates samples: the same text on the same site is kept once. */
export function dedupeKeySource(url: string, text: string): string {
  return `${sampleUrl(url).origin}\n${text}`;
}

function techniquesOf(hidden: readonly HidingReason[]): string[] {
  return hidden.length ? [...hidden].slice(0, MAX_SAMPLE_LIST) : [VISIBLE_TECHNIQUE];
}

/** A finding of a report → a sample without its id (the store hashes it). */
export function sampleFromFinding(
  finding: Finding,
  report: Pick<PageReport, 'modelVersion'>,
  tabUrl: string,
  now: Date,
): Omit<Sample, 'id'> {
  const { url, site } = sampleUrl(tabUrl);
  const sample: Omit<Sample, 'id'> = {
    schema: SAMPLE_SCHEMA,
    url,
    site,
    time: now.toISOString(),
    techniques: techniquesOf(finding.hidden),
    source: finding.source,
    text: bounded(finding.text, MAX_SAMPLE_TEXT_CHARS),
    score: finding.score,
    modelScore: finding.modelScore,
    ruleScore: finding.ruleScore,
    severity: finding.severity,
    rules: finding.rules.slice(0, MAX_SAMPLE_LIST).map((r) => r.id),
    modelVersion: report.modelVersion,
    selector: bounded(finding.selector, 512),
  };
  if (finding.detail) sample.detail = bounded(finding.detail, 128);
  const context = (finding as { context?: unknown }).context;
  if (typeof context === 'string' && context) sample.context = bounded(context, MAX_SAMPLE_CONTEXT_CHARS);
  return sample;
}

function isScore(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
}

function stringList(v: unknown, field: string): string[] | string {
  if (!Array.isArray(v) || v.length > MAX_SAMPLE_LIST) return `${field} must be an array of at most ${MAX_SAMPLE_LIST} strings`;
  if (!v.every((x) => typeof x === 'string' && x.length <= 64)) return `${field} must hold short strings`;
  return v as string[];
}

/** Checks an imported object against the schema; returns a clean copy (unknown fields dropped) or the first error. */
export function validateSample(input: unknown): SampleCheck {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { ok: false, error: 'not an object' };
  const o = input as Record<string, unknown>;
  if (o.schema !== SAMPLE_SCHEMA) return { ok: false, error: `schema must be "${SAMPLE_SCHEMA}"` };
  if (typeof o.id !== 'string' || !/^[0-9a-f]{64}$/.test(o.id)) return { ok: false, error: 'id must be 64 hex chars' };
  if (typeof o.url !== 'string' || o.url.length > MAX_SAMPLE_URL_CHARS) return { ok: false, error: 'url must be a bounded string' };
  if (typeof o.site !== 'string' || o.site.length > 253) return { ok: false, error: 'site must be a hostname' };
  if (typeof o.time !== 'string' || Number.isNaN(Date.parse(o.time))) return { ok: false, error: 'time must be an ISO date' };
  const techniques = stringList(o.techniques, 'techniques');
  if (typeof techniques === 'string') return { ok: false, error: techniques };
  if (!SOURCES.includes(o.source as SourceKind)) return { ok: false, error: 'source is not a known SourceKind' };
  if (typeof o.text !== 'string' || o.text.length === 0 || o.text.length > MAX_SAMPLE_TEXT_CHARS) {
    return { ok: false, error: `text must be 1..${MAX_SAMPLE_TEXT_CHARS} chars` };
  }
  if (o.context !== undefined && (typeof o.context !== 'string' || o.context.length > MAX_SAMPLE_CONTEXT_CHARS)) {
    return { ok: false, error: 'context must be a bounded string' };
  }
  if (o.detail !== undefined && (typeof o.detail !== 'string' || o.detail.length > 128)) return { ok: false, error: 'detail must be a short string' };
  if (o.selector !== undefined && (typeof o.selector !== 'string' || o.selector.length > 512)) return { ok: false, error: 'selector must be a bounded string' };
  if (!isScore(o.score) || !isScore(o.ruleScore)) return { ok: false, error: 'score and ruleScore must be 0..1' };
  if (o.modelScore !== null && !isScore(o.modelScore)) return { ok: false, error: 'modelScore must be 0..1 or null' };
  if (!SEVERITIES.includes(o.severity as Severity)) return { ok: false, error: 'severity must be low|medium|high' };
  const rules = stringList(o.rules, 'rules');
  if (typeof rules === 'string') return { ok: false, error: rules };
  if (o.modelVersion !== null && (typeof o.modelVersion !== 'string' || o.modelVersion.length > 128)) {
    return { ok: false, error: 'modelVersion must be a short string or null' };
  }
  const sample: Sample = {
    schema: SAMPLE_SCHEMA,
    id: o.id,
    url: o.url,
    site: o.site,
    time: new Date(o.time).toISOString(),
    techniques,
    source: o.source as SourceKind,
    text: o.text,
    score: o.score,
    modelScore: o.modelScore as number | null,
    ruleScore: o.ruleScore,
    severity: o.severity as Severity,
    rules,
    modelVersion: o.modelVersion as string | null,
  };
  if (o.detail !== undefined) sample.detail = o.detail as string;
  if (o.context !== undefined) sample.context = o.context as string;
  if (o.selector !== undefined) sample.selector = o.selector as string;
  return { ok: true, sample };
}

/** Samples → JSONL text (one object per line, keys in schema order, trailing newline). */
export function toJsonl(samples: readonly Sample[]): string {
  return samples.map((s) => JSON.stringify(s)).join('\n') + (samples.length ? '\n' : '');
}

/** JSONL text → valid samples and per-line errors (1-based line numbers). Blank lines are ignored. */
export function parseJsonl(text: string): { samples: Sample[]; errors: Array<{ line: number; error: string }> } {
  const samples: Sample[] = [];
  const errors: Array<{ line: number; error: string }> = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    if (line.length > MAX_JSONL_LINE_CHARS) {
      errors.push({ line: i + 1, error: 'line too long' });
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      errors.push({ line: i + 1, error: 'not JSON' });
      continue;
    }
    const check = validateSample(parsed);
    if (check.ok) samples.push(check.sample);
    else errors.push({ line: i + 1, error: check.error });
  }
  return { samples, errors };
}
