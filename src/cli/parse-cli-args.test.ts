import { describe, expect, test } from 'vitest';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, UsageError, parseCliArgs } from './parse-cli-args';

describe('parseCliArgs', () => {
  test.each([
    [[], { kind: 'help', topic: undefined }],
    [['--help'], { kind: 'help', topic: undefined }],
    [['help', 'scan'], { kind: 'help', topic: 'scan' }],
    [['classify', '--help'], { kind: 'help', topic: 'classify' }],
    [['--version'], { kind: 'version' }],
  ])('%j → %j', (argv, expected) => {
    expect(parseCliArgs(argv)).toEqual(expected);
  });

  test('scan defaults', () => {
    const cmd = parseCliArgs(['scan', 'a.html', 'dir/']);
    expect(cmd).toMatchObject({
      kind: 'scan',
      inputs: ['a.html', 'dir/'],
      options: { concurrency: DEFAULT_CONCURRENCY, timeoutMs: DEFAULT_TIMEOUT_MS, sensitivity: 'balanced', noModel: false, segments: false },
    });
    if (cmd.kind === 'scan') expect(cmd.options.progress).toBeUndefined();
  });

  test('scan options', () => {
    const cmd = parseCliArgs(['scan', '-c', '4', '--timeout', '5000', '--no-model', '--progress', '--sensitivity', 'high', 'x.html']);
    expect(cmd).toMatchObject({ options: { concurrency: 4, timeoutMs: 5000, noModel: true, progress: true, sensitivity: 'high' } });
    expect(parseCliArgs(['scan', '--segments', 'x.html'])).toMatchObject({ options: { segments: true } });
  });

  test('classify reads stdin by default and takes one file', () => {
    expect(parseCliArgs(['classify'])).toMatchObject({ kind: 'classify', file: '-' });
    expect(parseCliArgs(['classify', 'x.jsonl', '--batch', '32'])).toMatchObject({ file: 'x.jsonl', options: { batchSize: 32 } });
  });

  test.each([
    [['frobnicate']],
    [['scan']],
    [['scan', '--concurrency', '0', 'a.html']],
    [['scan', '--concurrency', 'two', 'a.html']],
    [['scan', '--timeout', '-5', 'a.html']],
    [['scan', '--sensitivity', 'paranoid', 'a.html']],
    [['scan', '--bogus', 'a.html']],
    [['scan', '--progress', '--no-progress', 'a.html']],
    [['scan', '--batch', '3', 'a.html']],
    [['classify', 'a.jsonl', 'b.jsonl']],
    [['classify', '--concurrency', '2']],
    [['classify', '--segments']],
  ])('usage error: %j', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
  });
});
