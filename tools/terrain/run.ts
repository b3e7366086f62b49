/**
 * One run of the terrain converter (`npm run terrain`): grid files → quantized-mesh tileset in `--out`
 * (layer.json, {z}/{x}/{y}.terrain, report.json), written atomically through the CityGML converter's
 * `StagedOutput` (a temporary directory beside `--out`, renamed at the end; only our own earlier output is
 * replaced, and of it only the files its marker lists).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import { builtinEgm96 } from '../../src/core/crs/geoid.ts';
import type { HeightCorrection } from '../../src/core/crs/index.ts';
import { errorMessage } from '../../src/core/errors.ts';
import { GridMosaic } from '../../src/core/terrain/mosaic.ts';
import { layerJson } from '../../src/core/terrain/layer-json.ts';
import {
  buildTerrainPyramid,
  levelError,
  TERRAIN_PYRAMID_DEFAULTS,
  type TerrainSource,
  type TerrainTileRunner,
} from '../../src/core/terrain/pyramid.ts';
import { levelForResolution, type LonLatRectangle } from '../../src/core/terrain/tiling.ts';
import { globToRegExp } from '../convert/inputs.ts';
import { StagedOutput } from '../convert/output.ts';
import { heightCorrection, workerHeights, type WorkerHeights } from '../convert/protocol.ts';
import { GRID_FILE_NAME, openGridFile, type GridFile, type GridSpool } from './grid-files.ts';
import { terrainCrs, terrainSource, type TerrainCrs } from './source.ts';
import { TerrainThreads } from './threads.ts';

/** Options of one terrain run; defaults in TERRAIN_DEFAULTS. */
export interface TerrainOptions {
  /** Files (GeoTIFF, XYZ, ESRI ASCII grid, .gz, .zip), directories (recursively) and globs (`*`, `?`, `**`). */
  inputs: string[];
  /** Output directory (new, empty, or an earlier output of ours). */
  out: string;
  /** srsName of the grids (required where a file names none: XYZ, ASCII grids), e.g. "EPSG:25832". */
  crs?: string;
  /** 'egm96' (built-in), 'none', a number of metres, or a GeoTIFF geoid grid file: as the CityGML converter. */
  geoid?: string;
  /** Largest vertical error of the deepest level's meshes, metres. */
  maxError?: number;
  /** Deepest level (default: where the tile grid is as fine as the source). */
  maxLevel?: number;
  /** Write into a non-empty directory that is not an earlier output (its files are kept). */
  force?: boolean;
  /**
   * Worker threads for the per-tile work (default: one per core, or the main thread alone for inputs up to
   * TERRAIN_IN_PROCESS_MAX_CELLS); 1 runs it on the main thread.
   */
  jobs?: number;
  quiet?: boolean;
  /** Log lines (default: stderr). */
  log?: (line: string) => void;
  /** Aborts the run: the previous output stays. */
  signal?: AbortSignal;
}

export const TERRAIN_DEFAULTS: Required<Pick<TerrainOptions, 'geoid' | 'maxError' | 'force' | 'quiet'>> = {
  geoid: 'egm96',
  maxError: TERRAIN_PYRAMID_DEFAULTS.maxError,
  force: false,
  quiet: false,
};

/**
 * Without `--jobs`, inputs up to this many cells (4 km² of DGM1) are converted on the main thread: starting a
 * worker thread and loading the terrain code into it (tsx, EGM96) costs ~1.3 s of CPU per thread, more than the
 * threads save on a small input (NRW's 1 km² tile: 6.4 s wall with one thread, 9.9 s with two, load ~4).
 */
export const TERRAIN_IN_PROCESS_MAX_CELLS = 4_000_000;

/** Per level of the written pyramid. */
export interface TerrainLevelReport {
  level: number;
  tiles: number;
  vertices: number;
  triangles: number;
  bytes: number;
  /** The error the level's meshes were allowed (Cesium's geometric error for it; `maxError` at the deepest). */
  allowedError: number;
  /** The largest error measured on the level's meshes against their grids, metres. */
  measuredError: number;
}

