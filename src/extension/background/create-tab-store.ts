import type { TabState } from '../messages';
import type { Route } from './merge-frames';

/** What we keep per tab across service-worker restarts: the popup's state and the routes of its findings. */
export interface TabRecord {
  state: TabState;
  /** Tab-wide segment id → [frameId, frame-local id], for findings only (kept small). */
  routes: Record<string, Route>;
}

/** The slice of `storage.session` we use; injected so the store is testable in Node. */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface TabStore {
  get(tabId: number): Promise<TabRecord | null>;
  put(tabId: number, record: TabRecord): Promise<void>;
  remove(tabId: number): Promise<void>;
}

/**
 * Per-tab state in memory, written through to `storage.session` where the browser has it (Chrome MV3 kills idle
 * service workers; session storage survives that but not a browser restart, which is what we want).
 */
export function createTabStore(area: SessionArea | null): TabStore {
  const memory = new Map<number, TabRecord>();
  const key = (tabId: number): string => `tab:${tabId}`;
  return {
    async get(tabId) {
      const hit = memory.get(tabId);
      if (hit || !area) return hit ?? null;
      try {
        const stored = (await area.get(key(tabId)))[key(tabId)] as TabRecord | undefined;
        if (stored) memory.set(tabId, stored);
        return stored ?? null;
      } catch {
        return null;
      }
    },
    async put(tabId, record) {
      memory.set(tabId, record);
      // Quota or serialisation failures fall back to memory only: the popup still works while we are alive.
      await area?.set({ [key(tabId)]: record }).catch(() => undefined);
    },
    async remove(tabId) {
      memory.delete(tabId);
      await area?.remove(key(tabId)).catch(() => undefined);
    },
  };
}
