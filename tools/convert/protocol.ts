import { readFileSync } from 'node:fs';
import type { SessionReport } from '../../src/core/convert/session.ts';
import type { HeightCorrection } from '../../src/core/crs/ecef.ts';
import { geoidFromGrid } from '../../src/core/crs/geoid.ts';
import type { GeoidGrid } from '../../src/core/crs/geoid.ts';
import { readGeoidGridGeoTiff } from '../../src/core/crs/geoid-geotiff.ts';
import type { ImageUse } from './images.ts';
import type { InputSource } from './inputs.ts';
import type { TileContent, TileContentOptions } from '../../src/core/tiles/builder.ts';
import type { BuildingMesh } from '../../src/core/tiles/types.ts';
import type { CensusPart } from '../../src/core/tiles/metadata.ts';
import type { MeshHead } from '../../src/core/tiles/mesh-summary.ts';

/** What every converter worker needs besides its jobs (sent once as workerData). */
export interface WorkerSettings {
  /** file URL of the TypeScript worker module (loaded by worker-bootstrap.mjs); empty for the bundled worker. */
  module: string;
  crs?: string;
  /** How physical heights become ellipsoidal (`--geoid`), parsed once by the main thread (`workerHeights`). */
  heights: WorkerHeights;
  lod: number;
  /** Keep ParameterizedTexture images (`--textures`): meshes carry absolute image references. */
  textures: boolean;
  /** The worker pauses once this many encoded meshes are unacknowledged (backpressure). */
  maxUnacknowledged: number;
  /**
   * Hash whole files as they are read (`sha256` of the job's done message): the main thread has not
   * hashed them ahead (it does for `--update`, whose cache needs the hashes before reading).
   */
  hashInputs?: boolean;
  /**
   * The thread runs on the main thread (`InProcessThread`): meshes are posted as objects (`meshObjects`),
   * neither encoded nor decoded, as nothing is copied between them.
   */
  sameThread?: boolean;
}

/**
 * The `--geoid` choice as worker threads receive it: a GeoTIFF grid arrives parsed, its undulations in
 * a SharedArrayBuffer, so every thread reads the same memory (no per-thread parse or copy).
 */
export type WorkerHeights =
  | { kind: 'egm96' }
  | { kind: 'none' }
  | { kind: 'constant'; metres: number }
  | { kind: 'grid'; grid: GeoidGrid };

/**
 * Parses the `--geoid` value (main thread, once): 'egm96' (built-in), 'none', metres, or the path of a
 * GeoTIFF geoid grid, which is read here. Throws `CrsError` for an unusable grid.
 */
export async function workerHeights(geoid: string): Promise<WorkerHeights> {
  if (geoid === 'egm96') return { kind: 'egm96' };
  if (geoid === 'none') return { kind: 'none' };
  if (/^[-+]?\d+(\.\d+)?$/.test(geoid)) return { kind: 'constant', metres: Number(geoid) };
  const bytes = readFileSync(geoid);
  // Named by the path as given: in messages about the file and in the report's height correction.
  const grid = await readGeoidGridGeoTiff(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    geoid,
  );
  const shared = new Float64Array(new SharedArrayBuffer(grid.values.length * Float64Array.BYTES_PER_ELEMENT));
  shared.set(grid.values);
  return { kind: 'grid', grid: { ...grid, values: shared } };
}

/** The session's height correction for `heights` (undefined: the session's built-in EGM96 default). */
export function heightCorrection(heights: WorkerHeights): HeightCorrection | undefined {
  switch (heights.kind) {
    case 'egm96':
      return undefined;
    case 'none':
      return 'none';
    case 'constant':
      return { constantMetres: heights.metres };
    case 'grid':
      return geoidFromGrid(heights.grid);
  }
}

/**
 * Seconds one reading job spent per stage (thread time, measured in the worker): waiting for input bytes
 * (disk, gunzip, unzip), XML parsing and object assembly, reprojection to ECEF, triangulation and mesh
 * building, and encoding meshes for the main thread.
 */
export interface ReadStages {
  read: number;
  parse: number;
  reproject: number;
  triangulate: number;
  encode: number;
}

/** Main thread → worker. */
export type ToWorker =
  | { type: 'job'; job: number; source: InputSource }
  /** The main thread stored `count` more meshes. */
  | { type: 'ack'; count: number }
  /**
   * Write one tile's content (`writeTileContent`) from meshes in the spool file at `spool`: byte offset
   * and length of each building's encoded mesh.
   */
  | {
      type: 'tile';
      tile: number;
      spool: string;
      offsets: number[];
      lengths: number[];
      options: TileContentOptions;
    };

/**
 * What the tiler needs of a batch of meshes, so that the main thread need not decode them: each mesh's
 * summary (`writeMeshSummary`, MESH_SUMMARY_FIELDS numbers each) and id and addresses, and the census of
 * the properties of those the tiler takes. Properties are taken as the mesh codec gives them back
 * (`jsonProperties`).
 */
export interface SummarisedBatch {
  summaries: Float64Array;
  heads: MeshHead[];
  census: CensusPart;
}

/** Worker → main thread. */
export type FromWorker =
  /**
   * Encoded meshes (`encodeBuildingMesh`) back to back in one transferred buffer, `lengths[i]` bytes each
   * (one transfer per batch: a buffer per mesh made posting cost about 0.3 ms per batch).
   */
  | ({
      type: 'meshes';
      job: number;
      bytes: Uint8Array;
      lengths: Uint32Array;
    } & SummarisedBatch)
  /** Meshes as the codec would give them back (`meshAsStored`), from a thread on the main thread only. */
  | { type: 'meshObjects'; job: number; meshes: BuildingMesh[] }
  /** Raw (on-disk) bytes of the job's input consumed so far. */
  | { type: 'progress'; job: number; bytesRead: number; objects: number }
  /** The job is finished; `report` is its conversion report, `files` the CityGML documents read,
   * `newlines` the line breaks in a file piece's byte range, `sha256` the SHA-256 (hex) of the whole
   * file's on-disk bytes when the job read a whole file to its end (hashed as it was read). */
  | {
      type: 'done';
      job: number;
      report: SessionReport;
      files: number;
      newlines: number;
      stages: ReadStages;
      sha256?: string;
      /** Where the job first used each texture image reference (`--textures`), in reading order. */
      imageUses?: [reference: string, use: ImageUse][];
      /** A stream piece's buffer, moved back for the next piece (`BufferPool`). */
      released?: ArrayBuffer;
    }
  /** A tile content written (its GLB transferred) in `seconds` (spool read, decode, GLB encode). */
  | { type: 'tile'; tile: number; content: TileContent; seconds: number }
  /** The worker itself failed (not an input error: those arrive in `report.errors`). */
  | { type: 'fatal'; message: string };
