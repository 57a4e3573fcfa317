/**
 * `injection-lens classify [FILE.jsonl|-]`: each line `{"id"?, "text"}` → `{"id","score","flagged","reasons"}`,
 * in input order. Texts are read as an agent reads them first (invisible-Unicode carriers decoded), then
 * scored in batches by the model and the rules. A bad line gets an error line and the run goes on.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { readAsAgent } from '../core/agent-text';
import { scoreText } from '../core/analyse';
import type { CliIo } from './cli-io';
import { loadClassifier } from './load-classifier';
import { classifyErrorLine, round3, type ClassifyLine } from './output-lines';
import type { ClassifyOptions } from './parse-cli-args';
import { UsageError } from './parse-cli-args';
import { RULES_ONLY_THRESHOLD } from './judge-page';

/** Longer texts are scored on their first this-many chars (a JSONL line is a text, not a book). */
export const MAX_CLASSIFY_TEXT_CHARS = 100_000;
/** Lines longer than this are refused without parsing. */
const MAX_LINE_CHARS = 10 * 1024 * 1024;

type Parsed = { id: string | number; text: string } | { id: string | number; error: string };

/** Parses one input line; `lineNo` (0-based) is the id when the line has none. */
export function parseClassifyLine(line: string, lineNo: number): Parsed {
  if (line.length > MAX_LINE_CHARS) return { id: lineNo, error: `line too long (over ${MAX_LINE_CHARS} chars)` };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { id: lineNo, error: `invalid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { id: lineNo, error: 'expected a JSON object {"id"?, "text"}' };
  }
  const record = value as Record<string, unknown>;
  let id: string | number = lineNo;
  if (record.id !== undefined && record.id !== null) {
    if (typeof record.id !== 'string' && typeof record.id !== 'number') {
      return { id: lineNo, error: '"id" must be a string or a number' };
    }
    id = record.id;
  }
  if (typeof record.text !== 'string') return { id, error: 'missing "text" (a string)' };
  return { id, text: record.text };
}

async function openInput(file: string, io: CliIo): Promise<NodeJS.ReadableStream> {
  if (file === '-') return io.stdin;
  try {
    await access(file);
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  return createReadStream(file, { encoding: 'utf8' });
}

export async function runClassify(file: string, options: ClassifyOptions, io: CliIo): Promise<number> {
  const input = await openInput(file, io);
  const model = await loadClassifier(options.noModel, options.modelsDir);
  if (model.note) io.stderr(`injection-lens: ${model.note}\n`);
  const classifier = model.classifier;
  const threshold = classifier?.threshold ?? RULES_ONLY_THRESHOLD;

  let batch: Parsed[] = [];
  const flush = async () => {
    const items = batch;
    batch = [];
    const texts: string[] = [];
    const agentTexts = items.map((item) => {
      if ('error' in item) return null;
      const text = readAsAgent(item.text.slice(0, MAX_CLASSIFY_TEXT_CHARS)).text;
      texts.push(text);
      return text;
    });
    const scores = classifier && texts.length > 0 ? await classifier.score(texts) : null;
    let k = 0;
    const out: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const text = agentTexts[i];
      if ('error' in item || text === null) {
        out.push(JSON.stringify(classifyErrorLine(item.id, 'error' in item ? item.error : 'unreadable')));
        continue;
      }
      const modelScore = scores ? scores[k++] : null;
      const result = scoreText(text, modelScore);
      const line: ClassifyLine = {
        id: item.id,
        score: round3(result.score),
        flagged: result.score >= threshold,
        reasons: result.reasons,
      };
      out.push(JSON.stringify(line));
    }
    if (out.length) io.stdout(out.join('\n') + '\n');
  };

  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const raw of lines) {
    const n = lineNo++;
    // Blank lines (e.g. a trailing newline) carry nothing: no output, but they still count for ids.
    if (raw.trim() === '') continue;
    batch.push(parseClassifyLine(raw.replace(/^\uFEFF/, ''), n));
    if (batch.length >= options.batchSize) await flush();
  }
  await flush();
  return 0;
}
