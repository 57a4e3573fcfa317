/**
 * The popup for one tab: verdict, findings grouped by severity, what to do about them. Page text only ever
 * reaches the DOM as text children (Preact escapes them); never as HTML.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { PageAction, PageReport, Verdict } from '../../core/types';
import type { TabState } from '../messages';
import { FindingCard } from './finding-card';
import { groupFindings } from './group-findings';
import type { PopupTransport } from './popup-transport';

/** Scans finish in the background; the popup follows them by polling its own small state. */
const POLL_BUSY_MS = 400;
const POLL_IDLE_MS = 2_000;
/** Beyond this many findings per group the rest sit behind a "show more" button (huge pages stay responsive). */
const FINDINGS_PAGE_SIZE = 50;

const VERDICT_TEXT: Record<Verdict, string> = {
  clean: 'Clean',
  suspicious: 'Suspicious',
  injected: 'Injection found',
};

export function App({ transport }: { transport: PopupTransport }) {
  const [tabId, setTabId] = useState<number | null>(null);
  const [state, setState] = useState<TabState | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const refresh = useCallback(
    async (id: number) => {
      try {
        const next = await transport.getState(id);
        setState(next);
        setFailure(null);
        const working = next.status === 'scanning' || next.report?.modelStatus === 'loading' || next.topPending === true;
        timer.current = setTimeout(() => void refresh(id), working ? POLL_BUSY_MS : POLL_IDLE_MS);
      } catch (error) {
        setFailure(String(error instanceof Error ? error.message : error));
        timer.current = setTimeout(() => void refresh(id), POLL_IDLE_MS);
      }
    },
    [transport],
  );

  useEffect(() => {
    transport
      .tabId()
      .then((id) => {
        setTabId(id);
        void refresh(id);
      })
      .catch((error) => setFailure(String(error)));
    return () => clearTimeout(timer.current);
  }, [transport, refresh]);

  const run = async (label: string, job: () => Promise<string>): Promise<void> => {
    setBusy(true);
    setNotice(`${label}…`);
    try {
      setNotice(await job());
    } catch (error) {
      setNotice(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const act = (action: PageAction, label: string, describe: (count: number, text?: string) => string) =>
    run(label, async () => {
      if (tabId === null) throw new Error('no tab');
      const result = await transport.act(tabId, action);
      if (!result.ok) throw new Error(result.error ?? 'the page did not answer');
      if (action.kind === 'clean-copy') await transport.copy(result.text ?? '');
      return describe(result.count ?? 0, result.text);
    });

  const scan = () =>
    run('Scanning', async () => {
      if (tabId === null) throw new Error('no tab');
      setState(await transport.scan(tabId));
      clearTimeout(timer.current);
      void refresh(tabId);
      return 'Scan requested.';
    });

  const report = state?.report ?? null;
  const hasFindings = (report?.findings.length ?? 0) > 0;
  const restricted = state?.status === 'restricted';

  return (
    <main class="popup" data-testid="popup" aria-busy={state?.status === 'scanning'}>
      <header class="header">
        <h1>Injection Lens</h1>
        <VerdictPill state={state} />
        <button type="button" data-testid="scan" onClick={scan} disabled={busy || restricted || tabId === null}>
          Scan
        </button>
      </header>
      {state?.url ? (
        <p class="url" data-testid="url" title={state.url}>
          {state.url}
        </p>
      ) : null}

      <Status state={state} failure={failure} />
      {report ? <Notes report={report} /> : null}

      {hasFindings ? (
        <div class="toolbar" role="group" aria-label="Page actions">
          <button type="button" data-testid="reveal-all" disabled={busy} onClick={() => act({ kind: 'reveal-all' }, 'Revealing', (n) => `Marked ${n} hidden text block${n === 1 ? '' : 's'} in the page.`)}>
            Reveal hidden text
          </button>
          <button type="button" data-testid="clean-copy" disabled={busy} onClick={() => act({ kind: 'clean-copy' }, 'Copying', (n, text) => `Copied ${text?.length ?? 0} characters for your assistant; left out ${n} flagged block${n === 1 ? '' : 's'}.`)}>
            Copy for AI
          </button>
          <button type="button" data-testid="neutralise" disabled={busy} onClick={() => act({ kind: 'neutralise' }, 'Neutralising', (n) => `Neutralised ${n} flagged block${n === 1 ? '' : 's'} until the page reloads.`)}>
            Neutralise
          </button>
          <button type="button" data-testid="clear" disabled={busy} onClick={() => act({ kind: 'clear' }, 'Clearing', () => 'Removed our marks from the page.')}>
            Clear marks
          </button>
        </div>
      ) : null}

      <p class="notice" data-testid="notice" role="status" aria-live="polite">
        {notice}
      </p>

      {report ? (
        <Findings report={report} onShow={(id) => act({ kind: 'show', segmentId: id }, 'Showing', () => 'Outlined in the page.')} busy={busy} />
      ) : null}

      {state?.selection ? (
        <section class="selection" data-testid="selection-check" aria-label="Selected text check">
          <h2>Selected text: {VERDICT_TEXT[state.selection.report.verdict]}</h2>
          {state.selection.report.findings.length === 0 ? <p>Nothing in the selection reads as aimed at an AI agent.</p> : null}
          {state.selection.report.findings.map((f) => (
            <FindingCard key={`sel-${f.segmentId}`} finding={f} />
          ))}
        </section>
      ) : null}

      <footer class="footer">
        <button type="button" class="link" data-testid="open-demo" onClick={() => void transport.open('demo')}>
          Open demo
        </button>
        <button type="button" class="link" data-testid="open-samples" onClick={() => void transport.open('samples')}>
          Open samples
        </button>
        <button type="button" class="link" data-testid="open-options" onClick={() => void transport.open('options')}>
          Options
        </button>
      </footer>
    </main>
  );
}

function VerdictPill({ state }: { state: TabState | null }) {
  const report = state?.report;
  if (!report) return <span class="pill pill-none" data-testid="verdict" data-verdict="none">—</span>;
  return (
    <span class={`pill pill-${report.verdict}`} data-testid="verdict" data-verdict={report.verdict}>
      {VERDICT_TEXT[report.verdict]}
    </span>
  );
}

function Status({ state, failure }: { state: TabState | null; failure: string | null }) {
  if (failure) {
    return (
      <p class="state state-error" data-testid="state-error" role="alert">
        Cannot reach the extension: {failure}
      </p>
    );
  }
  if (!state) return <p class="state" data-testid="state-loading">Loading…</p>;
  if (state.status === 'restricted') {
    return (
      <p class="state" data-testid="state-restricted">
        This page cannot be scanned: browsers do not let extensions read their own pages or the extension stores.
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <p class="state state-error" data-testid="state-error" role="alert">
        The scan failed: {state.error}
      </p>
    );
  }
  if (state.error) return <p class="state" data-testid="state-denied">{state.error}</p>;
  if (state.status === 'scanning' && !state.report) return <p class="state" data-testid="state-scanning">Scanning this page…</p>;
  if (state.status === 'idle' && !state.report) {
    return (
      <p class="state" data-testid="state-idle">
        {state.waitingForClick ? 'Automatic scanning is off for this site. Press Scan to check this page.' : 'Not scanned yet. Press Scan.'}
      </p>
    );
  }
  if (state.report && state.report.findings.length === 0 && state.topPending) {
    // Frames scan themselves and load first: their "nothing found" is not yet a verdict on the page.
    return (
      <p class="state" data-testid="state-reading">
        Reading this page… (the frames read so far hold nothing aimed at an AI agent)
      </p>
    );
  }
  if (state.report && state.report.findings.length === 0) {
    return (
      <p class="state state-clean" data-testid="state-empty">
        Nothing on this page reads as aimed at an AI agent ({state.report.segmentCount} text blocks checked).
      </p>
    );
  }
  return null;
}

function Notes({ report }: { report: PageReport }) {
  return (
    <>
      {report.modelStatus === 'unavailable' ? (
        <p class="note" data-testid="model-unavailable">
          The classifier model is unavailable; findings come from rules only.
        </p>
      ) : null}
      {report.modelStatus === 'loading' ? (
        <p class="note" data-testid="model-loading">
          Loading the classifier; rule-based findings shown meanwhile.
        </p>
      ) : null}
      {report.closedShadowRoots > 0 ? (
        <p class="note" data-testid="closed-shadow-roots">
          {report.closedShadowRoots} closed shadow root{report.closedShadowRoots === 1 ? '' : 's'} on this page cannot be read by any
          extension; text inside {report.closedShadowRoots === 1 ? 'it' : 'them'} was not checked.
        </p>
      ) : null}
    </>
  );
}

function Findings({ report, onShow, busy }: { report: PageReport; onShow(id: number): void; busy: boolean }) {
  const [limits, setLimits] = useState<Record<string, number>>({});
  const groups = groupFindings(report.findings);
  return (
    <div data-testid="findings">
      {groups.map((group) => {
        const limit = limits[group.severity] ?? FINDINGS_PAGE_SIZE;
        return (
          <section key={group.severity} class={`group group-${group.severity}`} data-testid={`group-${group.severity}`}>
            <h2>
              {group.severity === 'high' ? 'High' : group.severity === 'medium' ? 'Medium' : 'Low'} severity ({group.findings.length})
            </h2>
            {group.findings.slice(0, limit).map((finding) => (
              <FindingCard key={finding.segmentId} finding={finding} onShow={() => onShow(finding.segmentId)} busy={busy} />
            ))}
            {group.findings.length > limit ? (
              <button type="button" class="link" onClick={() => setLimits({ ...limits, [group.severity]: limit + FINDINGS_PAGE_SIZE })}>
                Show {Math.min(FINDINGS_PAGE_SIZE, group.findings.length - limit)} more
              </button>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
