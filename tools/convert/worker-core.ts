/**
 * The converter's reading and tile-writing logic as a message handler, independent of where it runs:
 * in a worker thread (`worker.ts` wires it to `parentPort`) or on the main thread for small inputs
 * (`InProcessThread` in threads.ts), where starting threads would cost more than the work. It turns one
 * input at a time (plain, .gz or .zip; a piece of a large file) into byte chunks from fs streams (and
 * zlib's gunzip), posts the encoded meshes the core reader yields, and pauses (and with it the reading)
 * while too many meshes are unacknowledged.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync } from 'node:fs';
import type { ReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import { collectGlobalAppearances } from '../../src/core/citygml/index.ts';
import type { GlobalAppearances } from '../../src/core/citygml/index.ts';
import { decodeDocument, DOCUMENT_READ_DEFAULTS, readDocuments } from '../../src/core/convert/documents.ts';
import type { DocumentInput, DocumentStep, TextDecoderFactory } from '../../src/core/convert/documents.ts';
import { ConversionSession } from '../../src/core/convert/session.ts';
import type { EcefTransformer } from '../../src/core/crs/ecef.ts';
import { errorMessage } from '../../src/core/errors.ts';
import { writeTileContent } from '../../src/core/tiles/builder.ts';
import { initTileCompression } from '../../src/core/tiles/compression.ts';
import {
  decodeBuildingMesh,
  encodeBuildingMesh,
  jsonProperties,
  meshAsStored,
} from '../../src/core/tiles/mesh-store.ts';
import { BuildingMetadataCensus } from '../../src/core/tiles/metadata.ts';
import { MESH_SUMMARY_FIELDS, summaryIsTiled, writeMeshSummary } from '../../src/core/tiles/mesh-summary.ts';
import type { MeshHead } from '../../src/core/tiles/mesh-summary.ts';
import type { BuildingMesh } from '../../src/core/tiles/types.ts';
import { encodedBatch, readSpooledMeshes } from './disk-mesh-store.ts';
import type { ImageUse } from './images.ts';
import { imageReference } from './inputs.ts';
import { receivedBytes } from './collect.ts';
import type { InputSource } from './inputs.ts';
import { heightCorrection } from './protocol.ts';
import type { FromWorker, ReadStages, ToWorker, WorkerSettings } from './protocol.ts';

const RAW_CHUNK_BYTES = 1 << 19;
const BATCH_MESHES = 32;
const textDecoder: TextDecoderFactory = (label, options) => new TextDecoder(label, options);

function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) n += 1;
  return n;
}

/** Milliseconds since an origin (performance.now), for the stage timings. */
const now = () => performance.now();

/**
 * A conversion session that times its own work: `add` (reprojection plus triangulation and mesh
 * building) and the transformers' `toEcef` (reprojection alone). The core stays untimed; this costs
 * two clock reads per object and per coordinate list.
 */
class TimedSession extends ConversionSession {
  addMs = 0;
  reprojectMs = 0;
  private readonly timed = new Map<EcefTransformer, EcefTransformer>();

  override add(...args: Parameters<ConversionSession['add']>): void {
    const started = now();
    try {
      super.add(...args);
    } finally {
      this.addMs += now() - started;
    }
  }

  override transformerFor(...args: Parameters<ConversionSession['transformerFor']>): EcefTransformer {
    const transformer = super.transformerFor(...args);
    let timed = this.timed.get(transformer);
    if (!timed) {
      const toEcef = (positions: Float64Array, out?: Float64Array) => {
        const started = now();
        try {
          return transformer.toEcef(positions, out);
        } finally {
          this.reprojectMs += now() - started;
        }
      };
      // A proxy, not a copy: the transformer's other members (datumShift is read after toEcef) stay live.
      timed = new Proxy(transformer, {
        get: (target, key) => (key === 'toEcef' ? toEcef : Reflect.get(target, key)),
      });
      this.timed.set(transformer, timed);
    }
    return timed;
  }
}

/**
 * Starts the reading and tile-writing logic for one thread: returns the handler of messages from the
 * main thread; `post` sends messages back (with a transfer list in a real worker thread).
 */
