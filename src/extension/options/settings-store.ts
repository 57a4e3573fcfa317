/**
 * Settings in extension storage: `storage.sync` where the browser offers it (follows the person across
 * machines), else `storage.local`. Every read is validated (and migrated) by core `validateSettings`.
 */
import browser from 'webextension-polyfill';
import { DEFAULTS, validateSettings, type Settings } from '../../core/settings';

export const SETTINGS_KEY = 'settings';

type Area = { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };

let areaPromise: Promise<{ area: Area; name: 'sync' | 'local' }> | null = null;

/** sync when it exists and answers (it can be disabled by policy, or missing in a temporary Firefox add-on). */
function storageArea(): Promise<{ area: Area; name: 'sync' | 'local' }> {
  areaPromise ??= (async () => {
    const sync = (browser.storage as unknown as { sync?: Area }).sync;
    if (sync) {
      try {
        await sync.get(SETTINGS_KEY);
        return { area: sync, name: 'sync' as const };
      } catch {
        /* fall through to local */
      }
    }
    return { area: browser.storage.local as unknown as Area, name: 'local' as const };
  })();
  return areaPromise;
}

/** The current settings, always complete and valid (defaults when nothing is stored or storage fails). */
export async function loadSettings(): Promise<Settings> {
  try {
    const { area } = await storageArea();
    const got = await area.get(SETTINGS_KEY);
    return validateSettings(got[SETTINGS_KEY]);
  } catch {
    return validateSettings(undefined);
  }
}

/** Merges `partial` into the stored settings (validated before writing) and returns what was stored. */
export async function saveSettings(partial: Partial<Settings>): Promise<Settings> {
  const current = await loadSettings();
  const next = validateSettings({ ...current, ...partial, schemaVersion: DEFAULTS.schemaVersion });
  const { area } = await storageArea();
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}

/** Calls `cb` with the validated new settings whenever they change in any context. Returns an unsubscribe. */
export function onSettingsChanged(cb: (next: Settings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, areaName: string): void => {
    if (areaName !== 'sync' && areaName !== 'local') return;
    const change = changes[SETTINGS_KEY];
    if (!change) return;
    void storageArea().then(({ name }) => {
      if (name === areaName) cb(validateSettings(change.newValue));
    });
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** Which storage area holds the settings ('sync' follows the person's browser account). */
export async function settingsArea(): Promise<'sync' | 'local'> {
  return (await storageArea()).name;
}
