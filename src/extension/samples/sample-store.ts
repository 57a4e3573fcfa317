/**
 * The local sample store (IndexedDB, opt-in): findings kept for research, de-duplicated by a hash of
 * origin + text, capped (oldest evicted), exported/imported as JSONL in the schema of core/sample-schema.
 * Nothing here talks to the network: samples leave the machine only as a file the person downloads.
 *
 * A small promise wrapper over IndexedDB instead of the `idb` package: we need one store, two indexes and
 * five operations. The factory takes the IDBFactory so tests run it on fake-indexeddb.
 */
import {
  dedupeKeySource,
  parseJsonl,
  sampleFromFinding,
  toJsonl,
  type Sample,
} from '../../core/sample-schema';
import type { PageReport } from '../../core/types';

export const SAMPLE_DB_NAME = 'injection-lens-samples';
export const SAMPLE_DB_VERSION = 1;
const STORE = 'samples';
/** Oldest samples are evicted beyond this many. */
export const MAX_SAMPLES = 5_000;
/** An import larger than this is refused outright (a JSONL file of MAX_SAMPLES lines is ~10 MB). */
export const MAX_IMPORT_CHARS = 50_000_000;

export interface SampleQuery {
  /** Case-insensitive substring of text, url or context. */
  search?: string;
  technique?: string;
  site?: string;
  /** Newest first; default all. */
  limit?: number;
  offset?: number;
}

export interface ImportResult {
  imported: number;
  skipped: number;
  errors: Array<{ line: number; error: string }>;
}

export interface SampleStore {
  recordFindings(report: PageReport, tabUrl: string): Promise<void>;
  listSamples(query?: SampleQuery): Promise<Sample[]>;
  deleteSamples(ids: readonly string[]): Promise<void>;
  countSamples(): Promise<number>;
  exportJsonl(): Promise<string>;
  importJsonl(text: string): Promise<ImportResult>;
  clearSamples(): Promise<void>;
  close(): void;
}

export interface SampleStoreDeps {
  indexedDB: IDBFactory;
  dbName?: string;
  maxSamples?: number;
  now?: () => Date;
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    tx.onerror = () => reject(tx.error);
  });
}

/** Hex SHA-256 (WebCrypto exists in extension pages, service workers and Node). */
export async function sha256Hex(s: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createSampleStore(deps: SampleStoreDeps): SampleStore {
  const maxSamples = deps.maxSamples ?? MAX_SAMPLES;
  const now = deps.now ?? (() => new Date());
  let dbPromise: Promise<IDBDatabase> | null = null;

  function db(): Promise<IDBDatabase> {
    dbPromise ??= new Promise((resolve, reject) => {
      const open = deps.indexedDB.open(deps.dbName ?? SAMPLE_DB_NAME, SAMPLE_DB_VERSION);
      open.onupgradeneeded = () => {
        const store = open.result.createObjectStore(STORE, { keyPath: 'id' });
        store.createIndex('time', 'time');
        store.createIndex('site', 'site');
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    return dbPromise;
  }

  /** Adds samples whose id is new; evicts the oldest beyond the cap. Returns how many were added. */
  async function putNew(samples: readonly Sample[]): Promise<number> {
    if (!samples.length) return 0;
    const tx = (await db()).transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    let added = 0;
    const seen = new Set<string>();
    for (const s of samples) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      const existing = await req(store.getKey(s.id));
      if (existing !== undefined) continue;
      store.add(s);
      added++;
    }
    const count = await req(store.count());
    let excess = count - maxSamples;
    if (excess > 0) {
      await new Promise<void>((resolve, reject) => {
        const cursorReq = store.index('time').openCursor();
        cursorReq.onerror = () => reject(cursorReq.error);
        cursorReq.onsuccess = () => {
          const cursor = cursorReq.result;
          if (!cursor || excess <= 0) return resolve();
          cursor.delete();
          excess--;
          cursor.continue();
        };
      });
    }
    await done(tx);
    return added;
  }

  async function withId(s: Omit<Sample, 'id'>): Promise<Sample> {
    return { ...s, id: await sha256Hex(dedupeKeySource(s.url, s.text)) } as Sample;
  }

  async function all(): Promise<Sample[]> {
    const tx = (await db()).transaction(STORE, 'readonly');
    const list = (await req(tx.objectStore(STORE).index('time').getAll())) as Sample[];
    return list.reverse(); // newest first
  }

  return {
    async recordFindings(report, tabUrl) {
      const at = now();
      const samples = await Promise.all(report.findings.map((f) => withId(sampleFromFinding(f, report, tabUrl, at))));
      await putNew(samples);
    },
    async listSamples(query = {}) {
      const needle = query.search?.trim().toLowerCase() ?? '';
      const list = (await all()).filter(
        (s) =>
          (!query.technique || s.techniques.includes(query.technique)) &&
          (!query.site || s.site === query.site) &&
          (!needle ||
            s.text.toLowerCase().includes(needle) ||
            s.url.toLowerCase().includes(needle) ||
            (s.context ?? '').toLowerCase().includes(needle)),
      );
      const offset = query.offset ?? 0;
      return list.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
    },
    async deleteSamples(ids) {
      const tx = (await db()).transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      for (const id of ids) store.delete(id);
      await done(tx);
    },
    async countSamples() {
      const tx = (await db()).transaction(STORE, 'readonly');
      return req(tx.objectStore(STORE).count());
    },
    async exportJsonl() {
      // Oldest first in files: appending a later export keeps time order.
      return toJsonl((await all()).reverse());
    },
    async importJsonl(text) {
      if (text.length > MAX_IMPORT_CHARS) return { imported: 0, skipped: 0, errors: [{ line: 0, error: 'file too large' }] };
      const { samples, errors } = parseJsonl(text);
      // The id is recomputed: an imported file cannot choose ids that collide with other texts.
      const rehashed = await Promise.all(samples.map(({ id: _id, ...rest }) => withId(rest)));
      const imported = await putNew(rehashed);
      return { imported, skipped: samples.length - imported, errors };
    },
    async clearSamples() {
      const tx = (await db()).transaction(STORE, 'readwrite');
      tx.objectStore(STORE).clear();
      await done(tx);
    },
    close() {
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
  };
}

let defaultStore: SampleStore | null = null;

/** The extension's store (background, samples page and options share one database: same extension origin). */
export function sampleStore(): SampleStore {
  defaultStore ??= createSampleStore({ indexedDB: globalThis.indexedDB });
  return defaultStore;
}

export const recordFindings = (report: PageReport, tabUrl: string): Promise<void> =>
  sampleStore().recordFindings(report, tabUrl);
export const listSamples = (query?: SampleQuery): Promise<Sample[]> => sampleStore().listSamples(query);
export const deleteSamples = (ids: readonly string[]): Promise<void> => sampleStore().deleteSamples(ids);
export const countSamples = (): Promise<number> => sampleStore().countSamples();
export const exportJsonl = (): Promise<string> => sampleStore().exportJsonl();
export const importJsonl = (text: string): Promise<ImportResult> => sampleStore().importJsonl(text);
