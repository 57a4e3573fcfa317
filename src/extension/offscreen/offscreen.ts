/**
 * Offscreen document (Chrome): hosts the model Worker for the service worker and answers 'background:classify'.
 * It is created on demand by the background and reused for every tab.
 */
import { listen } from '../messaging';
import { createWorkerClient, startModelWorker } from '../worker/create-worker-client';

const client = createWorkerClient(startModelWorker());

listen('offscreen', {
  'background:classify': async ({ texts }) => {
    try {
      return await client.classify(texts);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  },
});
