/**
 * Everything the popup asks of the outside world, behind one interface: the extension implementation talks to
 * the background; a fake one can render the popup in a plain page.
 */
import browser from 'webextension-polyfill';
import type { ActionResult, PageAction } from '../../core/types';
import type { TabState } from '../messages';
import { send } from '../messaging';

export interface PopupTransport {
  /** The tab this popup is about: `?tabId=N` (popup opened as a tab, tests) or the active tab. */
  tabId(): Promise<number>;
  getState(tabId: number): Promise<TabState>;
  scan(tabId: number): Promise<TabState>;
  act(tabId: number, action: PageAction): Promise<ActionResult>;
  copy(text: string): Promise<void>;
  open(page: 'demo' | 'samples' | 'options'): Promise<void>;
}

export function createExtensionTransport(): PopupTransport {
  return {
    async tabId() {
      const param = Number(new URLSearchParams(location.search).get('tabId'));
      if (Number.isInteger(param) && param > 0) return param;
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined) throw new Error('No active tab');
      return tab.id;
    },
    getState: (tabId) => send('popup:get-tab-state', { tabId }),
    scan: (tabId) => send('popup:scan', { tabId }),
    act: (tabId, action) => send('popup:act', { tabId, action }),
    copy: (text) => navigator.clipboard.writeText(text),
    async open(page) {
      if (page === 'options') return browser.runtime.openOptionsPage();
      const path = page === 'demo' ? 'demo/index.html' : 'src/extension/samples/samples.html';
      await browser.tabs.create({ url: browser.runtime.getURL(path) });
    },
  };
}
