/**
 * `layer.json` of a quantized-mesh tileset, as CesiumJS's `CesiumTerrainProvider` reads it: format, tile URL
 * template, extensions, EPSG:4326 TMS tiling and the `available` tile ranges per level (Cesium upsamples a tile
 * that is not listed from its parent instead of requesting it).
 */
import type { TileAddress } from './tiling.ts';

/** One rectangle of available tiles at a level (inclusive column and row ranges, TMS rows). */
export interface TileRange {
  startX: number;
  startY: number;
  endX: number;
  endY: number;
}

/** The parts of layer.json we write; Cesium ignores the fields it does not know. */
export interface LayerJson {
  tilejson: '2.1.0';
  name: string;
  description: string;
  version: string;
  format: 'quantized-mesh-1.0';
  scheme: 'tms';
  projection: 'EPSG:4326';
  tiles: string[];
  extensions: string[];
  /** West, south, east, north of the data, degrees. */
  bounds: [number, number, number, number];
  minzoom: number;
  maxzoom: number;
  attribution: string;
  available: TileRange[][];
  /** Largest vertical error (metres) of the meshes at each level, measured against the resampled grid. */
  geometricErrors: number[];
}

/**
 * The available ranges of a set of tiles: per level, runs of consecutive columns in a row, merged with the
 * same runs in consecutive rows. Levels without tiles get an empty list (up to the deepest level given).
 */
export function availableRanges(tiles: Iterable<TileAddress>): TileRange[][] {
  const byLevel: Map<number, Set<number>>[] = [];
  for (const { z, x, y } of tiles) {
    const rows = (byLevel[z] ??= new Map<number, Set<number>>());
    let columns = rows.get(y);
    if (!columns) rows.set(y, (columns = new Set()));
    columns.add(x);
  }
  const result: TileRange[][] = [];
  for (let z = 0; z < byLevel.length; z++) {
    const rows = byLevel[z];
    const ranges: TileRange[] = [];
    if (rows) {
      const open = new Map<string, TileRange>();
      for (const y of [...rows.keys()].sort((a, b) => a - b)) {
        const columns = [...rows.get(y)!].sort((a, b) => a - b);
        const runs: [number, number][] = [];
        for (const x of columns) {
          const run = runs[runs.length - 1];
          if (run && run[1] === x - 1) run[1] = x;
          else runs.push([x, x]);
        }
        for (const [startX, endX] of runs) {
          const key = `${startX},${endX}`;
          const range = open.get(key);
          if (range && range.endY === y - 1) range.endY = y;
          else {
            const created = { startX, startY: y, endX, endY: y };
            ranges.push(created);
            open.set(key, created);
          }
        }
      }
    }
    result.push(ranges);
  }
  return result;
}

/** Options of `layerJson`. */
export interface LayerJsonOptions {
  name: string;
  description?: string;
  attribution?: string;
  /** Tileset version (the `?v=` in tile URLs, so a rebuilt tileset is not taken from caches). */
  version?: string;
}

/** Builds layer.json for the written tiles. */
export function layerJson(
  tiles: Iterable<TileAddress>,
  bounds: [number, number, number, number],
  geometricErrors: number[],
  options: LayerJsonOptions,
): LayerJson {
  const available = availableRanges(tiles);
  return {
    tilejson: '2.1.0',
    name: options.name,
    description: options.description ?? '',
    version: options.version ?? '1.0.0',
    format: 'quantized-mesh-1.0',
    scheme: 'tms',
    projection: 'EPSG:4326',
    tiles: ['{z}/{x}/{y}.terrain?v={version}'],
    extensions: ['octvertexnormals'],
    bounds,
    minzoom: 0,
    maxzoom: available.length - 1,
    attribution: options.attribution ?? '',
    available,
    geometricErrors,
  };
}
