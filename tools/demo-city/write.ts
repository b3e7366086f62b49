/**
 * Streams the demo city to a file: a Node write stream with backpressure into `<out>.tmp`, renamed to `<out>`
 * when complete, so memory stays constant up to a million buildings and a half-written file never carries
 * the final name. Used by the CLI (tools/generate-demo-city.ts) and tools/build-demo-tiles.ts.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { dirname } from 'node:path';
import { planDemoCity, type DemoCityOptions, type DemoCitySummary } from './generate.ts';

/** Where and what to write. */
export interface DemoCityWriteOptions extends DemoCityOptions {
  /** Output file (.gml); its folder is created when missing. */
  out: string;
}

/** Chunks are gathered to about this many UTF-16 code units before each write. */
const WRITE_BATCH = 256 * 1024;

/** Figures measured while writing one demo city. */
export interface DemoCityWriteReport
  extends Pick<DemoCitySummary, 'buildings' | 'seed' | 'lowerCorner' | 'upperCorner'> {
  out: string;
  bytes: number;
  seconds: number;
  buildingsPerSecond: number;
  megabytesPerSecond: number;
  /** Peak resident set size of this process, MiB. */
  peakRssMiB: number;
}

/** Writes the demo city to `options.out` (via `<out>.tmp`, then renamed), with backpressure; returns measured figures. */
export async function writeDemoCity(options: DemoCityWriteOptions): Promise<DemoCityWriteReport> {
  const started = performance.now();
  const { out } = options;
  const { summary, chunks } = planDemoCity(options);
  await mkdir(dirname(out), { recursive: true });
  const temporary = `${out}.tmp`;
  const stream = createWriteStream(temporary, { encoding: 'utf8' });
  // Failures are read from `stream.errored` where they matter; this keeps one from crashing the process.
  stream.on('error', () => undefined);
  /** Resolves when the stream wants more data; rejects if it failed (also when it failed earlier). */
  const drained = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (stream.errored) {
        reject(stream.errored);
        return;
      }
      const onDrain = (): void => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error): void => {
        stream.off('drain', onDrain);
        reject(error);
      };
      stream.once('drain', onDrain);
      stream.once('error', onError);
    });
  let bytes = 0;
  try {
    let batch = '';
    const flush = async (): Promise<void> => {
      if (stream.errored) throw stream.errored;
      bytes += Buffer.byteLength(batch, 'utf8');
      const accepted = stream.write(batch);
      batch = '';
      if (!accepted) await drained();
    };
    for (const chunk of chunks()) {
      batch += chunk;
      if (batch.length >= WRITE_BATCH) await flush();
    }
    await flush();
    stream.end();
    await finished(stream);
    await rename(temporary, out);
  } catch (error) {
    stream.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    out,
    buildings: summary.buildings,
    seed: summary.seed,
    bytes,
    seconds: Math.round(seconds * 1000) / 1000,
    buildingsPerSecond: Math.round(summary.buildings / seconds),
    megabytesPerSecond: Math.round((bytes / 1e6 / seconds) * 10) / 10,
    peakRssMiB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
    lowerCorner: summary.lowerCorner,
    upperCorner: summary.upperCorner,
  };
}
