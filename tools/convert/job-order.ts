/**
 * Input order for meshes read on several threads at once: each job's meshes go to the tiler in job order
 * (0, 1, …), so the output does not depend on which thread was faster, and with a bounded memory cost.
 */
import type { SummarisedBatch } from './protocol.ts';

/**
 * At most this many buildings' summaries (`SummarisedBatch`) wait in memory for earlier jobs to finish.
 * A waiting building costs about 600 bytes on the main thread's heap (its summary, id and addresses as the
 * structured clone made them: 121 MB for 200 000 demo-city buildings). Beyond the bound a job keeps only
 * its mesh handles, and the tiler reads those meshes back from the spool when their turn comes.
 */
export const MAX_WAITING_SUMMARIES = 65_536;

/** What `JobOrder` hands on: mesh handles of `job` in order, with summaries of all or none of them. */
export type StoredMeshes = (handles: number[], job: number, summarised: readonly SummarisedBatch[]) => void;

/**
 * Hands each job's meshes to `onStored` in job order. The meshes of the next job in order are handed on as
 * they are stored; those of later jobs wait until every earlier job has finished. A waiting job's summaries
 * are dropped (its meshes are then read back) once more than `maxWaitingSummaries` buildings wait.
 */
export class JobOrder {
  /** The next job whose meshes go to `onStored`. */
  private next = 0;
  private readonly handles = new Map<number, number[]>();
  private readonly summarised = new Map<number, SummarisedBatch[]>();
  /** Jobs whose summaries were dropped while they waited. */
  private readonly dropped = new Set<number>();
  private readonly finished = new Set<number>();
  private waiting = 0;

  constructor(
    private readonly onStored: StoredMeshes,
    private readonly maxWaitingSummaries = MAX_WAITING_SUMMARIES,
  ) {}

  /** Buildings whose summaries wait for an earlier job. */
  get waitingSummaries(): number {
    return this.waiting;
  }

  /**
   * Meshes of `job` just stored under `handles` (in the job's order), with their summaries (`batch`,
   * one head per handle) or without (then the tiler reads them back).
   */
  stored(job: number, handles: number[], batch?: SummarisedBatch): void {
    if (job === this.next) {
      this.onStored(handles, job, batch ? [batch] : []);
      return;
    }
    let list = this.handles.get(job);
    if (!list) this.handles.set(job, (list = []));
    for (const handle of handles) list.push(handle);
    if (!batch || this.dropped.has(job)) return;
    let batches = this.summarised.get(job);
    if (!batches) this.summarised.set(job, (batches = []));
    batches.push(batch);
    this.waiting += batch.heads.length;
    if (this.waiting > this.maxWaitingSummaries) this.drop(job);
  }

  /** `job` has stored all its meshes: it and the finished jobs after it go on, in order. */
  finish(job: number): void {
    this.finished.add(job);
    this.flush();
  }

  /** Hands on what the next jobs in order hold, up to the first one still being read. */
  private flush(): void {
    for (;;) {
      const job = this.next;
      const handles = this.handles.get(job);
      const finished = this.finished.has(job);
      if (handles !== undefined || finished) {
        const summarised = this.summarised.get(job) ?? [];
        for (const batch of summarised) this.waiting -= batch.heads.length;
        this.handles.delete(job);
        this.summarised.delete(job);
        this.onStored(handles ?? [], job, summarised);
      }
      if (!finished) return;
      this.finished.delete(job);
      this.dropped.delete(job);
      this.next += 1;
    }
  }

  /** Drops the waiting summaries of `job`, and those it stores while it waits. */
  private drop(job: number): void {
    for (const batch of this.summarised.get(job) ?? []) this.waiting -= batch.heads.length;
    this.summarised.delete(job);
    this.dropped.add(job);
  }
}
