/**
 * The typed API of the conversion worker (`convert.worker.ts`), shared by the worker (`expose`) and the
 * main thread (`wrap<ConvertWorkerApi>`). Everything here is structured-cloneable; tile bytes travel as
 * transferred ArrayBuffers.
 */
import type { PlanLayerData } from '../src/core/layers/xplan/plan-data.ts';
import type { SessionReport } from '../src/core/convert/session.ts';
import type { VectorFeature } from '../src/core/layers/vector.ts';
import { GIS_EXTENSIONS } from '../src/core/layers/gis/names.ts';
import { DGM_EXTENSIONS } from '../src/core/terrain/dgm-names.ts';

/** Endings of vector drop-ins: GeoJSON, and point tables (CSV, TSV). */
export const VECTOR_EXTENSIONS = ['.geojson', '.json', '.csv', '.tsv'] as const;

/**
 * File name endings the importer accepts: CityGML (or XPlanGML, told apart by namespace), gzip, ZIP of
 * CityGML, of a tileset, an XPlanArchiv or a Shapefile, 3D Tiles archive, the vector drop-ins and the GIS
 * formats (Shapefile parts, GeoPackage, KML/KMZ, FlatGeobuf; read by the layers worker) and terrain models
 * (DGM as GeoTIFF or XYZ grid; read by the terrain worker).
 */
export const IMPORT_EXTENSIONS = [
  '.gml',
  '.xml',
  '.citygml',
  '.gz',
  '.zip',
  '.3tz',
  ...VECTOR_EXTENSIONS,
  ...GIS_EXTENSIONS,
  ...DGM_EXTENSIONS,
] as const;

/** Progress of one conversion: bytes of the input file read (before decompression), buildings read. */
export interface ConvertProgress {
  phase: 'reading' | 'tiling';
  bytesRead: number;
  bytesTotal: number;
  buildings: number;
}

/** A fault in the input that cut a document short: file (or zip entry), 1-based line when known, reason. */
export interface ImportProblem {
  file: string;
  line?: number;
  message: string;
  /**
   * What became of the file when the rest was read: left out (a damaged tile of a terrain), or read in part (a
   * GeoTIFF with damaged strips, whose rows are taken as no data). Absent: the file's own problem.
   */
  outcome?: 'left-out' | 'read-in-part';
}

/** One file of the converted tileset: path relative to the tileset root, bytes (transferred). */
export interface TransferredFile {
  path: string;
  /**
   * The file (transferred); empty when `blob` and `display.blob` are set (the conversion worker's GLBs): the
   * page needs a GLB's bytes only to rewrite it, and one with a head is never rewritten.
   */
  bytes: ArrayBuffer;
  /** How the viewer loads it, when that differs from `bytes` (see `DisplayHead`). */
  display?: DisplayHead;
  /**
   * `bytes` as a Blob, made by the conversion worker so the page copies nothing (a Blob crosses to the page
   * as a handle); absent in Node and in tests, where the page makes it.
   */
  blob?: Blob;
}

/**
 * The viewer's copy of a GLB is `head` followed by the original bytes from `from` on: a header and JSON
 * chunk with the metadata schema inlined (a `schemaUri` cannot be resolved against a blob URL), then the
 * original binary chunk. Made in the worker (`display-heads.ts`), so the main thread only makes blob URLs.
 */
export interface DisplayHead {
  head: ArrayBuffer;
  from: number;
  /** The viewer's copy (`head`, then the original from `from` on) as a Blob, when the worker made it. */
  blob?: Blob;
}

/** Result of one import: a tileset (CLI layout: tileset.json, tiles/…, report.json) or nothing with problems. */
export interface ConvertResult {
  /** 'citygml' when converted here, 'tileset' when the input was an exported 3D Tiles archive. */
  source: 'citygml' | 'tileset';
  files: TransferredFile[];
  /** Buildings in the tileset (written; for archives, features counted from tileset metadata when known). */
  buildings: number;
  /** Conversion report (only for CityGML input). */
  report?: SessionReport;
  /** Faults that stopped reading a document; non-empty with no files means the import failed. */
  problems: ImportProblem[];
}

/** A tileset of the buildings read so far, sent while a large file is still being read. */
export interface ConvertPreview {
  files: TransferredFile[];
  buildings: number;
}

/** Options of one conversion job on the pool: cancellation and the worker's progress and preview callbacks. */
export interface ConvertJobOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ConvertProgress) => void;
  onPreview?: (preview: ConvertPreview) => void;
}

/** A file of a held tileset, as a Blob (cheap to pass to a worker). */
export interface BlobFile {
  path: string;
  blob: Blob;
}

/** A vector drop-in read and reprojected by a worker (GeoJSON or point table). */
export interface VectorResult {
  features: VectorFeature[];
  /** Longitude, latitude pairs in degrees (ETRS89/WGS84) of all features (transferred). */
  coordinates: Float64Array;
  /** CRS the file was read in, e.g. 'CRS84' or 'EPSG:25832'. */
  sourceCrs: string;
  /** Records that could not be read (file, line, reason); no features and problems: the import failed. */
  problems: ImportProblem[];
}

/** Options of a vector read. */
export interface VectorImportOptions {
  /** CRS of easting/northing table columns (default EPSG:25832); a `crs`/`epsg` column wins per row. */
  projectedCrs?: string;
}

/** What the conversion worker offers. */
export interface ConvertWorkerApi {
  /**
   * Reads `file` streaming (plain, gzip, ZIP of CityGML; or a `.3tz`/ZIP of a tileset), reprojects to
   * ECEF metres with the geoid correction, tiles it like the CLI and returns the tileset files. With
   * `onPreview`, sends tilesets of the buildings read so far (first after `firstPreviewBuildings`,
   * default 500, then after 4× as many each time).
   */
  convert(
    file: Blob,
    name: string,
    onProgress?: (progress: ConvertProgress) => void,
    onPreview?: (preview: ConvertPreview) => void,
    firstPreviewBuildings?: number,
  ): Promise<ConvertResult>;
  /** Packs a tileset as a `.3tz` archive (ZIP, tileset.json at the root, `@3dtilesIndex1@` index). */
  exportArchive(files: BlobFile[]): Promise<ArrayBuffer>;
  /**
   * Packs a tileset as a ZIP of its folder, as the CLI writes it: every path under `folder/` (tileset.json,
   * schema.json, tiles/…, report.json); JSON deflated, GLBs stored.
   */
  exportFolderZip(files: BlobFile[], folder: string): Promise<ArrayBuffer>;
  /** Reads a GeoJSON file or a CSV/TSV point table (UTF-8, else Windows-1252) into lon/lat features. */
  readVector(file: Blob, name: string, options?: VectorImportOptions): Promise<VectorResult>;
  /** Reads an XPlanGML plan (plain GML or XPlanArchiv ZIP) into drawable plan data (as the plan button does). */
  readPlan(file: Blob, name: string): Promise<PlanLayerData>;
}
