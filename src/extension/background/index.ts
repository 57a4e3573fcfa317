/**
 * Background (Chrome service worker / Firefox event page).
 *
 *   content:report (per frame) ──► frames[tab] ──merge──► segments ──► model scores (cache → offscreen/worker)
 *                                                             └──────► analyseSegments ──► PageReport
 *   PageReport ──► tab store (storage.session) ──► badge (count, worst severity) ──► popup:get-tab-state
 *   popup:act ──► route ids to frames ──► background:act (content) ;  popup:scan / shortcut ──► background:scan-now
 *
 * Listeners are registered synchronously at top level (MV3 wakes us for the event that is already queued)
 * and await settings inside.
 */
import browser, { type Tabs } from 'webextension-polyfill';
import { analyseSegments } from '../../core/analyse';
import { chooseBlocks } from '../../core/choose-blocks';
import { DEFAULTS, type Settings } from '../../core/settings';
import type { ActionResult, PageAction, PageReport, Segment } from '../../core/types';
import { MAX_RAW_CHARS, type ContentReport, type SelectionCheck, type TabState } from '../messages';
import { listen, send } from '../messaging';
import { loadSettings, onSettingsChanged } from '../options/settings-store';
import { recordFindings } from '../samples/sample-store';
import { badgeFor } from './badge-for';
import { createModelClient } from './create-model-client';
import { createScoreCache } from './create-score-cache';
import { createTabStore, type SessionArea } from './create-tab-store';
import { isRestrictedUrl } from './is-restricted-url';
import { idsByFrame, mergeFrames, type FrameScan, type MergedScan, type Route } from './merge-frames';
import { awaitingTopFrame, scanPolicy } from './scan-policy';
import { selectionSegment } from './selection-segment';

const IS_FIREFOX = import.meta.env.MODE === 'firefox';
/** Frames of one page report within a few ms of each other: analyse once for all of them. */
const ANALYSE_DEBOUNCE_MS = 120;
/** After injecting the content script on click, its listener needs a moment to be registered. */
const INJECT_RETRY_DELAY_MS = 150;
const CONTEXT_MENU_ID = 'check-selection';
/** Segments kept per frame between full rescans (incremental reports add to them). */
const MAX_SEGMENTS_PER_FRAME = 10_000;
/** Characters of each segment sent to the classifier. */
const MODEL_TEXT_CHARS = 4_000;
const SCAN_COMMAND = 'scan-page';

const model = createModelClient(!IS_FIREFOX);
const store = createTabStore((browser.storage as unknown as { session?: SessionArea }).session ?? null);
const scoreCache = createScoreCache();
let modelInfo: { version: string; threshold: number } | null = null;

const frames = new Map<number, Map<number, FrameScan>>();
const merged = new Map<number, MergedScan>();
const analyseTimers = new Map<number, ReturnType<typeof setTimeout>>();
const generations = new Map<number, number>();

let settings: Settings = DEFAULTS;
const settingsReady: Promise<Settings> = loadSettings()
  .then((s: Settings) => (settings = s))
  .catch(() => settings);

// ---------------------------------------------------------------- listeners (top level, synchronous)

listen('background', {
  'content:report': async (report, sender) => {
    await settingsReady;
    onContentReport(sender.tab!.id!, sender.frameId ?? 0, report);
  },
  // A lazy scan's blocks: scored here (cache, worker), the few that could give a finding are rescanned in the page.
  'content:choose': async ({ texts, smuggled }) => {
    await settingsReady;
    const scores = await scoreTexts(texts.map((t) => t.slice(0, MODEL_TEXT_CHARS)));
    return chooseBlocks(texts, scores, smuggled, { threshold: modelInfo?.threshold ?? 0.5, sensitivity: settings.sensitivity });
  },
  'popup:get-tab-state': ({ tabId }) => getTabState(tabId),
  'popup:scan': ({ tabId }) => scanTab(tabId),
  'popup:act': ({ tabId, action }) => act(tabId, action),
  'popup:check-text': ({ text }) => checkText(text, ''),
  'popup:get-badge': async ({ tabId }) => {
    const text = await browser.action.getBadgeText({ tabId });
    const [r, g, b] = (await browser.action.getBadgeBackgroundColor({ tabId })) as number[];
    const hex = (n: number): string => n.toString(16).padStart(2, '0').toUpperCase();
    return { text, color: `#${hex(r)}${hex(g)}${hex(b)}` };
  },
});