export function createConverterThread(
  settings: WorkerSettings,
  post: (message: FromWorker, transfer?: ArrayBuffer[]) => void,
): (message: ToWorker) => void {
  // The main thread parsed `--geoid` once; a grid's undulations arrive in shared memory.
  const heights = heightCorrection(settings.heights);
  let unacknowledged = 0;
  let resumeWaiter: (() => void) | undefined;
  /** The spool file tile jobs read meshes from (opened on the first tile job, kept open). */
  let spool: { path: string; fd: number } | undefined;

  async function backpressure(): Promise<void> {
    while (unacknowledged >= settings.maxUnacknowledged) {
      await new Promise<void>((resolve) => (resumeWaiter = resolve));
    }
  }

  class Job {
    readonly session = new TimedSession({
      overrideCrs: settings.crs,
      heights,
      textures: settings.textures,
    });
    private batch: Uint8Array[] = [];
    /** What the tiler needs of the meshes in `batch` (`SummarisedBatch`), so the main thread need not decode them. */
    private summaries = new Float64Array(BATCH_MESHES * MESH_SUMMARY_FIELDS);
    private heads: MeshHead[] = [];
    private census = new BuildingMetadataCensus();
    /** Meshes for a thread on the main thread (`sameThread`): objects, not bytes. */
    private meshObjects: BuildingMesh[] = [];
    bytesRead = 0;
    objects = 0;
    files = 0;
    /** The first use of each texture image reference made (one entry per image, not per mesh). */
    readonly imageUses = new Map<string, ImageUse>();
    /** Line breaks in the byte range of a file piece (to turn piece lines into file lines). */
    newlines = 0;
    /** Milliseconds waiting for input bytes (disk and gunzip), in the reader's steps, and encoding meshes. */
    readMs = 0;
    stepsMs = 0;
    encodeMs = 0;
    private lastProgress = 0;

    constructor(
      readonly id: number,
      /** Turns a document's texture image URI into a reference the tile writer's resolver reads. */
      private readonly imageBase: (uri: string, entry?: string) => string,
    ) {}

    /** The byte chunks of a Node stream (fs or zlib), as the core reader takes them; the wait is timed. */
    async *chunks(stream: ReadStream | NodeJS.ReadableStream): AsyncGenerator<Uint8Array> {
      const iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      for (;;) {
        const started = now();
        const next = await iterator.next();
        this.readMs += now() - started;
        if (next.done) return;
        yield next.value;
      }
    }

    /** Reads `input` through the core reader, posting meshes as they come and pausing for acknowledgements. */
    async read(input: DocumentInput): Promise<void> {
      const steps = readDocuments(input, this.session, textDecoder, {
        maxLod: settings.lod,
        entryPattern: DOCUMENT_READ_DEFAULTS.entryPattern,
      });
      for (;;) {
        const started = now();
        const next = await steps.next();
        this.stepsMs += now() - started;
        if (next.done) {
          this.files += next.value.documents;
          this.bytesRead = next.value.bytesRead;
          this.objects = next.value.objects;
          return;
        }
        this.take(next.value);
        this.flush();
        await backpressure();
      }
    }

    private take(step: DocumentStep): void {
      this.bytesRead = step.bytesRead;
      this.objects = step.objects;
      const started = now();
      for (const { mesh, file, line, entry } of step.meshes) {
        if (mesh.texture) {
          mesh.texture.uris = mesh.texture.uris.map((uri) => {
            const reference = this.imageBase(uri, entry);
            if (!this.imageUses.has(reference))
              this.imageUses.set(reference, { file, line, objectId: mesh.id });
            return reference;
          });
        }
        if (settings.sameThread) this.meshObjects.push(meshAsStored(mesh));
        else {
          // Summarised as the tiler would see the mesh after the codec: properties with JSON's rules. The
          // addresses go as they are: the address index reads only their text fields, which JSON keeps.
          const properties = jsonProperties(mesh.properties);
          const at = this.batch.length * MESH_SUMMARY_FIELDS;
          writeMeshSummary(
            properties === mesh.properties ? mesh : { ...mesh, properties },
            this.summaries,
            at,
          );
          if (summaryIsTiled(this.summaries, at)) this.census.add(properties);
          this.heads.push(
            mesh.addresses?.length ? { id: mesh.id, addresses: mesh.addresses } : { id: mesh.id },
          );
          this.batch.push(encodeBuildingMesh(mesh));
        }
        if (this.batch.length + this.meshObjects.length >= BATCH_MESHES) this.flush();
      }
      this.encodeMs += now() - started;
    }

    flush(): void {
      if (this.meshObjects.length > 0) {
        const meshes = this.meshObjects;
        this.meshObjects = [];
        unacknowledged += meshes.length;
        post({ type: 'meshObjects', job: this.id, meshes });
      }
      if (this.batch.length > 0) {
        const meshes = this.batch;
        this.batch = [];
        unacknowledged += meshes.length;
        const { bytes, lengths } = encodedBatch(meshes);
        const summaries = this.summaries.slice(0, meshes.length * MESH_SUMMARY_FIELDS);
        const { heads, census } = this;
        this.heads = [];
        this.census = new BuildingMetadataCensus();
        post({ type: 'meshes', job: this.id, bytes, lengths, summaries, heads, census: census.part() }, [
          bytes.buffer as ArrayBuffer,
          lengths.buffer as ArrayBuffer,
          summaries.buffer as ArrayBuffer,
        ]);
      }
      const time = now();
      if (time - this.lastProgress > 250) {
        this.lastProgress = time;
        post({ type: 'progress', job: this.id, bytesRead: this.bytesRead, objects: this.objects });
      }
    }

    /** Seconds per stage; the reader's steps hold the waits for input (read) and the session's work. */
    stages(): ReadStages {
      const { addMs, reprojectMs } = this.session;
      return {
        read: this.readMs / 1000,
        parse: Math.max(0, this.stepsMs - this.readMs - addMs) / 1000,
        reproject: reprojectMs / 1000,
        triangulate: Math.max(0, addMs - reprojectMs) / 1000,
        encode: this.encodeMs / 1000,
      };
    }
  }

  /**
   * A file's on-disk bytes as a read stream, counted, and with `hashed` also hashed on the way
   * (`digest()`: the SHA-256, hex, once the stream reached the file's end; undefined before): the
   * report's content hash without reading the file a second time.
   */
  function rawStream(
    path: string,
    hashed: boolean,
  ): { stream: ReadStream; bytesRead: () => number; digest: () => string | undefined } {
    let raw = 0;
    let ended = false;
    const hash = hashed ? createHash('sha256') : undefined;
    const stream = createReadStream(path, { highWaterMark: RAW_CHUNK_BYTES });
    stream.on('data', (chunk: Buffer | string) => {
      if (typeof chunk === 'string') return;
      raw += chunk.byteLength;
      hash?.update(chunk);
    });
    stream.on('end', () => (ended = true));
    return {
      stream,
      bytesRead: () => raw,
      digest: () => (ended && hash ? hash.digest('hex') : undefined),
    };
  }

  /** The raw bytes of a plain or gzipped file (decompressed), a counter of the on-disk bytes read and their hash (see `rawStream`). */
  function fileChunks(
    job: Job,
    source: InputSource,
    hashed = false,
  ): { chunks: AsyncIterable<Uint8Array>; bytesRead: () => number; digest: () => string | undefined } {
    const { stream, bytesRead, digest } = rawStream(source.path, hashed);
    return {
      chunks: job.chunks(source.kind === 'gz' ? stream.pipe(createGunzip()) : stream),
      bytesRead,
      digest,
    };
  }

  /** Bytes already in memory (a stream input's piece), in reader-sized chunks. */
  async function* memoryChunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < bytes.byteLength; at += RAW_CHUNK_BYTES)
      yield bytes.subarray(at, Math.min(bytes.byteLength, at + RAW_CHUNK_BYTES));
  }

  /**
   * The global appearances of a plain or gzipped CityGML file (a first, cheap pass that skips the city
   * objects); undefined when it has none.
   */
  async function readGlobalAppearances(
    job: Job,
    source: InputSource,
  ): Promise<GlobalAppearances | undefined> {
    try {
      const text = decodeDocument(fileChunks(job, source).chunks, textDecoder);
      const appearances = await collectGlobalAppearances(text, { file: source.name });
      return appearances.materials.size + appearances.textures.size > 0 ? appearances : undefined;
    } catch {
      return undefined; // the main pass reports the fault
    }
  }

  async function runJob(id: number, source: InputSource): Promise<void> {
    const job = new Job(id, (uri, entry) => imageReference(source.path, uri, entry));
    // A whole file read here is hashed as it is read (pieces and in-memory pieces are not whole files).
    let digest: (() => string | undefined) | undefined;
    try {
      if (source.kind === 'zip') {
        const raw = rawStream(source.path, settings.hashInputs ?? false);
        digest = raw.digest;
        await job.read({ name: source.name, kind: 'zip', chunks: job.chunks(raw.stream) });
        if (job.files === 0) {
          job.session.report.errors.push({
            file: source.name,
            message: `convert: ${source.name}: no .gml, .xml or .citygml entries in the archive`,
          });
        }
      } else if (source.piece) {
        const { piece } = source;
        let raw = 0;
        // The file's head (up to its first city object), this piece's byte range, and closing tags.
        async function* pieceChunks(): AsyncGenerator<Uint8Array> {
          for (const [start, end, isRange] of [
            [0, piece.headEnd, false],
            [piece.start, piece.end, true],
          ] as const) {
            if (end <= start) continue;
            const chunks = source.data
              ? memoryChunks(
                  isRange ? source.data.subarray(piece.headEnd) : source.data.subarray(0, piece.headEnd),
                )
              : job.chunks(
                  createReadStream(source.path, { start, end: end - 1, highWaterMark: RAW_CHUNK_BYTES }),
                );
            for await (const chunk of chunks) {
              if (isRange) {
                raw += chunk.byteLength;
                job.newlines += countNewlines(chunk);
              }
              yield chunk;
            }
          }
          if (piece.closing) yield new TextEncoder().encode(piece.closing);
        }
        await job.read({ name: source.name, kind: 'document', chunks: pieceChunks(), bytesRead: () => raw });
        if (piece.index > 0) job.files = 0;
      } else {
        // Textures: global appearances may follow the city objects (PLATEAU), so a first pass collects them.
        const appearances = settings.textures ? await readGlobalAppearances(job, source) : undefined;
        const data = source.data;
        const file = data ? undefined : fileChunks(job, source, settings.hashInputs ?? false);
        digest = file?.digest;
        await job.read({
          name: source.name,
          kind: 'document',
          ...(data
            ? { chunks: memoryChunks(data), bytesRead: () => data.byteLength }
            : { chunks: file!.chunks, bytesRead: file!.bytesRead }),
          ...(appearances ? { globalAppearances: appearances } : {}),
        });
      }
    } catch (error) {
      job.session.report.errors.push({ file: source.name, message: `convert: ${errorMessage(error)}` });
    }
    job.flush();
    const sha256 = digest?.();
    // A stream piece's buffer goes back to be filled again; other bytes transferred in are freed only
    // by a full collection (collect.ts).
    const released = source.piece && source.data ? (source.data.buffer as ArrayBuffer) : undefined;
    if (source.data && !released) receivedBytes(source.data.byteLength);
    post(
      {
        type: 'done',
        job: id,
        report: job.session.report,
        files: job.files,
        newlines: job.newlines,
        stages: job.stages(),
        ...(job.imageUses.size > 0 ? { imageUses: [...job.imageUses] } : {}),
        ...(sha256 !== undefined ? { sha256 } : {}),
        ...(released ? { released } : {}),
      },
      released ? [released] : undefined,
    );
  }

  /** Writes one tile's content from meshes in the main thread's spool file; the GLB is transferred. */
  async function runTile(message: Extract<ToWorker, { type: 'tile' }>): Promise<void> {
    if (message.options.compress) await initTileCompression();
    const started = now();
    if (spool?.path !== message.spool) {
      if (spool) closeSync(spool.fd);
      spool = { path: message.spool, fd: openSync(message.spool, 'r') };
    }
    const { fd } = spool;
    const buildings = readSpooledMeshes(fd, message.spool, message.offsets, message.lengths).map((bytes) =>
      decodeBuildingMesh(bytes),
    );
    const content = writeTileContent(buildings, message.options);
    receivedBytes(message.lengths.reduce((sum, length) => sum + length, content.glb.byteLength));
    const seconds = (now() - started) / 1000;
    post({ type: 'tile', tile: message.tile, content, seconds }, [content.glb.buffer as ArrayBuffer]);
  }

  let queue = Promise.resolve();
  return (message: ToWorker) => {
    if (message.type === 'ack') {
      unacknowledged -= message.count;
      const resume = resumeWaiter;
      resumeWaiter = undefined;
      resume?.();
    } else if (message.type === 'tile') {
      queue = queue
        .then(() => runTile(message))
        .catch((error: unknown) => post({ type: 'fatal', message: errorMessage(error) }));
    } else {
      queue = queue
        .then(() => runJob(message.job, message.source))
        .catch((error: unknown) => post({ type: 'fatal', message: errorMessage(error) }));
    }
  };
}
