/**
 * Enforces DESIGN.md's layer table on every .ts/.tsx file under src/, plus two house rules: the pure layers (core, model)
 * never touch DOM or extension APIs, and no file writes HTML strings into the page or evaluates code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'src');

type Layer = 'core' | 'model' | 'scan' | 'extension' | 'cli' | 'train';
const LAYERS: readonly Layer[] = ['core', 'model', 'scan', 'extension', 'cli', 'train'];

/** Which of our layers each layer may import (itself included). */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  core: ['core'],
  model: ['model', 'core'],
  scan: ['scan', 'core'],
  extension: LAYERS,
  cli: ['cli', 'core', 'model'],
  train: ['train', 'core', 'model'],
};

/**
 * Which packages each layer may import. core and scan: none. model: onnxruntime-web, and Node built-ins for its Node
 * loader (the same classifier runs in Node for the CLI and training). cli/train: Node tools, but no extension APIs.
 */
const EXTENSION_PACKAGES = /^(?:webextension-polyfill|chrome|@types\/chrome|@crxjs\/)/;
function packageAllowed(layer: Layer, spec: string): boolean {
  switch (layer) {
    case 'core':
    case 'scan':
      return false;
    case 'model':
      return spec === 'onnxruntime-web' || spec.startsWith('onnxruntime-web/') || spec.startsWith('node:');
    case 'cli':
    case 'train':
      return !EXTENSION_PACKAGES.test(spec);
    case 'extension':
      return true;
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * Blanks comments (and, when asked, string and template literal contents) keeping line structure, so prose like
 * "the document" or a rule that lists the word "innerHTML" does not count as a use. Quote strings end at a newline,
 * so a quote inside a regex literal cannot swallow more than its line.
 */
function stripSource(src: string, blankStrings: boolean): string {
  let out = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && d === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < n && src[j] !== c && (c === '`' || src[j] !== '\n')) j += src[j] === '\\' ? 2 : 1;
      const body = src.slice(i + 1, Math.min(j, n));
      out += c + (blankStrings ? body.replace(/[^\n]/g, ' ') : body) + (j < n ? src[j] : '');
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

const IMPORT_SPEC = /(?:\bimport\s[^'"`;]*?\bfrom\s*|\bexport\s[^'"`;]*?\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;

function importsOf(src: string): string[] {
  const code = stripSource(src, false);
  const specs: string[] = [];
  for (const m of code.matchAll(IMPORT_SPEC)) specs.push(m[2]);
  return specs;
}

function layerOfPath(abs: string): Layer | 'test' | 'other' {
  const rel = relative(ROOT, abs).split(sep);
  if (rel[0] === 'test') return 'test';
  if (rel[0] === 'src' && (LAYERS as readonly string[]).includes(rel[1])) return rel[1] as Layer;
  return 'other';
}

const files = walk(SRC);
const isTestFile = (f: string): boolean => /\.test\.tsx?$/.test(f);

function layerViolations(file: string): string[] {
  const layer = layerOfPath(file) as Layer;
  const out: string[] = [];
  for (const spec of importsOf(readFileSync(file, 'utf8'))) {
    const where = `${relative(ROOT, file)} imports '${spec}'`;
    if (spec.startsWith('.')) {
      const target = layerOfPath(resolve(dirname(file), spec));
      if (target === 'test') {
        // Tests may use shared fixtures and helpers, and training (repo-only tooling, never bundled) may reuse the
        // benchmarks; code that ships (core, model, scan, extension, cli) may not reach into test/.
        if (!isTestFile(file) && layer !== 'train') out.push(`${where} (test/ from shipped code)`);
      } else if (target === 'other' || !MAY_IMPORT[layer].includes(target)) {
        out.push(`${where} (${layer} → ${target})`);
      }
    } else if (!(isTestFile(file) && (spec === 'vitest' || spec.startsWith('node:'))) && !packageAllowed(layer, spec)) {
      // (Tests beside the source may use vitest and Node built-ins, e.g. to read ../shared/data.)
      out.push(`${where} (package not allowed in ${layer})`);
    }
  }
  return out;
}

const PURE_API = [/\bdocument\b/, /\bwindow\s*\./, /\bchrome\s*\./, /\bbrowser\s*\./];
const HTML_SINKS = [
  /\binnerHTML\b/,
  /\bdangerouslySetInnerHTML\b/,
  /\binsertAdjacentHTML\b/,
  /\bouterHTML\s*=(?!=)/,
  /\bdocument\s*\.\s*write(?:ln)?\s*\(/,
  /(?<![\w.$])eval\s*\(/,
  /\bnew\s+Function\s*\(/,
];

function lineHits(code: string, patterns: RegExp[], file: string): string[] {
  const out: string[] = [];
  code.split('\n').forEach((line, i) => {
    for (const p of patterns) if (p.test(line)) out.push(`${relative(ROOT, file)}:${i + 1} ${p.source}: ${line.trim().slice(0, 100)}`);
  });
  return out;
}

describe('layers (DESIGN.md)', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((f) => layerOfPath(f) === 'core')).toBe(true);
  });

  it('every import stays within its layer', () => {
    expect(files.flatMap(layerViolations)).toEqual([]);
  });

  it('core and model use no DOM or extension APIs', () => {
    const pure = files.filter((f) => layerOfPath(f) === 'core' || layerOfPath(f) === 'model');
    expect(pure.flatMap((f) => lineHits(stripSource(readFileSync(f, 'utf8'), true), PURE_API, f))).toEqual([]);
  });

  it('no file writes HTML strings into a page or evaluates code', () => {
    expect(files.flatMap((f) => lineHits(stripSource(readFileSync(f, 'utf8'), true), HTML_SINKS, f))).toEqual([]);
  });
});

describe('layer checker catches what it should (self-test)', () => {
  it('strips comments and strings but keeps code', () => {
    const code = stripSource("// the document\nconst a = 'innerHTML'; el.innerHTML = x; /* window.y */", true);
    expect(code).not.toMatch(/document|window/);
    expect(code.match(/innerHTML/g)).toHaveLength(1);
  });

  it('reads every import form', () => {
    const src = `import a from '../core/x';\nimport type { B } from "./b";\nexport { c } from '../model/c';\nconst d = await import('../scan/d');\nimport 'side-effect';`;
    expect(importsOf(src)).toEqual(['../core/x', './b', '../model/c', '../scan/d', 'side-effect']);
  });

  it('flags sinks and DOM use', () => {
    expect(lineHits('el.innerHTML = s', HTML_SINKS, join(SRC, 'x.ts'))).toHaveLength(1);
    expect(lineHits('eval(code)', HTML_SINKS, join(SRC, 'x.ts'))).toHaveLength(1);
    expect(lineHits('x.evaluate(code); retrieval(y)', HTML_SINKS, join(SRC, 'x.ts'))).toHaveLength(0);
    expect(lineHits('const t = document.title', PURE_API, join(SRC, 'x.ts'))).toHaveLength(1);
  });
});
