/**
 * Firefox smoke test: dist-firefox/ loaded as a temporary add-on into Debian's firefox-esr, headless, driven over
 * Marionette (Firefox's own automation protocol; playwright's patched Firefox is not available here and WebDriver
 * BiDi refuses to navigate to moz-extension:// pages). The badge and the tab state are read in the browser's
 * privileged scope, from the same objects the toolbar button and storage.session use — no test hook in the add-on.
 *
 *   firefox-esr --headless --marionette -remote-allow-system-access (temp profile, marionette.port 0)
 *     ─► Addon:Install {temporary} ─► WebDriver:Navigate fixture ─► chrome scope: browserActionFor(ext) badge,
 *        extensionStorageSession 'tab:N' (the popup's state)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveFolder, type StaticServer } from '../helpers/server';
import type { TabState } from '../../src/extension/messages';

const ROOT = new URL('../..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist-firefox');
const FIXTURES = join(ROOT, 'test/fixtures/e2e');
const ARTIFACTS = join(ROOT, 'test/artifacts');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ADDON_ID = 'injection-lens@injection-lens.dev';
const HAS_MODEL = existsSync(join(ROOT, 'models/injection-lens.onnx')) || process.env.EXPECT_MODEL === '1';
const START_TIMEOUT_MS = 60_000;
// Under a load average of 8 the first visit (model worker start-up in Firefox) has taken most of a minute; the wait
// stays below each test's own timeout so that a failure reports the last state read, not a bare vitest timeout.
const STATE_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = STATE_TIMEOUT_MS + 30_000;

/**
 * Connects to Marionette once it listens. Firefox writes MarionetteActivePort as it binds, and on a loaded machine a
 * connect straight after can still be refused (seen once as ECONNREFUSED), so refusals are retried until the deadline.
 */
async function connectWhenListening(portFile: string, deadline: number): Promise<Socket> {
  let lastError = 'MarionetteActivePort never appeared';
  while (Date.now() < deadline) {
    if (existsSync(portFile)) {
      const port = Number(readFileSync(portFile, 'utf8'));
      try {
        return await new Promise<Socket>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1');
          socket.once('connect', () => {
            socket.off('error', reject);
            resolve(socket);
          });
          socket.once('error', reject);
        });
      } catch (error) {
        lastError = String(error);
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Firefox's Marionette did not accept a connection within ${START_TIMEOUT_MS} ms: ${lastError}`);
}

/** Minimal Marionette client: `len:json` frames; commands `[0, id, name, params]`, replies `[1, id, error, result]`. */
class Marionette {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, (reply: [number, number, unknown, unknown]) => void>();
  private greeting: Promise<void>;

  constructor(private socket: Socket) {
    let greeted: () => void = () => undefined;
    this.greeting = new Promise((resolve) => (greeted = resolve));
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const colon = this.buffer.indexOf(58);
        if (colon < 0) return;
        const length = Number(this.buffer.subarray(0, colon).toString());
        if (this.buffer.length < colon + 1 + length) return;
        const message = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString());
        this.buffer = this.buffer.subarray(colon + 1 + length);
        if (Array.isArray(message)) {
          this.pending.get(message[1])?.(message as [number, number, unknown, unknown]);
          this.pending.delete(message[1]);
        } else greeted();
      }
    });
  }

  ready(): Promise<void> {
    return this.greeting;
  }

  command<T = unknown>(name: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, ([, , error, result]) =>
        error ? reject(new Error(`${name}: ${JSON.stringify(error).slice(0, 500)}`)) : resolve(result as T),
      );
      const body = JSON.stringify([0, id, name, params]);
      this.socket.write(`${Buffer.byteLength(body)}:${body}`);
    });
  }
}

/** Runs in Firefox's privileged scope: the add-on's badge on the selected tab and its stored tab state. */
const READ_TAB_SCRIPT = `
  const done = arguments[arguments.length - 1];
  (async () => {
    const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
    const { extensionStorageSession } = ChromeUtils.importESModule('resource://gre/modules/ExtensionStorage.sys.mjs');
    const extension = WebExtensionPolicy.getByID(arguments[0]).extension;
    const global = ExtensionParent.apiManager.global;
    const tab = gBrowser.selectedTab;
    const tabId = global.tabTracker.getId(tab);
    const action = global.browserActionFor(extension).action;
    const stored = (await extensionStorageSession.get(extension, 'tab:' + tabId))['tab:' + tabId];
    const record = stored && stored.deserialize ? stored.deserialize(globalThis) : stored;
    return JSON.stringify({
      url: gBrowser.currentURI.spec,
      badge: action.getProperty(tab, 'badgeText'),
      color: action.getProperty(tab, 'badgeBackgroundColor'),
      state: record ? record.state : null,
    });
  })().then(done, (e) => done(JSON.stringify({ error: String(e) })));
`;

interface TabReading {
  url: string;
  badge: string;
  color: number[] | null;
  state: TabState | null;
  error?: string;
}

