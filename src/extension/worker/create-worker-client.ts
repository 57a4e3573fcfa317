import type { WorkerRequest, WorkerResponse } from './worker-protocol';

export interface ClassifyResult {
  scores: number[];
  version: string;
  threshold: number;
}

export interface WorkerClient {
  classify(texts: string[]): Promise<ClassifyResult>;
}

/** First load compiles ~14 MB of wasm and the model; later calls are fast. */
export const CLASSIFY_TIMEOUT_MS = 60_000;

/** Request/response over a Worker's postMessage, matched by id, each call with a timeout. */
export function createWorkerClient(worker: Worker): WorkerClient {
  let nextId = 1;
  const pending = new Map<number, { resolve(r: ClassifyResult): void; reject(e: Error): void }>();
  worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => {
    const m = event.data;
    if (m.type === 'status') return;
    const waiter = pending.get(m.id);
    if (!waiter) return;
    pending.delete(m.id);
    if (m.type === 'result') waiter.resolve({ scores: m.scores, version: m.version, threshold: m.threshold });
    else waiter.reject(new Error(m.error));
  });
  worker.addEventListener('error', (event) => {
    const error = new Error(`model worker failed: ${event.message || 'script error'}`);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });
  return {
    classify(texts) {
      const id = nextId++;
      return new Promise<ClassifyResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error('model timed out'));
        }, CLASSIFY_TIMEOUT_MS);
        pending.set(id, {
          resolve: (r) => (clearTimeout(timer), resolve(r)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        worker.postMessage({ type: 'classify', id, texts } satisfies WorkerRequest);
      });
    },
  };
}

/** The model worker, bundled by Vite from its source path (works in the offscreen page and the Firefox event page). */
export function startModelWorker(): Worker {
  return new Worker(new URL('./model-worker.ts', import.meta.url), { type: 'module', name: 'injection-lens-model' });
}
