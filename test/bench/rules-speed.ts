/**
 * What the rule gates (src/core/rule-gates.ts) save, in Node, over every page segment the training loader reads
 * from ../shared/data/pages: ms for normalising, for every pattern over every segment (ungated, the old
 * evaluation), and for the gated evaluator; median of RUNS, ungated and gated interleaved in each run so both see
 * the same machine load. Process CPU time (process.cpuUsage) is the figure to read on a shared machine: wall time
 * also counts the time other processes held the cores. Also checks that both give identical hits on every segment
 * (exit status 1 if not).
 *
 *   nice -n 10 npx tsx test/bench/rules-speed.ts [--data DIR]
 */
import { loadPages } from '../../src/train/load-sources';
import { normaliseForMatching } from '../../src/core/normalise';
import { evaluateNormalised, evaluateNormalisedUngated, MAX_RULE_TEXT_CHARS, withoutLinkTargets } from '../../src/core/rules';
import type { RuleHit } from '../../src/core/types';
import { median } from './bench-stats';
import { resolveDataDir } from './bench-data';

const RUNS = 5;

interface Took {
  wall: number;
  cpu: number;
}

function timeMs(f: () => void): Took {
  const t = performance.now();
  const c = process.cpuUsage();
  f();
  const dc = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (dc.user + dc.system) / 1000 };
}

function main(): void {
  const flag = process.argv.indexOf('--data');
  const data = resolveDataDir(flag >= 0 ? process.argv[flag + 1] : undefined);
  const segments = loadPages(data).flatMap((p) => p.segments);
  if (segments.length === 0) {
    console.error(`rules-speed: no pages under ${data}/pages`);
    process.exit(2);
  }
  const chars = segments.reduce((n, s) => n + s.length, 0);
  const prepared = segments.map((s) => withoutLinkTargets(s.length > MAX_RULE_TEXT_CHARS ? s.slice(0, MAX_RULE_TEXT_CHARS) : s));

  let normalised: string[] = [];
  const sink: RuleHit[][] = new Array(segments.length);
  const runs: { normalise: Took; ungated: Took; gated: Took }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const normalise = timeMs(() => (normalised = prepared.map(normaliseForMatching)));
    const ungated = timeMs(() => normalised.forEach((s, i) => (sink[i] = evaluateNormalisedUngated(s))));
    const gated = timeMs(() => normalised.forEach((s, i) => (sink[i] = evaluateNormalised(s))));
    runs.push({ normalise, ungated, gated });
  }

  let differing = 0;
  let withHits = 0;
  for (const s of normalised) {
    const a = JSON.stringify(evaluateNormalisedUngated(s));
    if (a !== JSON.stringify(evaluateNormalised(s))) differing++;
    if (a !== '[]') withHits++;
  }

  console.log(`rules-speed: ${segments.length} segments, ${chars} chars, from ${data}/pages; median of ${RUNS} runs`);
  for (const clock of ['cpu', 'wall'] as const) {
    const of = (k: 'normalise' | 'ungated' | 'gated'): number[] => runs.map((r) => r[k][clock]);
    const ms = (xs: number[]): string => `${median(xs).toFixed(1)} ms (runs ${xs.map((x) => x.toFixed(0)).join(', ')})`;
    const ratios = runs.map((r) => r.ungated[clock] / r.gated[clock]);
    console.log(` ${clock === 'cpu' ? 'process CPU' : 'wall'}:`);
    console.log(`  normalise          ${ms(of('normalise'))}`);
    console.log(`  patterns, ungated  ${ms(of('ungated'))}`);
    console.log(`  patterns, gated    ${ms(of('gated'))}`);
    console.log(`  ungated / gated    ${median(ratios).toFixed(2)}x (median of per-run ratios; of medians ${(median(of('ungated')) / median(of('gated'))).toFixed(2)}x)`);
    console.log(
      `  normalise + rules  ${(median(of('normalise')) + median(of('ungated'))).toFixed(1)} -> ${(median(of('normalise')) + median(of('gated'))).toFixed(1)} ms`,
    );
  }
  console.log(`  segments with any hit: ${withHits}; segments where gated != ungated: ${differing}`);
  if (differing > 0) process.exit(1);
}

main();
