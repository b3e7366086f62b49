/**
 * Converter worker thread: reads one input at a time (plain, .gz or .zip, streamed), runs the
 * platform-free CityGML reader and `ConversionSession` (reprojection + triangulation) on it, and posts
 * encoded meshes back with transfer lists. Pauses while too many meshes are unacknowledged.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';
import { Unzip, UnzipInflate } from 'fflate';
import {
  collectGlobalAppearances,
  createCityGmlReader,
  sniffXmlEncoding,
} from '../../src/core/citygml/index.ts';
import type { CityGmlReader } from '../../src/core/citygml/index.ts';
import type { GlobalAppearances } from '../../src/core/citygml/reader.ts';
import { ConversionSession } from '../../src/core/convert/session.ts';
import type { HeightCorrection } from '../../src/core/crs/ecef.ts';
import { readGeoidGeoTiff } from '../../src/core/crs/geoid-geotiff.ts';
import { writeTileContent } from '../../src/core/tiles/builder.ts';
import { initTileCompression } from '../../src/core/tiles/compression.ts';
import { decodeBuildingMesh, encodeBuildingMesh } from '../../src/core/tiles/mesh-store.ts';
import { ZIP_ENTRY_NAME, imageReference } from './inputs.ts';
import type { InputSource } from './inputs.ts';
import type { FromWorker, ToWorker, WorkerSettings } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('convert worker: must run in a worker thread');
const settings = workerData as WorkerSettings;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/** How physical heights become ellipsoidal, from the `--geoid` value. */
export async function parseHeightCorrection(geoid: string): Promise<HeightCorrection | undefined> {
  if (geoid === 'egm96') return undefined; // the session's built-in default
  if (geoid === 'none') return 'none';
  if (/^[-+]?\d+(\.\d+)?$/.test(geoid)) return { constantMetres: Number(geoid) };
  const bytes = readFileSync(geoid);
  return readGeoidGeoTiff(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const heights = await parseHeightCorrection(settings.geoid);
const RAW_CHUNK_BYTES = 1 << 19;
const BATCH_MESHES = 32;

function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) n += 1;
  return n;
}

let unacknowledged = 0;
let resumeWaiter: (() => void) | undefined;

async function backpressure(): Promise<void> {
  while (unacknowledged >= settings.maxUnacknowledged) {
    await new Promise<void>((resolve) => (resumeWaiter = resolve));
  }
}

class Job {
  readonly session = new ConversionSession({
    overrideCrs: settings.crs,
    heights,
    textures: settings.textures,
  });
  private batch: Uint8Array[] = [];
  bytesRead = 0;
  objects = 0;
  files = 0;
  /** Line breaks in the byte range of a file piece (to turn piece lines into file lines). */
  newlines = 0;
  private lastProgress = 0;

  constructor(readonly id: number) {}

  /**
   * Starts one CityGML document (a file or a zip entry) named `file` in the report; `imageBase` turns
   * its texture image URIs into references the tile writer's resolver reads (see `imageReference`).
   */
  document(
    file: string,
    imageBase: (uri: string) => string,
    globalAppearances?: GlobalAppearances,
  ): { write(bytes: Uint8Array): void; end(): void; abort(error: unknown): void } {
    this.files += 1;
    this.imageBase = imageBase;
    let decoder: TextDecoder | undefined;
    let reader: CityGmlReader | undefined = createCityGmlReader({
      file,
      maxLod: settings.lod,
      ...(globalAppearances ? { globalAppearances } : {}),
    });
    const fail = (error: unknown) => {
      // the error joins the report; a city object it cut off is listed as dropped
      this.session.addReadError(error, file);
      reader = undefined; // objects read before the fault were kept; the rest of the document is skipped
    };
    return {
      write: (bytes) => {
        if (!reader) return;
        decoder ??= new TextDecoder(sniffXmlEncoding(bytes));
        try {
          for (const record of reader.write(decoder.decode(bytes, { stream: true }))) this.add(record, file);
        } catch (error) {
          fail(error);
        }
      },
      end: () => {
        if (!reader) return;
        try {
          if (decoder) reader.write(decoder.decode()).forEach((record) => this.add(record, file));
          const { objects, summary } = reader.close();
          for (const record of objects) this.add(record, file);
          this.session.addReadSummary(summary, file);
        } catch (error) {
          fail(error);
        }
      },
      // the bytes stopped early (a gzip stream that ends too soon): reported at the line reached
      abort: (error) => {
        if (!reader) return;
        const reason = error instanceof Error ? error.message : String(error);
        fail(reader.abort(`the compressed data ends early (${reason})`));
      },
    };
  }

  private imageBase: (uri: string) => string = (uri) => uri;

  private add(record: Parameters<ConversionSession['add']>[0], file: string): void {
    this.objects += 1;
    this.session.add(record, file);
    for (const mesh of this.session.meshes.splice(0)) {
      if (mesh.texture) mesh.texture.uris = mesh.texture.uris.map(this.imageBase);
      this.batch.push(encodeBuildingMesh(mesh));
    }
    if (this.batch.length >= BATCH_MESHES) this.flush();
  }

  flush(): void {
    if (this.batch.length > 0) {
      const meshes = this.batch;
      this.batch = [];
      unacknowledged += meshes.length;
      post(
        { type: 'meshes', job: this.id, meshes },
        meshes.map((m) => m.buffer as ArrayBuffer),
      );
    }
    const now = performance.now();
    if (now - this.lastProgress > 250) {
      this.lastProgress = now;
      post({ type: 'progress', job: this.id, bytesRead: this.bytesRead, objects: this.objects });
    }
  }
}