/** `report.json` of a terrain run. */
export interface TerrainReport {
  status: 'converted' | 'failed';
  fatal?: string;
  inputs: { name: string; bytes: number; cells: number; sampleType: string; spacing: [number, number] }[];
  crs: string;
  /** How the heights were made ellipsoidal: the same words (and the same model) as the CityGML converter's. */
  heightCorrection: string;
  /** Data extent, degrees: west, south, east, north. */
  bounds?: [number, number, number, number];
  cells: number;
  maxLevel: number;
  maxError: number;
  levels: TerrainLevelReport[];
  output: { tiles: number; bytes: number; areaKm2: number; bytesPerKm2: number };
  errors: { file?: string; message: string }[];
  /** Threads that did the per-tile work (1: the main thread). */
  jobs: number;
  seconds: number;
  peakRssMiB: number;
}

/** Thrown when no input could be read; the CLI exits with 1. */
export class NoTerrainError extends Error {
  constructor(readonly report: TerrainReport) {
    super(
      `terrain: nothing to convert: ${report.errors.map((e) => e.message.replace(/^terrain: /, '')).join('; ') || 'no inputs'}`,
    );
    this.name = 'NoTerrainError';
  }
}

/** Thrown when the run was aborted; the CLI exits with 128 + the signal. */
export class TerrainInterruptedError extends Error {
  constructor() {
    super('terrain: interrupted; previous output left as it was');
    this.name = 'TerrainInterruptedError';
  }
}

/** Files, directories and globs → grid files to read (sorted), and errors naming inputs that match nothing. */
export function expandTerrainInputs(inputs: string[]): {
  files: { path: string; name: string }[];
  errors: { file: string; message: string }[];
} {
  const files: { path: string; name: string }[] = [];
  const errors: { file: string; message: string }[] = [];
  const seen = new Set<string>();
  const add = (path: string, name: string) => {
    const absolute = resolve(path);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({ path: absolute, name });
  };
  const walk = (dir: string, out: string[]) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = `${dir}${sep}${entry.name}`;
      if (entry.isDirectory()) walk(path, out);
      else if (entry.isFile()) out.push(path);
    }
  };
  for (const input of inputs) {
    if (/[*?]/.test(input)) {
      const segments = input.split(sep);
      const firstWild = segments.findIndex((s) => /[*?]/.test(s));
      const base = segments.slice(0, firstWild).join(sep) || (input.startsWith(sep) ? sep : '.');
      const matcher = globToRegExp(segments.slice(firstWild).join('/'));
      const found: string[] = [];
      if (existsSync(base) && statSync(base).isDirectory()) walk(base, found);
      const matched = found.filter((f) => matcher.test(relative(base, f).split(sep).join('/')));
      if (matched.length === 0) errors.push({ file: input, message: `terrain: no file matches ${input}` });
      for (const file of matched) add(file, relative(process.cwd(), file) || file);
    } else if (!existsSync(input)) {
      errors.push({ file: input, message: `terrain: no such file or directory: ${input}` });
    } else if (statSync(input).isDirectory()) {
      const found: string[] = [];
      walk(input, found);
      const matched = found.filter((f) => GRID_FILE_NAME.test(f));
      if (matched.length === 0)
        errors.push({
          file: input,
          message: `terrain: no grid files (.tif, .xyz, .txt, .asc, .zip, .gz) in ${input}`,
        });
      for (const file of matched) add(file, relative(input, file).split(sep).join('/'));
    } else if (!statSync(input).isFile()) {
      errors.push({ file: input, message: `terrain: ${input}: not a regular file` });
    } else add(input, input);
  }
  return { files, errors };
}

/** Options of `writeTerrainTileset` (the part shared by the CLI and the demo city). */
export interface TerrainWriteOptions {
  out: string;
  name: string;
  maxLevel: number;
  maxError: number;
  /** Grid nodes per tile side (2^k + 1). */
  gridSize?: number;
  /** Paths the output must never be or contain. */
  inputs?: string[];
  force?: boolean;
  log: (line: string) => void;
  /** 'tty': one line redrawn on stderr; 'lines': a log line every few seconds (default). */
  progress?: 'tty' | 'lines';
  signal?: AbortSignal;
  /** Filled in: inputs, CRS, height correction, cells. */
  report: TerrainReport;
  /** Where the per-tile work runs (default: on this thread). */
  runner?: TerrainTileRunner;
}