browser.tabs.onUpdated.addListener((tabId, info, tab) => {
  // A new document (or an SPA route change) starts from nothing: the badge of the last page must not linger.
  if (info.status === 'loading' || info.url !== undefined) void resetTab(tabId, tab.url ?? info.url);
});

browser.tabs.onRemoved.addListener((tabId) => {
  frames.delete(tabId);
  merged.delete(tabId);
  generations.delete(tabId);
  void store.remove(tabId);
});

browser.runtime.onInstalled.addListener(() => {
  void (async () => {
    await browser.contextMenus.removeAll();
    browser.contextMenus.create({
      id: CONTEXT_MENU_ID,
      title: 'Check selected text with Injection Lens',
      contexts: ['selection'],
    });
  })().catch(() => undefined);
});

browser.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId !== CONTEXT_MENU_ID || !info.selectionText) return;
  // openPopup must be called while the click still counts as a user gesture, so before any await.
  const opened = browser.action.openPopup?.().catch(() => undefined);
  void checkSelection(tab, info.selectionText).then(() => opened);
});

browser.commands.onCommand.addListener((command, tab) => {
  if (command !== SCAN_COMMAND) return;
  void (async () => {
    const target = tab ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0];
    if (target?.id !== undefined) await scanTab(target.id);
  })().catch(() => undefined);
});

onSettingsChanged((next: Settings) => {
  settings = next;
  // Sensitivity changes the verdicts: re-judge what we already have.
  for (const tabId of frames.keys()) scheduleAnalyse(tabId);
});

// ---------------------------------------------------------------- tab state

function emptyState(tabId: number, url: string): TabState {
  if (isRestrictedUrl(url)) return { tabId, url, status: 'restricted', report: null, error: null };
  const policy = scanPolicy(url, settings);
  if (policy === 'never') {
    return { tabId, url, status: 'idle', report: null, error: 'This site is on your deny list (see Options).' };
  }
  return { tabId, url, status: policy === 'auto' ? 'scanning' : 'idle', report: null, error: null, waitingForClick: policy === 'on-click' };
}

async function tabUrl(tabId: number): Promise<string> {
  try {
    return (await browser.tabs.get(tabId)).url ?? '';
  } catch {
    return '';
  }
}

async function getTabState(tabId: number): Promise<TabState> {
  await settingsReady;
  const record = await store.get(tabId);
  if (record) return record.state;
  return emptyState(tabId, await tabUrl(tabId));
}

async function putState(state: TabState, routes: Record<string, Route> = {}): Promise<void> {
  await store.put(state.tabId, { state, routes });
  await setBadge(state.tabId, state);
}

/** The toolbar button's tooltip says in words what the badge says in colour (screen readers read the title). */
function actionTitle(state: TabState): string {
  const report = state.report;
  if (state.status === 'restricted') return 'Injection Lens: this page cannot be scanned';
  if (state.status === 'error') return 'Injection Lens: the scan failed';
  if (!report) return 'Injection Lens';
  const n = report.findings.length;
  if (n === 0 && state.topPending) return 'Injection Lens: reading the page…';
  return n === 0 ? 'Injection Lens: nothing aimed at AI agents found' : `Injection Lens: ${n} finding${n === 1 ? '' : 's'} (${report.verdict})`;
}

async function setBadge(tabId: number, state: TabState): Promise<void> {
  const badge = badgeFor(state.status, state.report);
  try {
    await browser.action.setTitle({ tabId, title: actionTitle(state) });
    // Colour before text: a count never shows, even for a moment, on the browser's default badge colour.
    if (badge.text) {
      await browser.action.setBadgeBackgroundColor({ tabId, color: badge.color });
      await (browser.action as unknown as { setBadgeTextColor?(d: object): Promise<void> }).setBadgeTextColor?.({ tabId, color: '#FFFFFF' });
    }
    await browser.action.setBadgeText({ tabId, text: badge.text });
  } catch {
    // The tab may be gone already.
  }
}

async function resetTab(tabId: number, url: string | undefined): Promise<void> {
  await settingsReady;
  frames.delete(tabId);
  merged.delete(tabId);
  generations.set(tabId, (generations.get(tabId) ?? 0) + 1);
  const previous = await store.get(tabId);
  const state = emptyState(tabId, url ?? (await tabUrl(tabId)));
  // The selection check belongs to the tab, not the page: keep it until the next check.
  await putState({ ...state, selection: previous?.state.selection ?? null });
}

// ---------------------------------------------------------------- reports → analysis

