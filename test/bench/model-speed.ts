/**
 * Model speed in onnxruntime-web (wasm, one thread) under Node: batched segments/s, p50 single-segment latency
 * and load time, each the median over several runs. `npx tsx test/bench/model-speed.ts [--models DIR]` prints them
 * (DIR defaults to models/; any model kind the classifier reads: bag or token CNN).
 * Segments are synthetic page-like texts (no data needed): mostly short UI strings and sentences, some paragraphs.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadShippedClassifier } from '../../src/model/load-node';
import { median } from './bench-stats';

const RUNS = 5;
const BATCH_SEGMENTS = 1_000;
const SINGLE_CALLS = 200;

const WORDS =
  'the page menu search results article share comment read more sign in subscribe privacy policy cookies accept news weather sports about contact help settings download video photo price cart checkout shipping review rating product free delivery account password email newsletter update today report analysis city government market company said year people time new'.split(' ');

/** Deterministic page-like segments: lengths follow a rough page mix (many 1–6 words, some 20–120). */
export function syntheticSegments(n: number, seed = 7): string[] {
  let a = seed;
  const rnd = () => ((a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 4294967296);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const u = rnd();
    const len = u < 0.5 ? 1 + Math.floor(rnd() * 6) : u < 0.85 ? 8 + Math.floor(rnd() * 20) : 40 + Math.floor(rnd() * 80);
    const words: string[] = [];
    for (let k = 0; k < len; k++) words.push(WORDS[Math.floor(rnd() * WORDS.length)]);
    out.push(words.join(' ') + (len > 6 ? '.' : ''));
  }
  return out;
}

export async function benchModelSpeed(
  modelsDir?: string,
): Promise<{ segmentsPerSecond: number; segmentsPerCpuSecond: number; p50SingleMs: number; loadMs: number }> {
  const loads: number[] = [];
  let classifier = null as Awaited<ReturnType<typeof loadShippedClassifier>> | null;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    classifier = await loadShippedClassifier(modelsDir);
    loads.push(performance.now() - t0);
  }
  const c = classifier!;
  const segments = syntheticSegments(BATCH_SEGMENTS);
  await c.score(segments.slice(0, 100)); // warm-up
  const rates: number[] = [];
  // CPU time as well as wall time: on a shared machine the wall-clock rate mostly measures the neighbours
  const cpuRates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await c.score(segments);
    const cpu = process.cpuUsage(c0);
    rates.push(segments.length / ((performance.now() - t0) / 1000));
    cpuRates.push(segments.length / ((cpu.user + cpu.system) / 1e6));
  }
  const singles: number[] = [];
  for (let i = 0; i < SINGLE_CALLS; i++) {
    const t0 = performance.now();
    await c.score([segments[i]]);
    singles.push(performance.now() - t0);
  }
  return { segmentsPerSecond: median(rates), segmentsPerCpuSecond: median(cpuRates), p50SingleMs: median(singles), loadMs: median(loads) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--models');
  benchModelSpeed(i > 0 ? process.argv[i + 1] : undefined).then((r) => {
    console.log(`segments/s (batched, 1 thread): ${r.segmentsPerSecond.toFixed(0)}`);
    console.log(`segments per CPU-second (batched, 1 thread): ${r.segmentsPerCpuSecond.toFixed(0)}`);
    console.log(`p50 single-segment latency: ${r.p50SingleMs.toFixed(2)} ms`);
    console.log(`model load: ${r.loadMs.toFixed(0)} ms`);
  });
}
