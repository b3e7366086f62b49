/**
 * What the conversion worker does (exposed by `convert.worker.ts`; testable in Node): a thin browser
 * adapter over the platform-free core. It turns one dropped or picked file into byte chunks
 * (`File.stream()`, through `DecompressionStream('gzip')` for .gz) and leaves the rest to the core's
 * document reader (`readDocuments`: encoding, ZIP entries with the ratio rule against bombs, the CityGML
 * reader and `ConversionSession`: reprojection to ECEF metres, EPSG:4978, with the EGM96 geoid
 * correction; triangulation). It tiles the result with the CLI's `TilesetBuilder` and GLB writer (meshes
 * kept encoded, as the CLI does). Tile bytes go back as transferred ArrayBuffers.
 */
import { transfer } from 'comlink';
import { zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import type { PlanLayerData } from '../src/core/layers/xplan/plan-data.ts';
import { DOCUMENT_READ_DEFAULTS, readDocuments } from '../src/core/convert/documents.ts';
import type { DocumentInput, TextDecoderFactory } from '../src/core/convert/documents.ts';
import { ConversionSession } from '../src/core/convert/session.ts';
import { DEFAULT_MAX_LOD } from '../src/core/citygml/index.ts';
import {
  decodeBuildingMesh,
  encodeBuildingMesh,
  initTileCompression,
  parseGlb,
  TilesetBuilder,
} from '../src/core/tiles/index.ts';
import type { BuildingMesh, MeshStore } from '../src/core/tiles/index.ts';
import { readGeoJsonLayer, readPointTable } from '../src/core/layers/vector.ts';
import type {
  BlobFile,
  ConvertPreview,
  ConvertProgress,
  ConvertResult,
  ConvertWorkerApi,
  ImportProblem,
  TransferredFile,
  VectorImportOptions,
  VectorResult,
} from './convert-api.ts';
import { isZip, readTilesetArchive, writeTilesetArchive } from '../src/core/tiles/archive.ts';
import type { ArchiveFile } from '../src/core/tiles/archive.ts';
import { listZipEntries } from './zip-entries.ts';

/** CityGML entries of a ZIP (same rule as the CLI). */
const CITYGML_ENTRY = DOCUMENT_READ_DEFAULTS.entryPattern;
const PROGRESS_INTERVAL_MS = 200;
/** Buildings read before the first preview tileset; each later preview waits for PREVIEW_GROWTH times more. */
export const FIRST_PREVIEW_BUILDINGS = 500;
const PREVIEW_GROWTH = 4;

const compressionReady = initTileCompression().then(
  () => true,
  () => false,
);

/**
 * Keeps meshes in their compact encoded form (as the CLI's disk spool does), so a large file's meshes
 * take a fraction of the memory and the tiles come out byte-identical to the CLI's.
 */
class EncodedMeshStore implements MeshStore {
  private encoded: Uint8Array[] = [];
  private pending: { mesh: BuildingMesh; bytes: Uint8Array } | undefined;

  /**
   * The mesh as the builder must see it: encoded once and read back (as the CLI's workers hand meshes
   * over, which drops missing property values); the builder's next `put` of it keeps these bytes.
   */
  roundTrip(mesh: BuildingMesh): BuildingMesh {
    const bytes = encodeBuildingMesh(mesh);
    const decoded = decodeBuildingMesh(bytes);
    this.pending = { mesh: decoded, bytes };
    return decoded;
  }

  put(mesh: BuildingMesh): number {
    const pending = this.pending;
    this.pending = undefined;
    return this.encoded.push(pending?.mesh === mesh ? pending.bytes : encodeBuildingMesh(mesh)) - 1;
  }

  /** Meshes held (handles are 0 … size − 1). */
  get size(): number {
    return this.encoded.length;
  }

  get(handle: number): BuildingMesh {
    const bytes = this.encoded[handle];
    if (!bytes) throw new Error(`conversion worker: no mesh under handle ${handle}`);
    return decodeBuildingMesh(bytes);
  }

  dispose(): void {
    this.encoded = [];
  }
}

/**
 * A tileset of the first `count` buildings held in `store` (same layout as the final one), so the
 * first buildings show while a large file is still being read.
 */
function previewTileset(store: EncodedMeshStore, compress: boolean) {
  const builder = new TilesetBuilder({ compress, quantize: compress });
  for (let handle = 0; handle < store.size; handle += 1) builder.add(store.get(handle));
  return toTransferred([...builder.finish()]);
}

/** Raw bytes of `blob`, counted into `onBytes` as they are read. */
function countedStream(blob: Blob, onBytes: (n: number) => void): ReadableStream<Uint8Array> {
  return blob.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
}

/** The chunks of a web stream, as the core reader takes them (an error in the stream is thrown). */
async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

const textDecoder: TextDecoderFactory = (label, options) => new TextDecoder(label, options);

async function startsWithZip(blob: Blob): Promise<boolean> {
  return isZip(new Uint8Array(await blob.slice(0, 4).arrayBuffer()));
}

/** Features in the tileset's GLBs (sum of their property table counts): the building count of an archive. */
function countFeatures(files: ArchiveFile[]): number {
  let count = 0;
  for (const file of files) {
    if (!file.path.endsWith('.glb')) continue;
    const { json } = parseGlb(file.bytes);
    const tables = (
      json as { extensions?: { EXT_structural_metadata?: { propertyTables?: { count: number }[] } } }
    ).extensions?.EXT_structural_metadata?.propertyTables;
    count += tables?.[0]?.count ?? 0;
  }
  return count;
}

function toTransferred(files: ArchiveFile[]): { files: TransferredFile[]; buffers: ArrayBuffer[] } {
  const out = files.map((f) => {
    const own =
      f.bytes.byteOffset === 0 && f.bytes.byteLength === f.bytes.buffer.byteLength
        ? (f.bytes.buffer as ArrayBuffer)
        : (f.bytes.slice().buffer as ArrayBuffer);
    return { path: f.path, bytes: own };
  });
  // A buffer may be listed once only in a transfer list.
  return { files: out, buffers: [...new Set(out.map((f) => f.bytes))] };
}

/**
 * Converts one file (see `ConvertWorkerApi.convert`): CityGML (plain, .gz, ZIP of CityGML) to a tileset
 * in the CLI's layout, or a `.3tz`/ZIP of a tileset read back as it is.
 */
export async function convertFile(
  file: Blob,
  name: string,
  onProgress?: (progress: ConvertProgress) => void,
  onPreview?: (preview: ConvertPreview) => void,
  firstPreviewBuildings = FIRST_PREVIEW_BUILDINGS,
): Promise<ConvertResult> {
  const progress: ConvertProgress = { phase: 'reading', bytesRead: 0, bytesTotal: file.size, buildings: 0 };
  let lastReport = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!onProgress || (!force && now - lastReport < PROGRESS_INTERVAL_MS)) return;
    lastReport = now;
    void onProgress({ ...progress });
  };
  const onBytes = (n: number) => {
    progress.bytesRead += n;
    report();
  };
  const session = new ConversionSession();
  const problems: ImportProblem[] = [];
  const compress = await compressionReady;
  const store = new EncodedMeshStore();
  const builder = new TilesetBuilder({ store, compress, quantize: compress });
  let meshes = 0;
  let nextPreview = onPreview ? Math.max(1, firstPreviewBuildings) : Infinity;
  /** Builds the meshes the reader completed; a preview tileset each time enough more were read. */
  const addMeshes = (completed: BuildingMesh[]) => {
    for (const mesh of completed) {
      builder.add(store.roundTrip(mesh));
      meshes += 1;
    }
    progress.buildings = session.report.buildings.read;
    report();
    if (meshes >= nextPreview && onPreview) {
      nextPreview = meshes * PREVIEW_GROWTH;
      const preview = previewTileset(store, compress);
      void onPreview(transfer({ files: preview.files, buildings: meshes }, preview.buffers));
    }
  };
  report(true);

  const lower = name.toLowerCase();
  const zipped = lower.endsWith('.zip') || lower.endsWith('.3tz') || (await startsWithZip(file));
  if (zipped) {
    const names = await listZipEntries(file);
    if (names.some((n) => /^([^/]+\/)?tileset\.json$/.test(n))) {
      const files = readTilesetArchive(new Uint8Array(await file.arrayBuffer()), { archive: name });
      if (files) {
        progress.bytesRead = file.size;
        report(true);
        const { files: out, buffers } = toTransferred(files);
        return transfer(
          { source: 'tileset', files: out, buildings: countFeatures(files), problems: [] },
          buffers,
        );
      }
    }
    if (!names.some((n) => CITYGML_ENTRY.test(n))) {
      problems.push({
        file: name,
        message: 'the ZIP holds neither CityGML files (.gml, .xml) nor a tileset.json',
      });
      return { source: 'citygml', files: [], buildings: 0, problems };
    }
  }
  const input: DocumentInput =
    !zipped && lower.endsWith('.gz')
      ? {
          name: name.replace(/\.gz$/i, ''),
          kind: 'document',
          chunks: streamChunks(
            countedStream(file, onBytes).pipeThrough(
              new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
            ),
          ),
          bytesRead: () => progress.bytesRead,
        }
      : {
          name,
          kind: zipped ? 'zip' : 'document',
          chunks: streamChunks(countedStream(file, onBytes)),
          bytesRead: () => progress.bytesRead,
        };
  const steps = readDocuments(input, session, textDecoder, {
    maxLod: DEFAULT_MAX_LOD,
    entryPattern: CITYGML_ENTRY,
  });
  for (;;) {
    const next = await steps.next();
    if (next.done) {
      // faults: the reader's message without its file:line:column (the problem lists those apart)
      for (const fault of next.value.faults) {
        problems.push({
          file: fault.file,
          ...(fault.line !== undefined ? { line: fault.line } : {}),
          message: fault.reason,
        });
      }
      break;
    }
    addMeshes(next.value.meshes.map((m) => m.mesh));
  }

  progress.phase = 'tiling';
  report(true);
  if (meshes === 0) {
    if (problems.length === 0) {
      const reason = session.report.dropped[0]?.reason ?? 'no city objects with geometry found';
      problems.push({
        file: name,
        line: session.report.dropped[0]?.line,
        message: `nothing to show (${reason})`,
      });
    }
    return { source: 'citygml', files: [], buildings: 0, report: session.report, problems };
  }
  const files = [...builder.finish()];
  files.sort((a, b) => (a.path === 'tileset.json' ? -1 : b.path === 'tileset.json' ? 1 : 0));
  const reportJson = {
    input: { files: 1, bytes: file.size },
    ...session.report,
    heightCorrection: session.report.heightCorrection.join('; '),
    output: { tiles: files.filter((f) => f.path.endsWith('.glb')).length, bytes: builder.stats.bytes },
  };
  files.push({
    path: 'report.json',
    bytes: new TextEncoder().encode(`${JSON.stringify(reportJson, null, 2)}\n`),
  });
  const { files: out, buffers } = toTransferred(files);
  const result: ConvertResult = {
    source: 'citygml',
    files: out,
    buildings: session.report.buildings.written,
    report: session.report,
    problems,
  };
  return transfer(result, buffers);
}