function onContentReport(tabId: number, frameId: number, report: ContentReport): void {
  const tabFrames = frames.get(tabId) ?? new Map<number, FrameScan>();
  frames.set(tabId, tabFrames);
  const previous = tabFrames.get(frameId);
  if (!report.full && !previous) {
    // Additions to a frame we know nothing of (the service worker restarted since its full scan): ask for a full one.
    void send('background:scan-now', {}, { tabId, frameId }).catch(() => undefined);
  }
  const segments: Segment[] =
    report.full || !previous
      ? report.segments
      : // Incremental ids are the frame's to keep unique; a page that never stops changing keeps its newest text.
        [...previous.segments, ...report.segments].slice(-MAX_SEGMENTS_PER_FRAME);
  tabFrames.set(frameId, {
    url: report.url,
    segments,
    closedShadowRoots: report.closedShadowRoots,
    timings: report.timings,
    truncated: report.truncated,
    // mutation reports add segments to the frame's last full read
    blocks: report.full ? report.blocks : (previous?.blocks ?? 0) + report.segments.length,
  });
  scheduleAnalyse(tabId);
}

function scheduleAnalyse(tabId: number): void {
  clearTimeout(analyseTimers.get(tabId));
  analyseTimers.set(
    tabId,
    setTimeout(() => {
      analyseTimers.delete(tabId);
      void analyseTab(tabId).catch((error) => putFailure(tabId, error));
    }, ANALYSE_DEBOUNCE_MS),
  );
}

async function putFailure(tabId: number, error: unknown): Promise<void> {
  const previous = await store.get(tabId);
  const url = previous?.state.url ?? (await tabUrl(tabId));
  await putState({ tabId, url, status: 'error', report: null, error: error instanceof Error ? error.message : String(error) });
}

/** Model scores aligned with `texts`; null when the model is unavailable. Only unseen texts go to the model. */
async function scoreTexts(texts: string[]): Promise<number[] | null> {
  const known = modelInfo;
  const missing = known ? [...new Set(texts.filter((t) => scoreCache.get(known.version, t) === undefined))] : [...new Set(texts)];
  if (missing.length > 0) {
    try {
      const result = await model.classify(missing);
      modelInfo = { version: result.version, threshold: result.threshold };
      missing.forEach((t, i) => scoreCache.set(result.version, t, result.scores[i] ?? 0));
    } catch {
      return null;
    }
  }
  const info = modelInfo;
  if (!info) return null;
  return texts.map((t) => scoreCache.get(info.version, t) ?? 0);
}

function buildReport(url: string, scan: MergedScan, scores: number[] | null, extraTimings: Record<string, number>): PageReport {
  const t0 = performance.now();
  const { findings, verdict, score } = analyseSegments(scan.segments, scores, {
    threshold: modelInfo?.threshold ?? 0.5,
    sensitivity: settings.sensitivity,
    url,
  });
  const analyseMs = performance.now() - t0;
  return {
    url,
    verdict,
    score,
    findings,
    segmentCount: Math.max(scan.blocks, scan.segments.length),
    closedShadowRoots: scan.closedShadowRoots,
    modelStatus: scores ? 'ready' : model.status === 'loading' ? 'loading' : 'unavailable',
    modelVersion: scores ? (modelInfo?.version ?? null) : null,
    timings: { ...scan.timings, ...extraTimings, analyse: Math.round(analyseMs * 10) / 10 },
    scannedAt: Date.now(),
  };
}

async function analyseTab(tabId: number): Promise<void> {
  const tabFrames = frames.get(tabId);
  if (!tabFrames) return;
  const generation = (generations.get(tabId) ?? 0) + 1;
  generations.set(tabId, generation);
  const scan = mergeFrames(tabFrames);
  merged.set(tabId, scan);
  const url = tabFrames.get(0)?.url ?? (await tabUrl(tabId));
  const topPending = awaitingTopFrame(tabFrames.has(0), url, settings, isRestrictedUrl(url));
  const previous = await store.get(tabId);
  const selection = previous?.state.selection ?? null;
  const publish = async (report: PageReport): Promise<void> => {
    if (generations.get(tabId) !== generation) return; // a newer scan or a navigation won
    const routes: Record<string, Route> = {};
    for (const f of report.findings) {
      const route = scan.routes.get(f.segmentId);
      if (route) routes[f.segmentId] = route;
    }
    await putState({ tabId, url, status: 'done', report, error: null, selection, ...(topPending ? { topPending } : {}) }, routes);
  };
  // The classifier reads a bounded prefix; sending more only costs message size (and cache keys).
  const texts = scan.segments.map((s) => s.text.slice(0, MODEL_TEXT_CHARS));
  // While the model warms up (first load compiles ~14 MB of wasm), show rule-based findings at once.
  if (model.status !== 'ready') await publish(buildReport(url, scan, null, {}));
  const t0 = performance.now();
  const scores = await scoreTexts(texts);
  const report = buildReport(url, scan, scores, { model: Math.round(performance.now() - t0) });
  await publish(report);
  if (settings.collectSamples && report.findings.length > 0 && generations.get(tabId) === generation) {
    await recordFindings(report, url).catch(() => undefined);
  }
}

