import { describe, expect, it } from 'vitest';
import type { ConvertResult } from './convert-api.ts';
import { ConversionPool, MAX_POOL_SIZE, poolSizeFor } from './pool.ts';
import type { PoolWorker } from './pool.ts';

/** Fake workers whose conversions finish when the test says so. */
function fakeWorkers() {
  const started: { name: string; finish: () => void; worker: number }[] = [];
  const terminated: number[] = [];
  let count = 0;
  const createWorker = (): PoolWorker => {
    const worker = count++;
    return {
      api: {
        convert: (_file: Blob, name: string) =>
          new Promise<ConvertResult>((resolve) =>
            started.push({
              name,
              worker,
              finish: () => resolve({ source: 'citygml', files: [], buildings: name.length, problems: [] }),
            }),
          ),
        exportArchive: () => Promise.resolve(new ArrayBuffer(1)),
      } as unknown as PoolWorker['api'],
      terminate: () => terminated.push(worker),
    };
  };
  return { createWorker, started, terminated, workers: () => count };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const blob = new Blob(['x']);

describe('conversion pool', () => {
  it('sizes itself from the core count, leaving one to the page, capped', () => {
    expect(poolSizeFor(1)).toBe(1);
    expect(poolSizeFor(2)).toBe(1);
    expect(poolSizeFor(4)).toBe(3);
    expect(poolSizeFor(64)).toBe(MAX_POOL_SIZE);
    expect(poolSizeFor(undefined)).toBe(1);
  });

  it('runs at most `size` jobs at once and starts queued ones as workers free up', async () => {
    const fake = fakeWorkers();
    const pool = new ConversionPool({ size: 2, createWorker: fake.createWorker });
    const results = ['a', 'bb', 'ccc'].map((name) => pool.convert(blob, name));
    await tick();
    expect(fake.started.map((s) => s.name)).toEqual(['a', 'bb']);
    expect(pool.queued).toBe(1);
    fake.started[0]?.finish();
    expect((await results[0])?.buildings).toBe(1);
    await tick();
    expect(fake.started.map((s) => s.name)).toEqual(['a', 'bb', 'ccc']);
    expect(fake.workers()).toBe(2); // the freed worker was reused
    fake.started[1]?.finish();
    fake.started[2]?.finish();
    expect((await Promise.all(results)).map((r) => r.buildings)).toEqual([1, 2, 3]);
  });

  it('refuses jobs beyond the bounded queue', async () => {
    const fake = fakeWorkers();
    const pool = new ConversionPool({ size: 1, maxQueued: 1, createWorker: fake.createWorker });
    const ignoreAbort = () => undefined;
    pool.convert(blob, 'running').catch(ignoreAbort);
    await tick();
    pool.convert(blob, 'queued').catch(ignoreAbort);
    await expect(pool.convert(blob, 'one too many')).rejects.toThrow(/more than 1 files waiting/);
    pool.dispose();
  });

  it('cancels a queued job without touching workers, and a running one by replacing its worker', async () => {
    const fake = fakeWorkers();
    const pool = new ConversionPool({ size: 1, createWorker: fake.createWorker });
    const running = new AbortController();
    const queued = new AbortController();
    const first = pool.convert(blob, 'first', { signal: running.signal });
    const second = pool.convert(blob, 'second', { signal: queued.signal });
    const third = pool.convert(blob, 'third');
    await tick();
    queued.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.terminated).toEqual([]);
    running.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.terminated).toEqual([0]);
    await tick();
    // 'third' runs on a fresh worker; 'second' never started.
    expect(fake.started.map((s) => `${s.name}@${s.worker}`)).toEqual(['first@0', 'third@1']);
    fake.started[1]?.finish();
    expect((await third).buildings).toBe(5);
    // A late result of the cancelled job changes nothing.
    fake.started[0]?.finish();
    await tick();
    expect(pool.running).toBe(0);
  });

  it('rejects an already aborted signal and everything on dispose', async () => {
    const fake = fakeWorkers();
    const pool = new ConversionPool({ size: 1, createWorker: fake.createWorker });
    await expect(pool.convert(blob, 'x', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const a = pool.convert(blob, 'a');
    const b = pool.convert(blob, 'b');
    await tick();
    pool.dispose();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    await expect(b).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.terminated).toEqual([0]);
  });

  it('queues vector reads, plan reads and folder ZIPs behind a running conversion on the same workers', async () => {
    const fake = fakeWorkers();
    const calls: string[] = [];
    const createWorker = (): PoolWorker => {
      const worker = fake.createWorker();
      return {
        ...worker,
        api: {
          ...worker.api,
          readVector: (_file: Blob, name: string, options?: { projectedCrs?: string }) => {
            calls.push(`vector ${name} ${options?.projectedCrs ?? '-'}`);
            return Promise.resolve({
              features: [],
              coordinates: new Float64Array(0),
              sourceCrs: 'CRS84',
              problems: [],
            });
          },
          readPlan: (_file: Blob, name: string) => {
            calls.push(`plan ${name}`);
            return Promise.resolve({ name: 'P' });
          },
          exportFolderZip: (_files: unknown[], folder: string) => {
            calls.push(`zip ${folder}`);
            return Promise.resolve(new ArrayBuffer(2));
          },
        } as unknown as PoolWorker['api'],
      };
    };
    const pool = new ConversionPool({ size: 1, createWorker });
    const conversion = pool.convert(blob, 'big.gml');
    const vector = pool.readVector(blob, 'a.csv', { projectedCrs: 'EPSG:31467' });
    const plan = pool.readPlan(blob, 'p.gml');
    const zip = pool.exportFolderZip([], 'folder');
    const cancelled = new AbortController();
    const dropped = pool.readVector(blob, 'b.csv', { signal: cancelled.signal }).catch((e: unknown) => e);
    cancelled.abort();
    await tick();
    expect(calls).toEqual([]); // all wait for the one worker
    expect(pool.queued).toBe(3);
    fake.started[0]?.finish();
    await conversion;
    expect((await vector).sourceCrs).toBe('CRS84');
    expect((await plan).name).toBe('P');
    expect((await zip).byteLength).toBe(2);
    expect(await dropped).toMatchObject({ name: 'AbortError' });
    expect(calls).toEqual(['vector a.csv EPSG:31467', 'plan p.gml', 'zip folder']);
    expect(fake.workers()).toBe(1);
  });
});