describe.skipIf(!existsSync(FIREFOX) || !existsSync(join(DIST, 'manifest.json')))('extension in Firefox (dist-firefox/)', () => {
  let server: StaticServer;
  let firefox: ChildProcess;
  let profile: string;
  let marionette: Marionette;
  let socket: Socket;

  beforeAll(async () => {
    server = await serveFolder(FIXTURES);
    profile = mkdtempSync(join(tmpdir(), 'il-firefox-'));
    writeFileSync(
      join(profile, 'user.js'),
      [
        'user_pref("marionette.port", 0);', // any free port, written to MarionetteActivePort
        'user_pref("remote.prefs.recommended", true);',
        'user_pref("browser.shell.checkDefaultBrowser", false);',
        'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
        'user_pref("app.update.disabledForTesting", true);',
      ].join('\n'),
    );
    firefox = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, '--marionette', '-remote-allow-system-access'], {
      stdio: 'ignore',
    });
    socket = await connectWhenListening(join(profile, 'MarionetteActivePort'), Date.now() + START_TIMEOUT_MS);
    marionette = new Marionette(socket);
    await marionette.ready();
    await marionette.command('WebDriver:NewSession', {});
    await marionette.command('Addon:Install', { path: DIST, temporary: true });
  });

  afterAll(async () => {
    await marionette?.command('Marionette:Quit', { flags: ['eForceQuit'] }).catch(() => undefined);
    socket?.destroy();
    if (firefox && firefox.exitCode === null) firefox.kill();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function readTab(): Promise<TabReading> {
    await marionette.command('Marionette:SetContext', { value: 'chrome' });
    try {
      const { value } = await marionette.command<{ value: string }>('WebDriver:ExecuteAsyncScript', {
        script: READ_TAB_SCRIPT,
        args: [ADDON_ID],
      });
      return JSON.parse(value) as TabReading;
    } finally {
      await marionette.command('Marionette:SetContext', { value: 'content' });
    }
  }

  async function visitAndSettle(name: string): Promise<TabReading> {
    const url = `${server.url}/${name}`;
    await marionette.command('WebDriver:Navigate', { url });
    const deadline = Date.now() + STATE_TIMEOUT_MS;
    let last: TabReading | null = null;
    while (Date.now() < deadline) {
      last = await readTab();
      const s = last.state;
      // Settled includes the badge: the state is stored a moment before the badge follows it.
      const badgeCaughtUp = !s?.report?.findings.length || last.badge === String(s.report.findings.length);
      if (last.url === url && s?.status === 'done' && s.report && s.report.modelStatus !== 'loading' && badgeCaughtUp) return last;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`no settled state for ${name}: ${JSON.stringify(last)?.slice(0, 600)}`);
  }

  it('badges the hidden injection page with the finding count in the high-severity colour', { timeout: TEST_TIMEOUT_MS }, async () => {
    const reading = await visitAndSettle('hidden-injection.html');
    const report = reading.state!.report!;
    expect(report.verdict).toBe('injected');
    expect(report.findings.some((f) => f.text.includes('recipes-support@example.net'))).toBe(true);
    expect(reading.badge).toBe(String(report.findings.length));
    expect(reading.color?.slice(0, 3)).toEqual([0xb3, 0x26, 0x1e]);
    // The event page starts the model worker itself (no offscreen document in Firefox).
    if (HAS_MODEL) expect(report.modelStatus).toBe('ready');
  });

  it('renders the findings in the popup page (opened as a tab for the page tab)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const reading = await visitAndSettle('hidden-injection.html');
    const tabId = reading.state!.tabId;
    await marionette.command('Marionette:SetContext', { value: 'chrome' });
    try {
      // moz-extension:// pages cannot be navigated to from content; the privileged scope may open them.
      await marionette.command('WebDriver:ExecuteScript', {
        script: `
          const host = WebExtensionPolicy.getByID(arguments[0]).mozExtensionHostname;
          const url = 'moz-extension://' + host + '/src/extension/popup/index.html?tabId=' + arguments[1];
          gBrowser.selectedTab = gBrowser.addTab(url, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });`,
        args: [ADDON_ID, tabId],
      });
    } finally {
      await marionette.command('Marionette:SetContext', { value: 'content' });
    }
    const handles = await marionette.command<string[]>('WebDriver:GetWindowHandles');
    await marionette.command('WebDriver:SwitchToWindow', { handle: handles[handles.length - 1] });
    const deadline = Date.now() + STATE_TIMEOUT_MS;
    let count = 0;
    while (Date.now() < deadline && count === 0) {
      const { value } = await marionette.command<{ value: number }>('WebDriver:ExecuteScript', {
        script: `return document.querySelectorAll('[data-testid="finding"]').length;`,
        args: [],
      });
      count = typeof value === 'number' ? value : 0; // null while the new tab is still about:blank
      if (count === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(count).toBe(reading.state!.report!.findings.length);
    const { value: verdict } = await marionette.command<{ value: string }>('WebDriver:ExecuteScript', {
      script: `return document.querySelector('[data-testid="verdict"]').dataset.verdict;`,
      args: [],
    });
    expect(verdict).toBe('injected');
    const { value: png } = await marionette.command<{ value: string }>('WebDriver:TakeScreenshot', { full: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'firefox-popup.png'), Buffer.from(png, 'base64'));
    await marionette.command('WebDriver:CloseWindow');
    await marionette.command('WebDriver:SwitchToWindow', { handle: handles[0] });
  });

  it('leaves the badge empty on the benign page with hidden UI', { timeout: TEST_TIMEOUT_MS }, async () => {
    const reading = await visitAndSettle('benign-hidden-ui.html');
    expect(reading.state!.report!.findings.map((f) => f.text)).toEqual([]);
    expect(reading.badge).toBe('');
  });
});
