/**
 * `injection-lens classify [FILE.jsonl|-]`: each line `{"id"?, "text"}` → `{"id","score","flagged","reasons"}`,
 * in input order. Texts are read as an agent reads them first (invisible-Unicode carriers decoded), then
 * scored in batches by the model and the rules. A bad line gets an error line and the run goes on.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { CliIo } from './cli-io';
import { loadClassifier } from './load-classifier';
import { classifyErrorLine, round3, type ClassifyLine } from './output-lines';
import type { ClassifyOptions } from './parse-cli-args';
import { UsageError } from './parse-cli-args';
import { scoreTexts } from './score-texts';
import { parseClassifyLine, type ParsedLine } from './parse-classify-line';

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

  let batch: ParsedLine[] = [];
  const flush = async () => {
    const items = batch;
    batch = [];
    const valid = items.filter((item): item is { id: string | number; text: string } => !('error' in item));
    const verdicts = await scoreTexts(valid.map((item) => item.text), model.classifier);
    let k = 0;
    const out = items.map((item) => {
      if ('error' in item) return JSON.stringify(classifyErrorLine(item.id, item.error));
      const v = verdicts[k++];
      const line: ClassifyLine = { id: item.id, score: round3(v.score), flagged: v.flagged, reasons: v.reasons };
      return JSON.stringify(line);
    });
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
