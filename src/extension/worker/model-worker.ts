/**
 * Module Worker that owns the one onnxruntime session. Started by the offscreen document (Chrome) or the event
 * page (Firefox). The model is loaded once, lazily, on the first request; requests are chained through one
 * promise because an InferenceSession must not run two calls at once ("Session already started").
 */
import * as ort from 'onnxruntime-web/wasm';
import { createClassifier } from '../../model/classifier';
import { isWorkerRequest, type WorkerResponse } from './worker-protocol';

// Globbed rather than imported so the extension still builds (rules only) before a model exists.
const MODEL_URLS = import.meta.glob('../../../models/injection-lens.onnx', { query: '?url', import: 'default', eager: true });
const MODEL_CONFIGS = import.meta.glob('../../../models/model-config.json', { import: 'default', eager: true });

type Classifier = Awaited<ReturnType<typeof createClassifier>>;
let classifier: Promise<Classifier> | null = null;
let queue: Promise<unknown> = Promise.resolve();

function post(message: WorkerResponse): void {
  (self as unknown as Worker).postMessage(message);
}

async function loadClassifier(): Promise<Classifier> {
  post({ type: 'status', status: 'loading' });
  const url = Object.values(MODEL_URLS)[0] as string | undefined;
  const config = Object.values(MODEL_CONFIGS)[0];
  if (!url || !config) throw new Error('no model shipped with this build');
  // One thread: extension pages are not cross-origin isolated, so SharedArrayBuffer (threads) is unavailable.
  ort.env.wasm.numThreads = 1;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`model fetch failed: ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const loaded = await createClassifier(ort, bytes, config as Parameters<typeof createClassifier>[2]);
  post({ type: 'status', status: 'ready' });
  return loaded;
}

function getClassifier(): Promise<Classifier> {
  classifier ??= loadClassifier();
  return classifier;
}

// onnxruntime starts helper threads from this same script; they must not answer our messages (DESIGN.md).
if (!self.name?.startsWith('em-pthread')) {
  self.addEventListener('message', (event: MessageEvent) => {
    const request = event.data;
    if (!isWorkerRequest(request)) return;
    queue = queue
      .then(async () => {
        const model = await getClassifier();
        const scores = await model.score(request.texts);
        post({ type: 'result', id: request.id, scores, version: model.version, threshold: model.threshold });
      })
      .catch((error: unknown) => {
        post({ type: 'error', id: request.id, error: error instanceof Error ? error.message : String(error) });
      });
  });
}
