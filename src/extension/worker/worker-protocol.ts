/** Messages between a model client (offscreen document or Firefox event page) and the model worker. */
export type WorkerRequest = { type: 'classify'; id: number; texts: string[] };
export type WorkerResponse =
  | { type: 'status'; status: 'loading' | 'ready' }
  | { type: 'result'; id: number; scores: number[]; version: string; threshold: number }
  | { type: 'error'; id: number; error: string };

export function isWorkerRequest(x: unknown): x is WorkerRequest {
  const m = x as WorkerRequest;
  return (
    typeof m === 'object' && m !== null && m.type === 'classify' && Number.isInteger(m.id) &&
    Array.isArray(m.texts) && m.texts.every((t) => typeof t === 'string')
  );
}
