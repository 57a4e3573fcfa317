/**
 * What the options page needs from the outside world, behind one interface: the extension implementation uses
 * extension storage and the sample store; tests and screenshots can pass a fake.
 */
import browser from 'webextension-polyfill';
import type { Settings } from '../../core/settings';
import { countSamples } from '../samples/sample-store';
import { loadSettings, onSettingsChanged, saveSettings, settingsArea } from './settings-store';

export interface OptionsBackend {
  load(): Promise<Settings>;
  save(partial: Partial<Settings>): Promise<Settings>;
  onChanged(cb: (s: Settings) => void): () => void;
  countSamples(): Promise<number>;
  /** 'sync' when settings follow the person's browser account. */
  area(): Promise<'sync' | 'local'>;
  openDemo(): Promise<void>;
  openSamples(): Promise<void>;
}

export const DEMO_PATH = 'demo/index.html';
export const SAMPLES_PATH = 'src/extension/samples/samples.html';

export function createExtensionOptionsBackend(): OptionsBackend {
  return {
    load: loadSettings,
    save: saveSettings,
    onChanged: onSettingsChanged,
    countSamples: () => countSamples().catch(() => 0),
    area: settingsArea,
    openDemo: async () => void (await browser.tabs.create({ url: browser.runtime.getURL(DEMO_PATH) })),
    openSamples: async () => void (await browser.tabs.create({ url: browser.runtime.getURL(SAMPLES_PATH) })),
  };
}
