import { describe, expect, it } from 'vitest';
import { BuildingMetadataCensus } from '../../src/core/tiles/metadata.ts';
import { MESH_SUMMARY_FIELDS } from '../../src/core/tiles/mesh-summary.ts';
import { JobOrder } from './job-order.ts';
import type { SummarisedBatch } from './protocol.ts';

/** A batch of summaries for `handles` (ids name the handles, so the test can follow them). */
function batchFor(handles: number[]): SummarisedBatch {
  return {
    summaries: new Float64Array(handles.length * MESH_SUMMARY_FIELDS),
    heads: handles.map((handle) => ({ id: `b${handle}`, addresses: [] })),
    census: new BuildingMetadataCensus().part(),
  };
}

/** Records every hand-over: the handles, the job, and the ids of the summaries that came with them. */
function recorder() {
  const calls: { job: number; handles: number[]; ids: string[] }[] = [];
  const onStored = (handles: number[], job: number, summarised: readonly SummarisedBatch[]) =>
    calls.push({ job, handles: [...handles], ids: summarised.flatMap((b) => b.heads.map((h) => h.id)) });
  return { calls, onStored };
}

describe('JobOrder', () => {
  it('hands the next job on as it is stored and a later job once the earlier ones finished', () => {
    const { calls, onStored } = recorder();
    const order = new JobOrder(onStored, 100);
    order.stored(1, [10, 11], batchFor([10, 11])); // job 1 is read before job 0 is done: it waits
    expect(calls).toEqual([]);
    expect(order.waitingSummaries).toBe(2);
    order.stored(0, [0, 1], batchFor([0, 1])); // the next job: at once
    expect(calls).toEqual([{ job: 0, handles: [0, 1], ids: ['b0', 'b1'] }]);
    order.stored(2, [20], batchFor([20]));
    order.finish(2); // finished, but jobs 0 and 1 come first
    order.finish(0); // job 1 is next: what it holds goes on, though it is still read
    expect(calls.slice(1)).toEqual([
      { job: 0, handles: [], ids: [] },
      { job: 1, handles: [10, 11], ids: ['b10', 'b11'] },
    ]);
    order.stored(1, [12], batchFor([12])); // now at once
    expect(calls.at(-1)).toEqual({ job: 1, handles: [12], ids: ['b12'] });
    order.finish(1); // then job 2, which waited whole
    expect(calls.slice(-2)).toEqual([
      { job: 1, handles: [], ids: [] },
      { job: 2, handles: [20], ids: ['b20'] },
    ]);
    expect(order.waitingSummaries).toBe(0);
    // Every handle once, in job order.
    expect(calls.flatMap((c) => c.handles)).toEqual([0, 1, 10, 11, 12, 20]);
  });

  it('drops the summaries of a waiting job beyond the bound: its meshes go on without them', () => {
    const { calls, onStored } = recorder();
    const order = new JobOrder(onStored, 3);
    order.stored(1, [10, 11], batchFor([10, 11]));
    order.stored(2, [20], batchFor([20]));
    expect(order.waitingSummaries).toBe(3);
    order.stored(1, [12], batchFor([12])); // 4 > 3: job 1's summaries go, its later ones too
    expect(order.waitingSummaries).toBe(1);
    order.stored(1, [13], batchFor([13]));
    expect(order.waitingSummaries).toBe(1);
    order.stored(2, [21], batchFor([21]));
    expect(order.waitingSummaries).toBe(2);
    order.finish(1);
    order.finish(2);
    order.stored(0, [0], batchFor([0]));
    order.finish(0);
    expect(calls).toEqual([
      { job: 0, handles: [0], ids: ['b0'] },
      { job: 0, handles: [], ids: [] },
      { job: 1, handles: [10, 11, 12, 13], ids: [] },
      { job: 2, handles: [20, 21], ids: ['b20', 'b21'] },
    ]);
    expect(order.waitingSummaries).toBe(0);
  });

  it('never holds more summaries than the bound, whatever the order jobs are read in', () => {
    const { calls, onStored } = recorder();
    const order = new JobOrder(onStored, 50);
    let most = 0;
    // Ten jobs of 40 buildings in batches of 8, read in reverse order, two at a time.
    const handlesOf = (job: number, batch: number) =>
      Array.from({ length: 8 }, (_, i) => job * 100 + batch * 8 + i);
    for (let pair = 4; pair >= 0; pair--) {
      for (let batch = 0; batch < 5; batch++) {
        for (const job of [2 * pair, 2 * pair + 1]) {
          const handles = handlesOf(job, batch);
          order.stored(job, handles, batchFor(handles));
          most = Math.max(most, order.waitingSummaries);
        }
      }
      order.finish(2 * pair + 1);
      order.finish(2 * pair);
    }
    expect(most).toBeLessThanOrEqual(50);
    expect(most).toBeGreaterThan(40);
    const handed = calls.flatMap((c) => c.handles);
    expect(handed).toEqual(
      Array.from({ length: 10 }, (_, job) => handlesOf(job, 0)[0]!).flatMap((start) =>
        Array.from({ length: 40 }, (_, i) => start + i),
      ),
    );
    // Each hand-over has the summaries of all its buildings or of none.
    for (const call of calls) expect([0, call.handles.length]).toContain(call.ids.length);
  });
});