/** Packs tileset files (Blobs) as `.3tz` bytes (transferred when called through comlink). */
export async function exportArchive(files: BlobFile[]): Promise<ArrayBuffer> {
  const loaded: ArchiveFile[] = [];
  for (const f of files) loaded.push({ path: f.path, bytes: new Uint8Array(await f.blob.arrayBuffer()) });
  const archive = writeTilesetArchive(loaded);
  const buffer = archive.buffer as ArrayBuffer;
  return transfer(buffer, [buffer]);
}

/** Fixed entry date (1980-01-02, local time), so the same tileset always gives the same ZIP bytes. */
const ZIP_DATE = new Date(1980, 0, 2);

/**
 * A ZIP of the tileset folder as the CLI writes it (`<folder>/tileset.json`, `<folder>/tiles/…`,
 * `<folder>/schema.json`, `<folder>/report.json`): JSON deflated, GLBs (already compressed) stored.
 */
export function writeFolderZip(files: ArchiveFile[], folder: string): Uint8Array {
  const prefix = folder.replace(/[\\/]+/g, '_').replace(/^\.+/, '') || 'tileset';
  const tree: Zippable = {};
  const ordered = [...files].sort((a, b) =>
    a.path === 'tileset.json'
      ? -1
      : b.path === 'tileset.json'
        ? 1
        : a.path < b.path
          ? -1
          : a.path > b.path
            ? 1
            : 0,
  );
  for (const file of ordered) {
    tree[`${prefix}/${file.path}`] = [file.bytes, { level: file.path.endsWith('.json') ? 6 : 0 }];
  }
  return zipSync(tree, { mtime: ZIP_DATE });
}

