/** One `classify` input line → `{id, text}` or `{id, error}`; never throws. */
/** Lines longer than this are refused without parsing. */
const MAX_LINE_CHARS = 10 * 1024 * 1024;

export type ParsedLine = { id: string | number; text: string } | { id: string | number; error: string };

/** Parses one input line; `lineNo` (0-based) is the id when the line has none. */
export function parseClassifyLine(line: string, lineNo: number): ParsedLine {
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

