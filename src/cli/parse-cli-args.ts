/**
 * argv → a validated command. Pure: no I/O, so every usage error is unit-tested; main.ts turns a
 * UsageError into exit status 2 and a hint to run --help.
 */
import { parseArgs } from 'node:util';
import type { Sensitivity } from '../core/settings';

export const DEFAULT_CONCURRENCY = 2;
export const MAX_CONCURRENCY = 16;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const MIN_TIMEOUT_MS = 500;
export const DEFAULT_QUIET_MS = 300;
export const DEFAULT_BATCH_SIZE = 256;

export class UsageError extends Error {}

export interface CommonOptions {
  /** Skip the classifier: rules only. */
  noModel: boolean;
  /** Folder holding injection-lens.onnx + model-config.json (default: the repo's models/). */
  modelsDir?: string;
}

export interface ScanOptions extends CommonOptions {
  concurrency: number;
  timeoutMs: number;
  quietMs: number;
  sensitivity: Sensitivity;
  /** true/false forces the progress bar; undefined = only when stderr is a TTY and inputs are many. */
  progress?: boolean;
  chromium?: string;
  /** Also print every text block the scanner read (`segmentTexts`): benign-text corpora, training data, debugging. */
  segments: boolean;
}

export interface ClassifyOptions extends CommonOptions {
  batchSize: number;
}

export type CliCommand =
  | { kind: 'help'; topic?: 'scan' | 'classify' }
  | { kind: 'version' }
  | { kind: 'scan'; inputs: string[]; options: ScanOptions }
  | { kind: 'classify'; file: string; options: ClassifyOptions };

const SENSITIVITIES: Sensitivity[] = ['low', 'balanced', 'high'];

function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} needs a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseCliArgs(argv: string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    const topic = rest[0] === 'scan' || rest[0] === 'classify' ? rest[0] : undefined;
    return { kind: 'help', topic };
  }
  if (command === '--version' || command === '-v') return { kind: 'version' };
  if (command !== 'scan' && command !== 'classify') {
    throw new UsageError(`unknown command "${command}" (expected "scan" or "classify")`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        concurrency: { type: 'string', short: 'c' },
        timeout: { type: 'string', short: 't' },
        quiet: { type: 'string' },
        sensitivity: { type: 'string' },
        progress: { type: 'boolean' },
        'no-progress': { type: 'boolean' },
        'no-model': { type: 'boolean' },
        models: { type: 'string' },
        chromium: { type: 'string' },
        batch: { type: 'string' },
        segments: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help', topic: command };
  const common: CommonOptions = { noModel: values['no-model'] ?? false, modelsDir: values.models };

  if (command === 'classify') {
    for (const flag of ['concurrency', 'timeout', 'quiet', 'sensitivity', 'chromium', 'progress', 'no-progress', 'segments'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to "scan", not "classify"`);
    }
    if (positionals.length > 1) throw new UsageError('classify takes at most one FILE.jsonl (or - for stdin)');
    return {
      kind: 'classify',
      file: positionals[0] ?? '-',
      options: { ...common, batchSize: intOption('batch', values.batch, DEFAULT_BATCH_SIZE, 1, 10_000) },
    };
  }

  if (values.batch !== undefined) throw new UsageError('--batch applies to "classify", not "scan"');
  if (positionals.length === 0) throw new UsageError('scan needs at least one PATH, DIR or URL');
  if (values.progress && values['no-progress']) throw new UsageError('--progress and --no-progress contradict each other');
  const sensitivity = (values.sensitivity ?? 'balanced') as Sensitivity;
  if (!SENSITIVITIES.includes(sensitivity)) {
    throw new UsageError(`--sensitivity must be one of ${SENSITIVITIES.join(', ')}, got "${values.sensitivity}"`);
  }
  return {
    kind: 'scan',
    inputs: positionals,
    options: {
      ...common,
      concurrency: intOption('concurrency', values.concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
      timeoutMs: intOption('timeout', values.timeout, DEFAULT_TIMEOUT_MS, MIN_TIMEOUT_MS, 600_000),
      quietMs: intOption('quiet', values.quiet, DEFAULT_QUIET_MS, 0, 10_000),
      sensitivity,
      progress: values.progress ? true : values['no-progress'] ? false : undefined,
      chromium: values.chromium,
      segments: values.segments ?? false,
    },
  };
}
