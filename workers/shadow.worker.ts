/**
 * Shadow-study worker: a thin comlink wrapper over `runShadowStudy` (src/core/shadow). It fetches the tiles
 * itself, yields to its message queue between chunks so `cancel` is heard, and transfers the hour arrays back.
 * The app starts it in `src/app/shadow/shadow-worker.ts` and sees only `shadow-api.ts`.
 */
import { expose, transfer } from 'comlink';
import { runShadowStudy } from '../src/core/shadow/study.ts';
import type { ShadowWorkerApi } from './shadow-api.ts';

const cancelled = new Set<number>();

async function loadBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`shadow study: HTTP ${response.status} for ${url}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The worker's API (over comlink); its documentation lives on `ShadowWorkerApi`. */
export const shadowWorkerApi: ShadowWorkerApi = {
  async run(id, request, onProgress) {
    try {
      const result = await runShadowStudy(request, loadBytes, {
        onProgress: (progress) => void onProgress(progress),
        shouldStop: () => cancelled.has(id),
        pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
      });
      const buffers = [result.today.buffer, ...(result.withPlan ? [result.withPlan.buffer] : [])];
      return transfer(result, buffers as ArrayBuffer[]);
    } finally {
      cancelled.delete(id);
    }
  },
  cancel(id) {
    cancelled.add(id);
  },
};

expose(shadowWorkerApi);
