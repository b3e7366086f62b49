/**
 * Streams the demo city to a file: a Node write stream with backpressure into `<out>.tmp`, renamed to `<out>`
 * when complete, so memory stays constant up to a million buildings and a half-written file never carries
 * the final name. Used by the CLI (tools/generate-demo-city.ts) and tools/build-demo-tiles.ts.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { dirname } from 'node:path';
import { planDemoCity, type DemoCityOptions, type DemoCitySummary } from './generate.ts';

/** Where and what to write. */
export interface DemoCityWriteOptions extends DemoCityOptions {
  /** Output file (.gml); its folder is created when missing. */
  out: string;
}

/**
 * Chunks are gathered to about this many UTF-16 code units before each write. Small enough that each
 * encoded batch is an ordinary heap allocation: with 256 Ki units every batch was a fresh mapping (glibc maps
 * blocks over 128 KiB on their own) that the kernel zero-filled and unmapped again, and generating 100 000
 * buildings into the converter took 7.1 CPU seconds instead of 4.7 (`bench:convert -- --buildings 100000
 * --stream --demo-only`, one run each, load 1.2–1.6; the converter's wall time 21.2 → 19.5 s on the 2 cores).
 */
const WRITE_BATCH = 16 * 1024;

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

/**
 * Writes the demo city into `stream` (a file, a pipe into another process: `npm run bench:convert`
 * pipes it into the converter's standard input) with backpressure; does not end the stream. Resolves
 * with the UTF-8 bytes written and the city's summary; rejects when the stream fails.
 */
export async function writeDemoCityTo(
  stream: Writable,
  options: DemoCityOptions,
): Promise<{ bytes: number; summary: DemoCitySummary }> {
  const { summary, chunks } = planDemoCity(options);
  /** Resolves when the stream wants more data; rejects if it failed (also when it failed earlier). */
  const drained = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (stream.errored) {
        reject(stream.errored);
        return;
      }
      const onDrain = (): void => {
        stream.off('error', onError);
        stream.off('close', onClose);
        resolve();
      };
      const onError = (error: Error): void => {
        stream.off('drain', onDrain);
        stream.off('close', onClose);
        reject(error);
      };
      // A pipe whose reader went away may close without an error event.
      const onClose = (): void => {
        stream.off('drain', onDrain);
        stream.off('error', onError);
        reject(stream.errored ?? new Error('demo city: the stream closed before the city was written'));
      };
      stream.once('drain', onDrain);
      stream.once('error', onError);
      stream.once('close', onClose);
    });
  let bytes = 0;
  let batch = '';
  const flush = async (): Promise<void> => {
    if (stream.errored) throw stream.errored;
    // Encoded once: counting the UTF-8 length and then writing the string encoded it twice.
    const encoded = Buffer.from(batch, 'utf8');
    bytes += encoded.byteLength;
    const accepted = stream.write(encoded);
    batch = '';
    if (!accepted) await drained();
  };
  for (const chunk of chunks()) {
    batch += chunk;
    if (batch.length >= WRITE_BATCH) await flush();
  }
  await flush();
  return { bytes, summary };
}

/** Writes the demo city to `options.out` (via `<out>.tmp`, then renamed), with backpressure; returns measured figures. */
export async function writeDemoCity(options: DemoCityWriteOptions): Promise<DemoCityWriteReport> {
  const started = performance.now();
  const { out } = options;
  await mkdir(dirname(out), { recursive: true });
  const temporary = `${out}.tmp`;
  const stream = createWriteStream(temporary, { encoding: 'utf8' });
  // Failures are read from `stream.errored` where they matter; this keeps one from crashing the process.
  stream.on('error', () => undefined);
  let written: { bytes: number; summary: DemoCitySummary };
  try {
    written = await writeDemoCityTo(stream, options);
    stream.end();
    await finished(stream);
    await rename(temporary, out);
  } catch (error) {
    stream.destroy();
    // The file may still be opening (a failure before the first write): removed only once the stream
    // has closed, or the pending open would create it again after the removal.
    if (!stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()));
    await rm(temporary, { force: true });
    throw error;
  }
  const { bytes, summary } = written;
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
