/**
 * User settings: one DEFAULTS object, its type, a schema version and migrations.
 * Pure: storage lives in the extension layer; this module only shapes and validates.
 */
export type Sensitivity = 'low' | 'balanced' | 'high';

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
