import { describe, expect, it } from 'vitest';
import type { JoinLegendClass } from '../../core/layers/building-joins.ts';
import { LayersClient } from './layers-client.ts';
import type { LayersWorkerHandle } from './layers-client.ts';

/** A fake worker whose calls answer when the test says so, in the order they were sent. */
function fakeWorker() {
  const sent: { what: string; answer: (value?: unknown) => void }[] = [];
  let started = 0;
  let terminated = 0;
  const pending = <T>(what: string) =>
    new Promise<T>((resolve) => sent.push({ what, answer: (value) => resolve(value as T) }));
  const start = (): LayersWorkerHandle => {
    started += 1;
    return {
      api: {
        startJoin: () => pending<number>('start'),
        classifyBuildings: (joinId: number) =>
          pending<{ classes: Uint8Array; legend: JoinLegendClass[] }>(`classify ${joinId}`),
        endJoin: (joinId: number) => pending<void>(`end ${joinId}`),
      } as unknown as LayersWorkerHandle['api'],
      terminate: () => (terminated += 1),
    };
  };
  return { start, sent, started: () => started, terminated: () => terminated };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const batch = () => ({ centroids: new Float64Array([7, 50]) });
const answer = { classes: new Uint8Array([1]), legend: [] };

describe('layers worker client', () => {
  it('starts the worker on the first call and sends calls one at a time, in order', async () => {
    const fake = fakeWorker();
    const client = new LayersClient(fake.start);
    expect(fake.started()).toBe(0);
    const id = client.startJoin({} as never);
    const classified = client.classifyBuildings(1, batch());
    await tick();
    expect(fake.sent.map((s) => s.what)).toEqual(['start']);
    expect(client.queued).toBe(1);
    fake.sent[0]?.answer(1);
    expect(await id).toBe(1);
    await tick();
    expect(fake.sent.map((s) => s.what)).toEqual(['start', 'classify 1']);
    fake.sent[1]?.answer(answer);
    expect(await classified).toEqual(answer);
    expect(fake.started()).toBe(1);
  });

  it('never sends an aborted call; an aborted running call rejects at once and its answer is dropped', async () => {
    const fake = fakeWorker();
    const client = new LayersClient(fake.start);
    const abort = new AbortController();
    const running = client.classifyBuildings(1, batch(), abort.signal);
    const waiting = client.classifyBuildings(1, batch(), abort.signal);
    const other = client.classifyBuildings(2, batch());
    await tick();
    abort.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(client.queued).toBe(1); // the other session's batch waits for the worker to finish
    fake.sent[0]?.answer(answer);
    await tick();
    expect(fake.sent.map((s) => s.what)).toEqual(['classify 1', 'classify 2']);
    fake.sent[1]?.answer(answer);
    expect(await other).toEqual(answer);
    await expect(client.startJoin({} as never, abort.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('dispose ends the worker and rejects what is waiting or running', async () => {
    const fake = fakeWorker();
    const client = new LayersClient(fake.start);
    const running = client.endJoin(1);
    const waiting = client.endJoin(2);
    await tick();
    client.dispose();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.terminated()).toBe(1);
    await expect(client.endJoin(3)).rejects.toThrow(/disposed/);
  });
});
