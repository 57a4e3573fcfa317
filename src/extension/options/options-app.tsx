/**
 * The options page: sensitivity, automatic scanning (or on-click only), per-site allow/deny lists, sample
 * collection (with the count and a link to the sample browser), and the trainer demo.
 */
import { useEffect, useState } from 'preact/hooks';
import { SENSITIVITIES, SENSITIVITY_SEMANTICS, normaliseHost, type Settings } from '../../core/settings';
import type { OptionsBackend } from './options-backend';

/** Host lists are edited as text, one host per line. */
export function parseHostLines(text: string): { hosts: string[]; rejected: string[] } {
  const hosts: string[] = [];
  const rejected: string[] = [];
  for (const line of text.split(/[\n,]+/)) {
    const t = line.trim();
    if (!t) continue;
    const h = normaliseHost(t);
    if (!h) rejected.push(t.slice(0, 80));
    else if (!hosts.includes(h)) hosts.push(h);
  }
  return { hosts, rejected };
}

export function OptionsApp({ backend }: { backend: OptionsBackend }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [count, setCount] = useState<number | null>(null);
  const [area, setArea] = useState<'sync' | 'local' | null>(null);
  const [deny, setDeny] = useState('');
  const [allow, setAllow] = useState('');
  const [status, setStatus] = useState('');
  const [rejected, setRejected] = useState<string[]>([]);

  useEffect(() => {
    const apply = (s: Settings): void => {
      setSettings(s);
      setDeny(s.denyList.join('\n'));
      setAllow(s.allowList.join('\n'));
    };
    void backend.load().then(apply);
    void backend.countSamples().then(setCount);
    void backend.area().then(setArea).catch(() => setArea('local'));
    return backend.onChanged(apply);
  }, [backend]);

  async function save(partial: Partial<Settings>, message = 'Saved.'): Promise<void> {
    try {
      const next = await backend.save(partial);
      setSettings(next);
      setStatus(message);
    } catch (error) {
      setStatus(`Could not save: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async function saveLists(): Promise<void> {
    const d = parseHostLines(deny);
    const a = parseHostLines(allow);
    setRejected([...d.rejected, ...a.rejected]);
    await save({ denyList: d.hosts, allowList: a.hosts }, 'Site lists saved.');
    setDeny(d.hosts.join('\n'));
    setAllow(a.hosts.join('\n'));
  }

  if (!settings) return <p class="muted">Loading settings…</p>;
  return (
    <main>
      <header>
        <h1>Injection Lens — options</h1>
        <p class="muted" data-testid="storage-area">
          {area === 'sync' ? 'Settings sync with your browser account.' : 'Settings are stored on this computer.'}
        </p>
      </header>

      <section>
        <h2>Sensitivity</h2>
        <div role="radiogroup" aria-label="Sensitivity">
          {SENSITIVITIES.map((s) => (
            <label class="choice" key={s}>
              <input
                type="radio"
                name="sensitivity"
                value={s}
                data-testid={`sensitivity-${s}`}
                checked={settings.sensitivity === s}
                onChange={() => void save({ sensitivity: s })}
              />
              <span>
                <b>{SENSITIVITY_SEMANTICS[s].label}</b> — {SENSITIVITY_SEMANTICS[s].description}
              </span>
            </label>
          ))}
        </div>
      </section>

      <section>
        <h2>Scanning</h2>
        <label class="choice">
          <input
            type="checkbox"
            data-testid="auto-scan"
            checked={settings.autoScan}
            onChange={(e) => void save({ autoScan: (e.currentTarget as HTMLInputElement).checked })}
          />
          <span>
            <b>Scan pages automatically.</b> When off, Injection Lens scans a page only when you click its button or
            press the shortcut (on-click mode), except on the sites you always scan below.
          </span>
        </label>
        <div class="lists">
          <label>
            <b>Never scan these sites</b> (one per line; <code>example.com</code> covers its subdomains)
            <textarea data-testid="deny-list" rows={5} value={deny} onInput={(e) => setDeny((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <label>
            <b>Always scan these sites</b> (even with automatic scanning off)
            <textarea data-testid="allow-list" rows={5} value={allow} onInput={(e) => setAllow((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
        </div>
        <button type="button" data-testid="save-lists" onClick={() => void saveLists()}>
          Save site lists
        </button>
        {rejected.length > 0 && (
          <p class="warn" data-testid="rejected-hosts">
            Not a host name, left out: {rejected.join(', ')}
          </p>
        )}
      </section>

      <section>
        <h2>Research samples</h2>
        <label class="choice">
          <input
            type="checkbox"
            data-testid="collect-samples"
            checked={settings.collectSamples}
            onChange={(e) => void save({ collectSamples: (e.currentTarget as HTMLInputElement).checked })}
          />
          <span>
            <b>Keep findings in a local sample store.</b> Text, page address, technique, scores and model version are kept
            in this browser only (at most 5,000, oldest dropped). Nothing is ever sent anywhere; you can export them as a
            file.
          </span>
        </label>
        <p>
          <span data-testid="sample-count">{count === null ? '…' : `${count.toLocaleString('en')} samples stored.`}</span>{' '}
          <button type="button" class="link" data-testid="open-samples" onClick={() => void backend.openSamples()}>
            Open the sample browser
          </button>
        </p>
      </section>

      <section>
        <h2>For trainers</h2>
        <p>Demo pages show every hiding technique the scanner knows, each with a short explanation.</p>
        <button type="button" data-testid="open-demo" onClick={() => void backend.openDemo()}>
          Open demo
        </button>
      </section>

      <p class="status" role="status" data-testid="status">
        {status}
      </p>
    </main>
  );
}
