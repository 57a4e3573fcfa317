/**
 * The sample browser: count, search and filters, charts (by technique, by site, over time — CSS bars), a table
 * with delete, and JSONL export (a download) / import (a file input). Everything stays in this browser.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Sample } from '../../core/sample-schema';
import { byTechnique, bySite, overTime, type Bar } from './sample-charts';
import type { ImportResult, SampleStore } from './sample-store';

export type SamplesBackend = Pick<SampleStore, 'listSamples' | 'deleteSamples' | 'exportJsonl' | 'importJsonl'>;

/** Rows drawn at once; the filters narrow the rest. */
const MAX_ROWS = 200;
const EXCERPT_CHARS = 220;

function BarChart({ title, bars, testid }: { title: string; bars: Bar[]; testid: string }) {
  const max = Math.max(1, ...bars.map((b) => b.count));
  return (
    <figure class="chart" data-testid={testid}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 && <p class="muted">No data.</p>}
      {bars.map((b) => (
        <div class="bar-row" key={b.label}>
          <span class="bar-label" title={b.label}>
            {b.label}
          </span>
          <span class="bar-track">
            <span class="bar" style={{ width: `${(100 * b.count) / max}%` }} />
          </span>
          <span class="bar-count">{b.count}</span>
        </div>
      ))}
    </figure>
  );
}

export function SamplesApp({ backend }: { backend: SamplesBackend }) {
  const [all, setAll] = useState<Sample[] | null>(null);
  const [search, setSearch] = useState('');
  const [technique, setTechnique] = useState('');
  const [site, setSite] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState('');

  async function reload(): Promise<void> {
    setAll(await backend.listSamples());
  }
  useEffect(() => {
    void reload().catch((e: unknown) => setMessage(`Could not open the sample store: ${String(e)}`));
  }, [backend]);

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (all ?? []).filter(
      (s) =>
        (!technique || s.techniques.includes(technique)) &&
        (!site || s.site === site) &&
        (!needle || s.text.toLowerCase().includes(needle) || s.url.toLowerCase().includes(needle)),
    );
  }, [all, search, technique, site]);
  const techniques = useMemo(() => [...new Set((all ?? []).flatMap((s) => s.techniques))].sort(), [all]);
  const sites = useMemo(() => [...new Set((all ?? []).map((s) => s.site))].sort(), [all]);

  async function remove(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await backend.deleteSamples(ids);
    setSelected(new Set());
    setMessage(`Deleted ${ids.length} sample${ids.length === 1 ? '' : 's'}.`);
    await reload();
  }

  async function exportFile(): Promise<void> {
    const text = await backend.exportJsonl();
    const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `injection-lens-samples-${new Date().toISOString().slice(0, 10)}.jsonl`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setMessage(`Exported ${text ? text.trim().split('\n').length : 0} samples.`);
  }

  async function importFile(file: File | undefined): Promise<void> {
    if (!file) return;
    let result: ImportResult;
    try {
      result = await backend.importJsonl(await file.text());
    } catch (e) {
      setMessage(`Import failed: ${String(e)}`);
      return;
    }
    const errs = result.errors.length
      ? ` ${result.errors.length} line(s) rejected (first: line ${result.errors[0].line}, ${result.errors[0].error}).`
      : '';
    setMessage(`Imported ${result.imported}, skipped ${result.skipped} already stored.${errs}`);
    await reload();
  }

  const toggle = (id: string): void => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  return (
    <main>
      <header>
        <h1>Injection Lens — samples</h1>
        <p class="muted">
          Findings kept on this computer for research. Nothing leaves it unless you export a file.{' '}
          <b data-testid="sample-count">{all === null ? '…' : `${all.length} stored`}</b>
          {all !== null && shown.length !== all.length && <span data-testid="shown-count"> · {shown.length} match</span>}
        </p>
      </header>

      <section class="toolbar">
        <input type="search" placeholder="Search text or address" data-testid="search" value={search} onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)} />
        <select data-testid="technique-filter" value={technique} onChange={(e) => setTechnique((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">All techniques</option>
          {techniques.map((t) => (
            <option key={t} value={t}>{t}</option>
          ))}
        </select>
        <select data-testid="site-filter" value={site} onChange={(e) => setSite((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">All sites</option>
          {sites.map((s) => (
            <option key={s} value={s}>{s || '(no site)'}</option>
          ))}
        </select>
        <button type="button" data-testid="export" onClick={() => void exportFile()}>Export JSONL</button>
        <label class="file">
          Import JSONL
          <input type="file" accept=".jsonl,.json,.txt,application/x-ndjson" data-testid="import" onChange={(e) => void importFile((e.currentTarget as HTMLInputElement).files?.[0])} />
        </label>
      </section>
      <p class="status" role="status" data-testid="status">{message}</p>

      <section class="charts">
        <BarChart title="By technique" bars={byTechnique(shown)} testid="chart-technique" />
        <BarChart title="By site" bars={bySite(shown)} testid="chart-site" />
        <BarChart title="Per day (UTC, last 30 days)" bars={overTime(shown)} testid="chart-time" />
      </section>

      <section>
        <div class="table-actions">
          <button type="button" data-testid="delete-selected" disabled={selected.size === 0} onClick={() => void remove([...selected])}>
            Delete selected ({selected.size})
          </button>
          <button type="button" data-testid="delete-shown" disabled={shown.length === 0} onClick={() => void remove(shown.map((s) => s.id))}>
            Delete all {shown.length} shown
          </button>
        </div>
        <table data-testid="samples-table">
          <thead>
            <tr><th /><th>When</th><th>Site</th><th>Technique</th><th>Score</th><th>Text</th></tr>
          </thead>
          <tbody>
            {shown.slice(0, MAX_ROWS).map((s) => (
              <tr key={s.id} data-testid="sample-row">
                <td><input type="checkbox" aria-label="Select" checked={selected.has(s.id)} onChange={() => toggle(s.id)} /></td>
                <td class="nowrap">{s.time.slice(0, 16).replace('T', ' ')}</td>
                <td title={s.url}>{s.site}</td>
                <td>{s.techniques.join(', ')} <span class="muted">({s.source})</span></td>
                <td>{s.score.toFixed(2)} <span class={`sev ${s.severity}`}>{s.severity}</span></td>
                <td class="text">{s.text.length > EXCERPT_CHARS ? `${s.text.slice(0, EXCERPT_CHARS)}…` : s.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length > MAX_ROWS && <p class="muted">Showing the newest {MAX_ROWS} of {shown.length}; search or filter to narrow.</p>}
      </section>
    </main>
  );
}
