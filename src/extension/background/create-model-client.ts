/**
 * The background's way to the model. Chrome: an offscreen document (reason WORKERS) hosts the Worker, created on
 * demand and reused across tabs. Firefox: the event page starts the Worker itself. Either way a failure is
 * reported as "unavailable" and the caller falls back to rules only.
 */
import type { ModelStatus } from '../../core/types';
import { send } from '../messaging';
import { createWorkerClient, startModelWorker, type ClassifyResult, type WorkerClient } from '../worker/create-worker-client';

const OFFSCREEN_PATH = 'src/extension/offscreen/offscreen.html';
/** Offscreen creation resolves when the page loaded; its listener may still be a tick away. */
const OFFSCREEN_RETRY_DELAY_MS = 200;
const OFFSCREEN_RETRIES = 10;

export interface ModelClient {
  classify(texts: string[]): Promise<ClassifyResult>;
  readonly status: ModelStatus;
  readonly lastError: string | null;
}

let creatingOffscreen: Promise<void> | null = null;

// Written as constant-guarded expressions so the Firefox build drops the offscreen code (Firefox has no such API).
const ensureOffscreen = import.meta.env.MODE === 'firefox' ? null : async (): Promise<void> => {
  const url = chrome.runtime.getURL(OFFSCREEN_PATH);
  const existing = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [url],
  });
  if (existing.length > 0) return;
  // One creation at a time: a second createDocument while the first runs throws.
  creatingOffscreen ??= chrome.offscreen
    .createDocument({
      url: OFFSCREEN_PATH,
      reasons: [chrome.offscreen.Reason.WORKERS],
      justification: 'Runs the prompt-injection classifier (onnxruntime-web) in a Worker.',
    })
    .finally(() => {
      creatingOffscreen = null;
    });
  await creatingOffscreen;
};

async function classifyViaOffscreen(texts: string[]): Promise<ClassifyResult> {
  await ensureOffscreen?.();
  let lastError: unknown;
  for (let attempt = 0; attempt < OFFSCREEN_RETRIES; attempt++) {
    try {
      const reply = await send('background:classify', { texts });
      if ('error' in reply) throw new Error(reply.error);
      return { scores: reply.scores, version: reply.version, threshold: reply.threshold ?? 0.5 };
    } catch (error) {
      lastError = error;
      if (!/Receiving end does not exist|No valid reply|Could not establish/i.test(String(error))) break;
      await new Promise((r) => setTimeout(r, OFFSCREEN_RETRY_DELAY_MS));
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

export function createModelClient(useOffscreen: boolean): ModelClient {
  let status: ModelStatus = 'loading';
  let lastError: string | null = null;
  let direct: WorkerClient | null = null;
  const run = useOffscreen
    ? classifyViaOffscreen
    : (texts: string[]) => {
        direct ??= createWorkerClient(startModelWorker());
        return direct.classify(texts);
      };
  return {
    async classify(texts) {
      try {
        const result = await run(texts);
        status = 'ready';
        lastError = null;
        return result;
      } catch (error) {
        status = 'unavailable';
        lastError = error instanceof Error ? error.message : String(error);
        throw error;
      }
    },
    get status() {
      return status;
    },
    get lastError() {
      return lastError;
    },
  };
}
