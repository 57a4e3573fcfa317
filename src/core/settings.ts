/**
 * User settings: one DEFAULTS object, its type, a schema version and migrations.
 * Pure: storage lives in the extension layer; this module only shapes, migrates and validates.
 * Every read goes through `validateSettings`, so a hand-edited or older stored object can never reach the scanner
 * with a wrong shape (Refined GitHub `options-storage.ts`, Dark Reader `user-storage.ts`).
 */
export type Sensitivity = 'low' | 'balanced' | 'high';

export const SENSITIVITIES: readonly Sensitivity[] = ['low', 'balanced', 'high'];

export const DEFAULTS = {
  schemaVersion: 1,
  /** How eager the detector is: shifts the model threshold and the verdict cut-offs. */
  sensitivity: 'balanced' as Sensitivity,
  /** Scan every page automatically; off = scan only when the person clicks (activeTab). */
  autoScan: true,
  /** Opt-in: keep findings in the local sample store for research. */
  collectSamples: false,
  /** Hostnames never scanned. */
  denyList: [] as string[],
  /** Hostnames scanned even when autoScan is off. */
  allowList: [] as string[],
};

export type Settings = typeof DEFAULTS;

export const SETTINGS_SCHEMA_VERSION = DEFAULTS.schemaVersion;

/**
 * What each sensitivity means, for the options page and for fusion: `thresholdShift` moves the rules' cut-offs
 * (negative = flags more); `logitShift` moves the model's threshold in log-odds (see `thresholdFor`).
 */
export const SENSITIVITY_SEMANTICS: Record<Sensitivity, { label: string; description: string; thresholdShift: number; logitShift: number }> = {
  low: {
    label: 'Low',
    description: 'Fewer warnings: only text that is clearly an instruction to an AI is flagged.',
    thresholdShift: 0.15,
    logitShift: 1.5,
  },
  balanced: {
    label: 'Balanced',
    description: 'The shipped threshold, chosen on validation pages for a low false-alarm rate.',
    thresholdShift: 0,
    logitShift: 0,
  },
  high: {
    label: 'High',
    description: 'More warnings: borderline hidden or agent-addressed text is flagged too (more false alarms).',
    thresholdShift: -0.15,
    logitShift: -1.5,
  },
};

/**
 * The model threshold to use under a sensitivity, given the model's shipped default. The shift is in log-odds:
 * a probability shift would overshoot 1 for a threshold like 0.99 (and a clamp then made "low" flag MORE than
 * "balanced"); balanced is exactly the shipped threshold.
 */
export function thresholdFor(sensitivity: Sensitivity, shippedThreshold: number): number {
  const shift = SENSITIVITY_SEMANTICS[sensitivity].logitShift;
  if (shift === 0) return shippedThreshold;
  const p = Math.min(1 - 1e-6, Math.max(1e-6, shippedThreshold));
  return 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) + shift)));
}

/** Bounds that keep a stored list from growing without limit (sync storage allows ~8 KB per item). */
export const MAX_LIST_ENTRIES = 500;
export const MAX_HOST_CHARS = 253;

/** One step per schema version: migrations[n] turns a version-n object into version n+1. */
export const migrations: Array<(old: Record<string, unknown>) => Record<string, unknown>> = [
  // v0 (before schemaVersion existed; the early prototype stored `enabled` and `collect`) → v1.
  (old) => {
    const next: Record<string, unknown> = { ...old, schemaVersion: 1 };
    if (typeof old.enabled === 'boolean' && next.autoScan === undefined) next.autoScan = old.enabled;
    if (typeof old.collect === 'boolean' && next.collectSamples === undefined) next.collectSamples = old.collect;
    delete next.enabled;
    delete next.collect;
    return next;
  },
];

/** Normalises one host list entry: lower case, no scheme/path/port, no trailing dot; '' when unusable. */
export function normaliseHost(entry: string): string {
  let h = entry.trim().toLowerCase();
  h = h.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  h = h.split(/[/?#]/)[0] ?? '';
  h = h.replace(/:\d+$/, '').replace(/\.$/, '');
  if (h.length === 0 || h.length > MAX_HOST_CHARS) return '';
  const wildcard = h.startsWith('*.') ? '*.' : '';
  let bare = h.slice(wildcard.length);
  // Pages report punycode host names (xn--…): store what people type in the same form.
  if (/[^\x00-\x7f]/.test(bare)) {
    try {
      bare = new URL(`http://${bare}`).hostname;
    } catch {
      return '';
    }
  }
  return /^[a-z0-9_.-]+$/.test(bare) && !bare.startsWith('.') ? wildcard + bare : '';
}

function hostList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const v of value) {
    if (typeof v !== 'string') continue;
    const h = normaliseHost(v);
    if (h && !out.includes(h)) out.push(h);
    if (out.length >= MAX_LIST_ENTRIES) break;
  }
  return out;
}

/**
 * Anything (stored object, message payload, undefined) → a complete, valid Settings. Older schema versions are
 * migrated; unknown keys are dropped; a field of the wrong type falls back to its default. Never throws.
 */
export function validateSettings(input: unknown): Settings {
  let obj: Record<string, unknown> =
    input && typeof input === 'object' && !Array.isArray(input) ? { ...(input as Record<string, unknown>) } : {};
  let version = typeof obj.schemaVersion === 'number' && Number.isInteger(obj.schemaVersion) ? obj.schemaVersion : 0;
  if (version > SETTINGS_SCHEMA_VERSION) version = SETTINGS_SCHEMA_VERSION; // from a newer build: read what we know
  for (let v = Math.max(0, version); v < SETTINGS_SCHEMA_VERSION; v++) obj = migrations[v](obj);
  const sensitivity = SENSITIVITIES.includes(obj.sensitivity as Sensitivity)
    ? (obj.sensitivity as Sensitivity)
    : DEFAULTS.sensitivity;
  return {
    schemaVersion: SETTINGS_SCHEMA_VERSION,
    sensitivity,
    autoScan: typeof obj.autoScan === 'boolean' ? obj.autoScan : DEFAULTS.autoScan,
    collectSamples: typeof obj.collectSamples === 'boolean' ? obj.collectSamples : DEFAULTS.collectSamples,
    denyList: hostList(obj.denyList),
    allowList: hostList(obj.allowList),
  };
}
