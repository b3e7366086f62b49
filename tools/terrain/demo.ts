/**
 * The demo city's terrain: the generator's own ground (`DistrictLayout.terrainHeight`, DHHN2016 metres in
 * EPSG:25832) for an area a few kilometres around the district, made ellipsoidal exactly as the demo
 * buildings are (the CityGML's srsName and the built-in EGM96), so every building stands on it.
 */
import { builtinEgm96 } from '../../src/core/crs/geoid.ts';
import { DEMO_CITY_SRS_NAME } from '../demo-city/citygml-writer.ts';
import { DEMO_CITY_DEFAULTS, summarizeDemoCity } from '../demo-city/generate.ts';
import { DistrictLayout, gridToMap } from '../demo-city/layout.ts';
import { emptyTerrainReport, writeTerrainTileset, type TerrainReport } from './run.ts';
import { terrainCrs, terrainSource } from './source.ts';

/** Options of `writeDemoTerrain`; defaults in DEMO_TERRAIN_DEFAULTS. */
export interface DemoTerrainOptions {
  /** Margin around the district's envelope, metres. */
  marginMetres?: number;
  /** Deepest level (16: 305 × 190 m tiles). */
  maxLevel?: number;
  /** Largest vertical error of the deepest meshes, metres. */
  maxError?: number;
  /** Grid nodes per tile side (2^k + 1). */
  gridSize?: number;
  /** Seed of the demo city (its layout). */
  seed?: number;
  log?: (line: string) => void;
}

export const DEMO_TERRAIN_DEFAULTS: Required<Omit<DemoTerrainOptions, 'log'>> = {
  marginMetres: 1500,
  maxLevel: 16,
  maxError: 0.1,
  // The ground is planar within each row and street band (tens of metres), so 4.8 × 3 m cells keep its bends
  // within centimetres, and the demo builds in seconds.
  gridSize: 65,
  seed: DEMO_CITY_DEFAULTS.seed,
};

/**
 * The ground height (DHHN2016 metres) of the demo district at map point (easting, northing), from the
 * generator's row and street bands, which extend outwards without end.
 */
export function demoGroundHeight(seed: number): (easting: number, northing: number) => number {
  const layout = new DistrictLayout(seed);
  const [e0, n0] = gridToMap(0, 0);
  const [e1, n1] = gridToMap(1, 0);
  const cos = e1 - e0;
  const sin = n1 - n0;
  // Bands along v (rows and the streets between them), sorted, found by bisection.
  const bands: { start: number; row: number; gap: boolean }[] = [];
  const extendTo = (limit: number) => {
    for (let j = -1; layout.rows.block(j).start > -limit; j--) void j;
    for (let j = 0; layout.rows.block(j).end < limit; j++) void j;
  };
  let covered = 0;
  const ensure = (v: number) => {
    if (Math.abs(v) < covered) return;
    covered = Math.max(2 * Math.abs(v), 4000);
    extendTo(covered);
    bands.length = 0;
    let j = -1;
    while (layout.rows.block(j).start > -covered) j--;
    for (; layout.rows.block(j).start < covered; j++) {
      bands.push({ start: layout.rows.block(j).start, row: j, gap: false });
      bands.push({ start: layout.rows.gap(j).start, row: j, gap: true });
    }
  };
  return (easting, northing) => {
    const de = easting - e0;
    const dn = northing - n0;
    const u = de * cos + dn * sin;
    const v = -de * sin + dn * cos;
    ensure(v);
    let low = 0;
    let high = bands.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (bands[middle]!.start <= v) low = middle;
      else high = middle - 1;
    }
    const band = bands[low]!;
    return layout.terrainHeight(u, v, band.row, band.gap);
  };
}

/** Writes the demo terrain into `out` (atomically, with report.json); returns the report. */
export async function writeDemoTerrain(
  out: string,
  options: DemoTerrainOptions = {},
): Promise<TerrainReport> {
  const { marginMetres, maxLevel, maxError, gridSize, seed } = { ...DEMO_TERRAIN_DEFAULTS, ...options };
  const summary = summarizeDemoCity({ seed });
  const crs = terrainCrs(DEMO_CITY_SRS_NAME, builtinEgm96());
  const box = {
    minX: summary.lowerCorner[0] - marginMetres,
    minY: summary.lowerCorner[1] - marginMetres,
    maxX: summary.upperCorner[0] + marginMetres,
    maxY: summary.upperCorner[1] + marginMetres,
  };
  const height = demoGroundHeight(seed);
  const source = terrainSource(crs, crs.bounds([box]), (x, y, result) => {
    for (let i = 0; i < x.length; i++) {
      const inside = x[i]! >= box.minX && x[i]! <= box.maxX && y[i]! >= box.minY && y[i]! <= box.maxY;
      result[i] = inside ? height(x[i]!, y[i]!) : Number.NaN;
    }
  });
  const report = emptyTerrainReport(DEMO_CITY_SRS_NAME, crs.transformer.heightCorrection);
  report.inputs = [
    {
      name: `demo city ground (seed ${seed}), ${marginMetres} m around the district`,
      bytes: 0,
      cells: 0,
      sampleType: 'function',
      spacing: [0, 0],
    },
  ];
  return writeTerrainTileset(source, {
    out,
    name: 'demo',
    maxLevel,
    maxError,
    gridSize,
    log: options.log ?? (() => {}),
    report,
  });
}