/**
 * The global appearances of a plain or gzipped CityGML file (a first, cheap pass that skips the city
 * objects); undefined when it has none.
 */
async function readGlobalAppearances(source: InputSource): Promise<GlobalAppearances | undefined> {
  const raw = createReadStream(source.path, { highWaterMark: RAW_CHUNK_BYTES });
  const stream = source.kind === 'gz' ? raw.pipe(createGunzip()) : raw;
  async function* text(): AsyncGenerator<string> {
    let decoder: TextDecoder | undefined;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      decoder ??= new TextDecoder(sniffXmlEncoding(chunk));
      yield decoder.decode(chunk, { stream: true });
    }
    if (decoder) yield decoder.decode();
  }
  try {
    const appearances = await collectGlobalAppearances(text(), { file: source.name });
    return appearances.materials.size + appearances.textures.size > 0 ? appearances : undefined;
  } catch {
    return undefined; // the main pass reports the fault
  }
}

async function runJob(id: number, source: InputSource): Promise<void> {
  const job = new Job(id);
  try {
    const raw = createReadStream(source.path, { highWaterMark: RAW_CHUNK_BYTES });
    const count = (chunk: Buffer | string) => {
      if (typeof chunk === 'string') return;
      job.bytesRead += chunk.byteLength;
    };
    if (source.kind === 'zip') {
      const unzip = new Unzip();
      unzip.register(UnzipInflate);
      unzip.onfile = (entry) => {
        if (!ZIP_ENTRY_NAME.test(entry.name)) return;
        const document = job.document(`${source.name}/${entry.name}`, (uri) =>
          imageReference(source.path, uri, entry.name),
        );
        entry.ondata = (error, data, final) => {
          if (error) {
            job.session.report.errors.push({ file: `${source.name}/${entry.name}`, message: String(error) });
            return;
          }
          document.write(data);
          if (final) document.end();
        };
        entry.start();
      };
      for await (const chunk of raw as AsyncIterable<Buffer>) {
        count(chunk);
        unzip.push(chunk);
        job.flush();
        await backpressure();
      }
      unzip.push(new Uint8Array(0), true);
      if (job.files === 0) {
        job.session.report.errors.push({
          file: source.name,
          message: `convert: ${source.name}: no .gml, .xml or .citygml entries in the archive`,
        });
      }
    } else if (source.piece) {
      const { piece } = source;
      const document = job.document(source.name, (uri) => imageReference(source.path, uri));
      for (const [start, end, isRange] of [
        [0, piece.headEnd, false],
        [piece.start, piece.end, true],
      ] as const) {
        if (end <= start) continue;
        const stream = createReadStream(source.path, { start, end: end - 1, highWaterMark: RAW_CHUNK_BYTES });
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (isRange) {
            count(chunk);
            job.newlines += countNewlines(chunk);
          }
          document.write(chunk);
          job.flush();
          await backpressure();
        }
      }
      if (piece.closing) document.write(new TextEncoder().encode(piece.closing));
      document.end();
      if (piece.index > 0) job.files = 0;
    } else {
      // Textures: global appearances may follow the city objects (PLATEAU), so a first pass collects them.
      const appearances = settings.textures ? await readGlobalAppearances(source) : undefined;
      const document = job.document(source.name, (uri) => imageReference(source.path, uri), appearances);
      if (source.kind === 'gz') raw.on('data', count);
      const stream = source.kind === 'gz' ? raw.pipe(createGunzip()) : raw;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (source.kind === 'xml') count(chunk);
          document.write(chunk);
          job.flush();
          await backpressure();
        }
      } catch (error) {
        // a truncated or corrupt .gz (or a read error): what was read is kept, the fault names the line
        document.abort(error);
      }
      document.end();
    }
  } catch (error) {
    job.session.report.errors.push({ file: source.name, message: `convert: ${(error as Error).message}` });
  }
  job.flush();
  post({ type: 'done', job: id, report: job.session.report, files: job.files, newlines: job.newlines });
}

/** The spool file tile jobs read meshes from (opened on the first tile job, kept open). */
let spool: { path: string; fd: number } | undefined;

/** Writes one tile's content from meshes in the main thread's spool file; the GLB is transferred. */
async function runTile(message: Extract<ToWorker, { type: 'tile' }>): Promise<void> {
  if (message.options.compress) await initTileCompression();
  if (spool?.path !== message.spool) {
    if (spool) closeSync(spool.fd);
    spool = { path: message.spool, fd: openSync(message.spool, 'r') };
  }
  const { fd } = spool;
  const buildings = message.offsets.map((offset, i) => {
    const bytes = new Uint8Array(message.lengths[i] ?? 0);
    for (let read = 0; read < bytes.byteLength; ) {
      const n = readSync(fd, bytes, read, bytes.byteLength - read, offset + read);
      if (n === 0) throw new Error(`convert worker: spool file ${message.spool} ends early`);
      read += n;
    }
    return decodeBuildingMesh(bytes);
  });
  const content = writeTileContent(buildings, message.options);
  post({ type: 'tile', tile: message.tile, content }, [content.glb.buffer as ArrayBuffer]);
}

let queue = Promise.resolve();
port.on('message', (message: ToWorker) => {
  if (message.type === 'ack') {
    unacknowledged -= message.count;
    const resume = resumeWaiter;
    resumeWaiter = undefined;
    resume?.();
  } else if (message.type === 'tile') {
    queue = queue
      .then(() => runTile(message))
      .catch((error: unknown) => post({ type: 'fatal', message: (error as Error).message }));
  } else {
    queue = queue
      .then(() => runJob(message.job, message.source))
      .catch((error: unknown) => post({ type: 'fatal', message: (error as Error).message }));
  }
});
