/**
 * A client of the thematic-layer worker (`workers/layers.worker.ts`, started by `layers-worker.ts`) with
 * cancellation. Calls go to the worker one at a time, in order (it runs them one after another anyway).
 * Like an actor with cancel messages, an aborted call that has not been sent yet is never sent; one the
 * worker is running rejects at once with an AbortError and its answer is dropped. So a join given up
 * mid-way (the user picked another colouring) leaves no queue of stale batches in front of the next one.
 * Platform-free (the worker is started by the function it is given), so it is tested in Node.
 */
import { transfer } from 'comlink';
import type { Remote } from 'comlink';
import { CancelledError } from '../../core/errors.ts';
import type { BuildingBatch, BuildingJoinSpec, JoinLegendClass } from '../../core/layers/building-joins.ts';
import type { VectorResult } from '../../../workers/convert-api.ts';
import type { GisBlob, LayersWorkerApi } from '../../../workers/layers-api.ts';

/** A started layers worker: its API (as comlink's `wrap` gives it) and how to end it. */
export interface LayersWorkerHandle {
  api: Pick<Remote<LayersWorkerApi>, 'startJoin' | 'classifyBuildings' | 'endJoin' | 'readGis'>;
  terminate(): void;
}

/** What the join session needs from the layers worker. */
export interface LayersJoinClient {
  startJoin(spec: BuildingJoinSpec, signal?: AbortSignal): Promise<number>;
  /** Classes of one batch; its typed arrays are transferred (do not use them afterwards). */
  classifyBuildings(
    joinId: number,
    batch: BuildingBatch,
    signal?: AbortSignal,
  ): Promise<{ classes: Uint8Array; legend: JoinLegendClass[] }>;
  /** Forgets a join in the worker; never cancelled, so a worker's joins do not pile up. */
  endJoin(joinId: number): Promise<void>;
}

interface Call {
  run: (api: LayersWorkerHandle['api']) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
  settled: boolean;
}

/** A layers worker (started on the first call) with ordered, cancellable calls. */
export class LayersClient implements LayersJoinClient {
  private handle: LayersWorkerHandle | undefined;
  private readonly queue: Call[] = [];
  private running: Call | undefined;
  private disposed = false;

  /** `start` starts the worker (on the first call). */
  constructor(private readonly start: () => LayersWorkerHandle) {}

  /** Calls waiting to be sent (not counting the one the worker runs). */
  get queued(): number {
    return this.queue.length;
  }

  startJoin(spec: BuildingJoinSpec, signal?: AbortSignal): Promise<number> {
    return this.call((api) => api.startJoin(spec), signal);
  }

  classifyBuildings(
    joinId: number,
    batch: BuildingBatch,
    signal?: AbortSignal,
  ): Promise<{ classes: Uint8Array; legend: JoinLegendClass[] }> {
    const buffers: ArrayBuffer[] = [batch.centroids.buffer as ArrayBuffer];
    if (batch.numbers) buffers.push(batch.numbers.buffer as ArrayBuffer);
    // Marked for transfer when sent, not before: an aborted call keeps its arrays.
    return this.call((api) => api.classifyBuildings(joinId, transfer(batch, buffers)), signal);
  }

  endJoin(joinId: number): Promise<void> {
    return this.call((api) => api.endJoin(joinId));
  }

  /** Reads a GIS dataset (Shapefile parts, GeoPackage, KML/KMZ, FlatGeobuf, a ZIP) into lon/lat features. */
  readGis(files: GisBlob[], name: string, signal?: AbortSignal): Promise<VectorResult> {
    return this.call((api) => api.readGis(files, name), signal);
  }

  /** Ends the worker; waiting and running calls reject with an AbortError. */
  dispose(): void {
    this.disposed = true;
    const calls = [...this.queue.splice(0), ...(this.running ? [this.running] : [])];
    this.running = undefined;
    for (const call of calls)
      this.settle(call, () => call.reject(new CancelledError('layers worker: cancelled')));
    this.handle?.terminate();
    this.handle = undefined;
  }

  private call<T>(run: (api: LayersWorkerHandle['api']) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.disposed) return reject(new Error('layers worker: disposed'));
      if (signal?.aborted) return reject(new CancelledError('layers worker: cancelled'));
      const call: Call = {
        run,
        resolve: resolve as (value: unknown) => void,
        reject,
        signal,
        settled: false,
      };
      signal?.addEventListener('abort', () => this.abort(call), { once: true });
      this.queue.push(call);
      this.pump();
    });
  }

  private abort(call: Call): void {
    const at = this.queue.indexOf(call);
    if (at >= 0) this.queue.splice(at, 1);
    // A running call stays `running` until the worker answers: the worker is busy until then.
    this.settle(call, () => call.reject(new CancelledError('layers worker: cancelled')));
  }

  private settle(call: Call, how: () => void): void {
    if (call.settled) return;
    call.settled = true;
    how();
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const call = this.queue.shift();
    if (!call) return;
    this.running = call;
    this.handle ??= this.start();
    const done = () => {
      if (this.running !== call) return; // disposed meanwhile
      this.running = undefined;
      this.pump();
    };
    call.run(this.handle.api).then(
      (value) => {
        this.settle(call, () => call.resolve(value));
        done();
      },
      (error: unknown) => {
        this.settle(call, () => call.reject(error));
        done();
      },
    );
  }
}
