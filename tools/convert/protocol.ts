import type { ConversionReport } from '../../src/core/convert/session.ts';
import type { InputSource } from './inputs.ts';
import type { TileContent, TileContentOptions } from '../../src/core/tiles/builder.ts';

/** What every converter worker needs besides its jobs (sent once as workerData). */
export interface WorkerSettings {
  /** file URL of the TypeScript worker module (loaded by worker-bootstrap.mjs); empty for the bundled worker. */
  module: string;
  crs?: string;
  /** 'egm96' | 'none' | metres | GeoTIFF path, as on the command line. */
  geoid: string;
  lod: number;
  /** Keep ParameterizedTexture images (`--textures`): meshes carry absolute image references. */
  textures: boolean;
  /** The worker pauses once this many encoded meshes are unacknowledged (backpressure). */
  maxUnacknowledged: number;
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

/** Worker → main thread. */
export type FromWorker =
  /** Encoded meshes (`encodeBuildingMesh`), transferred. */
  | { type: 'meshes'; job: number; meshes: Uint8Array[] }
  /** Raw (on-disk) bytes of the job's input consumed so far. */
  | { type: 'progress'; job: number; bytesRead: number; objects: number }
  /** The job is finished; `report` is its conversion report, `files` the CityGML documents read,
   * `newlines` the line breaks in a file piece's byte range. */
  | { type: 'done'; job: number; report: ConversionReport; files: number; newlines: number }
  /** A tile content written (its GLB transferred). */
  | { type: 'tile'; tile: number; content: TileContent }
  /** The worker itself failed (not an input error: those arrive in `report.errors`). */
  | { type: 'fatal'; message: string };