const round3 = (x: number) => Number(x.toFixed(3));
const KM2_PER_SQUARE_DEGREE_AT_EQUATOR = (40075.016686 / 360) ** 2;

/** Area of a lon/lat rectangle on the sphere, km². */
function areaKm2(r: LonLatRectangle): number {
  const rad = Math.PI / 180;
  return (
    KM2_PER_SQUARE_DEGREE_AT_EQUATOR *
    (r.east - r.west) *
    ((Math.sin(r.north * rad) - Math.sin(r.south * rad)) / rad)
  );
}

/**
 * Writes the pyramid of `source` into `out` atomically, with layer.json and report.json; a failure writes
 * the report (status "failed") as the CityGML converter does and leaves an earlier output as it was.
 */
export async function writeTerrainTileset(
  source: TerrainSource,
  options: TerrainWriteOptions,
): Promise<TerrainReport> {
  const started = performance.now();
  const { report, log } = options;
  const output = new StagedOutput(options.out, {
    force: options.force ?? false,
    inputs: options.inputs ?? [],
    log,
  });
  try {
    const levels: TerrainLevelReport[] = [];
    const addresses: { z: number; x: number; y: number }[] = [];
    let lastLine = 0;
    const tty = options.progress === 'tty';
    const progress = (done: number, total: number) => {
      const now = performance.now();
      if (now - lastLine < (tty ? 200 : 5000) && done < total) return;
      lastLine = now;
      const line = `terrain: deepest level ${done}/${total} tiles (${Math.round((100 * done) / Math.max(1, total))}%), ${((now - started) / 1000).toFixed(1)} s`;
      if (tty) process.stderr.write(`\r\x1b[2K${line}${done === total ? '\n' : ''}`);
      else log(line);
    };
    for await (const tile of buildTerrainPyramid(source, {
      maxLevel: options.maxLevel,
      maxError: options.maxError,
      gridSize: options.gridSize ?? TERRAIN_PYRAMID_DEFAULTS.gridSize,
      onProgress: progress,
      ...(options.runner ? { runner: options.runner } : {}),
    })) {
      if (options.signal?.aborted) throw new TerrainInterruptedError();
      output.write({ path: tile.path, bytes: tile.bytes });
      addresses.push({ z: tile.z, x: tile.x, y: tile.y });
      const level = (levels[tile.z] ??= {
        level: tile.z,
        tiles: 0,
        vertices: 0,
        triangles: 0,
        bytes: 0,
        allowedError: round3(levelError(tile.z, options.maxLevel, options.maxError)),
        measuredError: 0,
      });
      level.tiles += 1;
      level.vertices += tile.vertices;
      level.triangles += tile.triangles;
      level.bytes += tile.bytes.length;
      level.measuredError = Math.max(level.measuredError, round3(tile.error));
    }
    const bounds = source.bounds;
    const json = layerJson(
      addresses,
      [bounds.west, bounds.south, bounds.east, bounds.north],
      levels.map((l) => l?.allowedError ?? 0),
      { name: options.name, description: `Stadtmodell terrain converter; ${report.heightCorrection}` },
    );
    output.write({
      path: 'layer.json',
      bytes: new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`),
    });
    const bytes = levels.reduce((sum, l) => sum + (l?.bytes ?? 0), 0);
    const area = areaKm2(bounds);
    report.status = 'converted';
    report.bounds = [bounds.west, bounds.south, bounds.east, bounds.north];
    report.maxLevel = options.maxLevel;
    report.maxError = options.maxError;
    report.levels = levels.filter(Boolean);
    report.output = {
      tiles: addresses.length,
      bytes,
      areaKm2: round3(area),
      bytesPerKm2: Math.round(bytes / area),
    };
    report.seconds = round3((performance.now() - started) / 1000);
    report.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
    output.write({
      path: 'report.json',
      bytes: new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`),
    });
    if (options.signal?.aborted) throw new TerrainInterruptedError();
    output.commit();
    log(
      `terrain: ${report.cells} cells → ${options.out} (${addresses.length} tiles, levels 0–${options.maxLevel}, ${(bytes / 1e6).toFixed(2)} MB, ${report.seconds} s)`,
    );
    return report;
  } catch (error) {
    if (!(error instanceof TerrainInterruptedError)) {
      report.status = 'failed';
      report.fatal = errorMessage(error).split('\n')[0];
      try {
        output.commitReportOnly(new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`));
      } catch (reportError) {
        log(`terrain: report not written: ${errorMessage(reportError)}`);
      }
    }
    throw error;
  } finally {
    output.abort();
  }
}

/** An empty report for a run over `crs`. */
export function emptyTerrainReport(crs: string, heightCorrectionText: string): TerrainReport {
  return {
    status: 'failed',
    inputs: [],
    crs,
    heightCorrection: heightCorrectionText,
    cells: 0,
    maxLevel: 0,
    maxError: 0,
    levels: [],
    output: { tiles: 0, bytes: 0, areaKm2: 0, bytesPerKm2: 0 },
    errors: [],
    jobs: 1,
    seconds: 0,
    peakRssMiB: 0,
  };
}

/** srsName of a grid file from its GeoKeys: EPSG code, compound with the vertical CRS when it names one. */
function fileSrsName(file: GridFile): string | undefined {
  if (file.epsg === undefined) return undefined;
  return file.verticalEpsg !== undefined
    ? `urn:ogc:def:crs,crs:EPSG::${file.epsg},crs:EPSG::${file.verticalEpsg}`
    : `EPSG:${file.epsg}`;
}

/**
 * Converts grid files into a quantized-mesh tileset at `options.out`. Files that cannot be read are reported
 * (file and what was expected) and the others converted; throws `NoTerrainError` when none can be,
 * `OutputRefusedError` for an unsafe `out`, `TerrainInterruptedError` when aborted.
 */
export async function convertTerrain(options: TerrainOptions): Promise<TerrainReport> {
  const log = options.quiet ? () => {} : (options.log ?? ((line: string) => console.error(line)));
  const geoid = options.geoid ?? TERRAIN_DEFAULTS.geoid;
  const maxError = options.maxError ?? TERRAIN_DEFAULTS.maxError;
  if (!/^(egm96|none|[-+]?\d+(\.\d+)?)$/.test(geoid) && !existsSync(geoid))
    throw new Error(
      `terrain: --geoid ${geoid}: not egm96, none, a number of metres or an existing GeoTIFF file`,
    );
  const settingsHeights = await workerHeights(geoid);
  const heights = heightCorrection(settingsHeights) ?? builtinEgm96();
  const { files: paths, errors } = expandTerrainInputs(options.inputs);
  const grids: GridFile[] = [];
  // XYZ heights spilled here as raw Float32 (4 bytes a cell), read back in windows; removed at the end.
  const spool: GridSpool = { dir: mkdtempSync(join(tmpdir(), 'stadtmodell-terrain-')), files: 0 };
  try {
    for (const { path, name } of paths) {
      try {
        const opened = await openGridFile(path, name, spool);
        grids.push(...opened.files);
        errors.push(...opened.errors);
      } catch (error) {
        errors.push({ file: name, message: errorMessage(error) });
      }
    }
    return await convertGrids(options, grids, paths, errors, { heights, settingsHeights }, log, maxError);
  } finally {
    rmSync(spool.dir, { recursive: true, force: true });
  }
}

/** The second half of `convertTerrain`: the opened grids into the tileset. */
async function convertGrids(
  options: TerrainOptions,
  grids: GridFile[],
  paths: { path: string; name: string }[],
  errors: { file?: string; message: string }[],
  { heights, settingsHeights }: { heights: HeightCorrection; settingsHeights: WorkerHeights },
  log: (line: string) => void,
  maxError: number,
): Promise<TerrainReport> {
  let srsName = options.crs;
  for (const grid of [...grids]) {
    const own = fileSrsName(grid);
    srsName ??= own;
    if (!options.crs && own && grid.epsg !== grids[0]?.epsg) {
      errors.push({
        file: grid.name,
        message: `terrain: ${grid.name}: expected EPSG:${grids[0]?.epsg} like the first grid, got EPSG:${grid.epsg} (convert the files to one CRS first)`,
      });
      grids.splice(grids.indexOf(grid), 1);
    }
  }
  /** The error of a run that converts nothing; its report goes into `--out` as a failed run's does. */
  const fail = (crs: string, correction: string, extra?: { file?: string; message: string }) => {
    const report = emptyTerrainReport(crs, correction);
    report.errors = extra ? [...errors, extra] : errors;
    const error = new NoTerrainError(report);
    report.fatal = error.message;
    const output = new StagedOutput(options.out, {
      force: options.force ?? TERRAIN_DEFAULTS.force,
      inputs: paths.map((p) => p.path),
      log,
    });
    try {
      output.commitReportOnly(new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`));
    } catch (reportError) {
      log(`terrain: report not written: ${errorMessage(reportError)}`);
    } finally {
      output.abort();
    }
    return error;
  };
  if (grids.length === 0) throw fail(srsName ?? '', '');
  if (!srsName)
    throw fail('', '', {
      file: grids[0]!.name,
      message: `terrain: ${grids[0]!.name}: the grid names no CRS (expected GeoKeys with an EPSG code, or a .prj beside an XYZ or ASCII grid${grids[0]!.crsProblem ? `; ${grids[0]!.crsProblem}` : ''}); pass --crs, e.g. --crs EPSG:25832`,
    });
  let crs: TerrainCrs;
  try {
    crs = terrainCrs(srsName, heights);
  } catch (error) {
    throw fail(srsName, '', { message: `terrain: --crs ${srsName}: ${errorMessage(error)}` });
  }
  let mosaic: GridMosaic;
  try {
    mosaic = new GridMosaic(grids, {
      // a damaged strip or tile leaves a hole (filled from around it), not a failed run
      onUnreadableWindow: (grid, error) => {
        const message = `${errorMessage(error)}; these cells are taken as no data`;
        errors.push({ file: grid.name, message });
        log(message);
      },
    });
  } catch (error) {
    throw fail(srsName, crs.transformer.heightCorrection, { message: `terrain: ${errorMessage(error)}` });
  }
  const bounds = crs.bounds(mosaic.bounds());
  const geographic = crs.transformer.horizontalMethod === 'geographic';
  const spacing =
    Math.min(Math.abs(mosaic.lattice.stepX), Math.abs(mosaic.lattice.stepY)) * (geographic ? 111_320 : 1);
  const maxLevel =
    options.maxLevel ??
    levelForResolution(spacing, (bounds.south + bounds.north) / 2, TERRAIN_PYRAMID_DEFAULTS.gridSize);
  const report = emptyTerrainReport(srsName, crs.transformer.heightCorrection);
  report.errors = errors;
  report.inputs = grids.map((g) => ({
    name: g.name,
    bytes: g.bytes,
    cells: g.geometry.width * g.geometry.height,
    sampleType: g.sampleType,
    spacing: [Math.abs(g.geometry.stepX), Math.abs(g.geometry.stepY)],
  }));
  report.cells = report.inputs.reduce((sum, input) => sum + input.cells, 0);
  for (const error of errors) log(error.message);
  const jobs = Math.max(
    1,
    options.jobs ?? (report.cells > TERRAIN_IN_PROCESS_MAX_CELLS ? availableParallelism() : 1),
  );
  report.jobs = jobs;
  // One thread: the per-tile work runs here (no thread start-up, the same bytes either way).
  const threads = jobs > 1 ? new TerrainThreads(jobs, { srsName, heights: settingsHeights }) : undefined;
  try {
    return await writeTerrainTileset(
      terrainSource(crs, bounds, (x, y, out) => mosaic.sample(x, y, out)),
      {
        out: options.out,
        name: basename(resolve(options.out)),
        maxLevel,
        maxError,
        inputs: paths.map((p) => p.path),
        force: options.force ?? TERRAIN_DEFAULTS.force,
        log,
        progress: !options.quiet && !options.log && process.stderr.isTTY ? 'tty' : 'lines',
        ...(options.signal ? { signal: options.signal } : {}),
        ...(threads ? { runner: threads } : {}),
        report,
      },
    );
  } finally {
    await threads?.close();
  }
}
