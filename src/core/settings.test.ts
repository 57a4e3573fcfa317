import { describe, expect, it } from 'vitest';
import { DEFAULTS, migrations, normaliseHost, thresholdFor, validateSettings, SETTINGS_SCHEMA_VERSION } from './settings';

describe('validateSettings', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'balanced'],
    ['an array', [1, 2]],
    ['an empty object', {}],
  ])('gives the defaults for %s', (_name, input) => {
    expect(validateSettings(input)).toEqual(DEFAULTS);
  });

  it('keeps valid values', () => {
    const s = { schemaVersion: 1, sensitivity: 'high', autoScan: false, collectSamples: true, denyList: ['bank.example'], allowList: ['news.example'] };
    expect(validateSettings(s)).toEqual(s);
  });

  it.each([
    ['sensitivity', { sensitivity: 'paranoid' }, 'sensitivity', 'balanced'],
    ['autoScan', { autoScan: 'yes' }, 'autoScan', true],
    ['collectSamples', { collectSamples: 1 }, 'collectSamples', false],
    ['denyList', { denyList: 'bank.example' }, 'denyList', []],
  ])('falls back to the default for a wrong %s', (_n, input, key, expected) => {
    expect(validateSettings({ schemaVersion: 1, ...input })[key as keyof typeof DEFAULTS]).toEqual(expected);
  });

  it('normalises, de-duplicates and filters host lists; drops unknown keys', () => {
    const s = validateSettings({
      schemaVersion: 1,
      denyList: ['https://Bank.Example/login', 'bank.example', 'bad host', 42, '*.ads.example', 'x.example:8080', ''],
      evil: '<script>',
    });
    expect(s.denyList).toEqual(['bank.example', '*.ads.example', 'x.example']);
    expect('evil' in s).toBe(false);
  });

  it('caps list length', () => {
    const many = Array.from({ length: 900 }, (_, i) => `h${i}.example`);
    expect(validateSettings({ schemaVersion: 1, allowList: many }).allowList).toHaveLength(500);
  });

  it('migrates a version-0 object (enabled/collect) to the current schema', () => {
    expect(validateSettings({ enabled: false, collect: true, sensitivity: 'low' })).toEqual({
      ...DEFAULTS,
      autoScan: false,
      collectSamples: true,
      sensitivity: 'low',
    });
    expect(migrations).toHaveLength(SETTINGS_SCHEMA_VERSION);
  });

  it('reads an object from a newer schema without failing', () => {
    expect(validateSettings({ schemaVersion: 7, sensitivity: 'high', future: 1 }).sensitivity).toBe('high');
  });
});

describe('normaliseHost', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['http://a.example/path?q', 'a.example'],
    ['a.example.', 'a.example'],
    ['*.b.example', '*.b.example'],
    ['two words', ''],
    ['Bücher.example', 'xn--bcher-kva.example'],
    ['*.bücher.example', '*.xn--bcher-kva.example'],
    ['.leading.dot', ''],
    ['', ''],
    ['a'.repeat(300), ''],
  ])('%s → %s', (input, out) => expect(normaliseHost(input)).toBe(out));
});

describe('thresholdFor', () => {
  it('balanced is the shipped threshold exactly, even near 1', () => {
    expect(thresholdFor('balanced', 0.5)).toBe(0.5);
    expect(thresholdFor('balanced', 0.9928)).toBe(0.9928);
  });
  it('low asks for more evidence and high for less, in log-odds, at any shipped threshold', () => {
    for (const t of [0.1, 0.5, 0.82, 0.9928]) {
      expect(thresholdFor('low', t)).toBeGreaterThan(t);
      expect(thresholdFor('high', t)).toBeLessThan(t);
      expect(thresholdFor('low', t)).toBeLessThan(1);
      expect(thresholdFor('high', t)).toBeGreaterThan(0);
    }
    // 1.5 log-odds around 0.5: sigmoid(±1.5)
    expect(thresholdFor('low', 0.5)).toBeCloseTo(0.8176, 4);
    expect(thresholdFor('high', 0.5)).toBeCloseTo(0.1824, 4);
  });
});
