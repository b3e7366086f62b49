/**
 * The typed API of the shadow-study worker (`shadow.worker.ts`), shared by the worker (`expose`) and the main
 * thread (`wrap<ShadowWorkerApi>`). Types only: the app imports this module, never the worker entry. Everything
 * here is structured-cloneable; the hour arrays come back transferred.
 */
import type {
  ShadowStudyRequest,
  ShadowStudyResult,
  StudyEnvelope,
  StudyProgress,
} from '../src/core/shadow/study.ts';

export type { ShadowStudyRequest, ShadowStudyResult, StudyEnvelope, StudyProgress };

export interface ShadowWorkerApi {
  /**
   * Runs study `id`: reads the tilesets' buildings (fetched by the worker, same origin), computes sun hours for today
   * and, with envelopes, with the plan. `onProgress` must be a comlink `proxy`. Rejects with an error named
   * 'AbortError' after `cancel(id)`.
   */
  run(
    id: number,
    request: ShadowStudyRequest,
    onProgress: (progress: StudyProgress) => void,
  ): Promise<ShadowStudyResult>;
  /** Stops study `id` at its next chunk (a few tens of milliseconds). */
  cancel(id: number): void;
}
