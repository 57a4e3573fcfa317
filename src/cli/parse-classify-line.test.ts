import { expect, test } from 'vitest';
import { parseClassifyLine } from './parse-classify-line';

test.each([
  ['{"id":"a","text":"hi"}', 7, { id: 'a', text: 'hi' }],
  ['{"id":3,"text":"hi"}', 7, { id: 3, text: 'hi' }],
  ['{"text":"hi"}', 7, { id: 7, text: 'hi' }],
  ['{"id":null,"text":"hi"}', 7, { id: 7, text: 'hi' }],
  ['{"text":"hi","extra":true}', 0, { id: 0, text: 'hi' }],
])('valid line %s', (line, n, expected) => {
  expect(parseClassifyLine(line, n)).toEqual(expected);
});

test.each([
  ['not json', 2, 2, /invalid JSON/],
  ['[1,2]', 2, 2, /JSON object/],
  ['"text"', 2, 2, /JSON object/],
  ['{"id":"x"}', 2, 'x', /missing "text"/],
  ['{"id":"x","text":5}', 2, 'x', /missing "text"/],
  ['{"id":{"a":1},"text":"t"}', 2, 2, /"id" must be/],
])('bad line %s → error with id', (line, n, id, pattern) => {
  const r = parseClassifyLine(line, n);
  expect(r.id).toBe(id);
  expect('error' in r && r.error).toMatch(pattern);
});