// ---------------------------------------------------------------- scans, actions, selection

function contentScriptFile(): string | undefined {
  return browser.runtime.getManifest().content_scripts?.[0]?.js?.[0];
}

async function scanTab(tabId: number): Promise<TabState> {
  await settingsReady;
  const url = await tabUrl(tabId);
  if (isRestrictedUrl(url)) {
    const state: TabState = { tabId, url, status: 'restricted', report: null, error: null };
    await putState(state);
    return state;
  }
  if (scanPolicy(url, settings) === 'never') return emptyState(tabId, url);
  const previous = await store.get(tabId);
  const state: TabState = { tabId, url, status: 'scanning', report: previous?.state.report ?? null, error: null, selection: previous?.state.selection ?? null };
  await store.put(tabId, { state, routes: previous?.routes ?? {} });
  try {
    await send('background:scan-now', {}, { tabId });
  } catch {
    // No content script here (installed after the page loaded, or on-click mode): inject it with activeTab.
    const file = contentScriptFile();
    if (!file) throw new Error('content script missing from manifest');
    await browser.scripting.executeScript({ target: { tabId, allFrames: true }, files: [file] });
    await new Promise((r) => setTimeout(r, INJECT_RETRY_DELAY_MS));
    await send('background:scan-now', {}, { tabId });
  }
  return state;
}

async function act(tabId: number, action: PageAction): Promise<ActionResult> {
  const record = await store.get(tabId);
  const report = record?.state.report;
  const routes: Record<string, Route> | Map<number, Route> = merged.get(tabId)?.routes ?? record?.routes ?? {};
  const flagged = report?.findings.map((f) => f.segmentId) ?? [];
  const byFrame = idsByFrame(flagged, routes);
  if (action.kind === 'show') {
    const target = idsByFrame([action.segmentId], routes);
    const [frameId, ids] = [...target][0] ?? [];
    if (frameId === undefined || !ids) return { ok: false, error: 'That finding is gone from the page; scan again.' };
    return send('background:act', { action: { kind: 'show', segmentId: ids[0]! }, flagged: byFrame.get(frameId) ?? [] }, { tabId, frameId });
  }
  // Page-wide actions go to every frame that holds findings (and the top frame, which owns the clean copy).
  const frameIds = new Set([0, ...byFrame.keys()]);
  const results = await Promise.all(
    [...frameIds].map((frameId) =>
      send('background:act', { action, flagged: byFrame.get(frameId) ?? [] }, { tabId, frameId }).catch(
        (error: unknown): ActionResult => ({ ok: false, error: String(error) }),
      ),
    ),
  );
  const top = results[0]!;
  const count = results.reduce((n, r) => n + (r.count ?? 0), 0);
  const text = action.kind === 'clean-copy' ? results.map((r) => r.text ?? '').filter(Boolean).join('\n\n') : undefined;
  return { ok: results.some((r) => r.ok), count, ...(text !== undefined ? { text } : {}), ...(top.ok ? {} : { error: top.error }) };
}

async function checkText(text: string, url: string): Promise<PageReport> {
  await settingsReady;
  const segments = [selectionSegment(text.slice(0, MAX_RAW_CHARS * 10))];
  const scores = await scoreTexts(segments.map((s) => s.text.slice(0, MODEL_TEXT_CHARS)));
  return buildReport(url, { segments, routes: new Map(), closedShadowRoots: 0, timings: {}, truncated: false, blocks: segments.length }, scores, {});
}

async function checkSelection(tab: Tabs.Tab | undefined, text: string): Promise<void> {
  const report = await checkText(text, tab?.url ?? '');
  if (tab?.id === undefined) return;
  const selection: SelectionCheck = { text: text.slice(0, MAX_RAW_CHARS), report, checkedAt: Date.now() };
  const record = await store.get(tab.id);
  const state = record?.state ?? emptyState(tab.id, tab.url ?? '');
  await store.put(tab.id, { state: { ...state, selection }, routes: record?.routes ?? {} });
}