/** Packs tileset files (Blobs) as a ZIP of the tileset folder (transferred when called through comlink). */
export async function exportFolderZip(files: BlobFile[], folder: string): Promise<ArrayBuffer> {
  const loaded: ArchiveFile[] = [];
  for (const f of files) loaded.push({ path: f.path, bytes: new Uint8Array(await f.blob.arrayBuffer()) });
  const zip = writeFolderZip(loaded, folder);
  const buffer = zip.buffer as ArrayBuffer;
  return transfer(buffer, [buffer]);
}

/** Text of a dropped file: UTF-8 (BOM dropped), else Windows-1252 (common for German CSV exports). */
async function readText(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * Reads a GeoJSON file (by ending .geojson/.json or a leading '{') or a CSV/TSV point table into lon/lat
 * features (see `readGeoJsonLayer`, `readPointTable`); the coordinates go back transferred. A name ending
 * in `.gz` is gunzipped first (`DecompressionStream`).
 */
export async function readVector(
  file: Blob,
  name: string,
  options: VectorImportOptions = {},
): Promise<VectorResult> {
  const gzipped = /\.gz$/i.test(name);
  const text = await readText(
    gzipped
      ? await new Response(
          file
            .stream()
            .pipeThrough(
              new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
            ),
        ).blob()
      : file,
  );
  const geoJson = /\.(geo)?json(\.gz)?$/i.test(name) || /^\uFEFF?\s*\{/.test(text);
  const readOptions = { file: name, ...(options.projectedCrs ? { projectedCrs: options.projectedCrs } : {}) };
  const layer = geoJson ? readGeoJsonLayer(text, readOptions) : readPointTable(text, readOptions);
  const problems: ImportProblem[] = layer.problems.map((p) => ({
    file: p.file ?? name,
    line: p.line,
    message: p.message,
  }));
  if (layer.features.length === 0 && problems.length === 0) {
    problems.push({ file: name, message: 'nothing to show (no features)' });
  }
  const result: VectorResult = {
    features: layer.features,
    coordinates: layer.coordinates,
    sourceCrs: layer.sourceCrs,
    problems,
  };
  return transfer(result, [layer.coordinates.buffer as ArrayBuffer]);
}

/** Reads an XPlanGML plan (plain or XPlanArchiv ZIP), as `workers/layers.worker.ts` does for the plan button. */
export async function readPlan(file: Blob, name: string): Promise<PlanLayerData> {
  // Loaded on first use: CityGML-only sessions never evaluate the XPlanGML reader.
  const { planLayerData } = await import('../src/core/layers/xplan/plan-data.ts');
  return planLayerData(new Uint8Array(await file.arrayBuffer()), name);
}

/** The worker's API object (exposed by `convert.worker.ts`). */
export const convertWorkerApi: ConvertWorkerApi = {
  convert: convertFile,
  exportArchive,
  exportFolderZip,
  readVector,
  readPlan,
};
