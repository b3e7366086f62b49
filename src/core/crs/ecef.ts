/**
 * Source CRS coordinates (as read from CityGML, file axis order) → ECEF metres (EPSG:4978, WGS84 ellipsoid),
 * float64, with physical heights turned into ellipsoidal heights by adding a geoid undulation.
 *
 * Pipeline per point: horizontal position → ETRS89/WGS84 longitude, latitude (UTM on GRS80/WGS84 by the
 * built-in Transverse Mercator fast path, geographic CRSs directly, everything else with proj4 including its
 * `+towgs84` Helmert shift); ellipsoidal height h = z + N(lon, lat) (or z, or z + constant); geodetic → ECEF.
 * ETRS89 is treated as WGS84 (sub-metre difference, as PROJ's null transformation EPSG:1149).
 */
import proj4 from 'proj4';
import { CrsError } from './crs-error.ts';
import { crsDefinition } from './definitions.ts';
import type { GeoidModel } from './geoid.ts';
import type { ParsedSrs } from './srs-name.ts';
import {
  GRS80,
  WGS84,
  createInverseTransverseMercator,
  geodeticToEcef,
  type InverseProjection,
} from './transverse-mercator.ts';

/** How heights become ellipsoidal: add a geoid's undulation, add a constant (metres), or take them as they are. */
export type HeightCorrection = GeoidModel | { constantMetres: number } | 'none';

/** Turns source CRS positions into ECEF metres. */
export interface EcefTransformer {
  /** In: source CRS x,y,z triples (file axis order). Out: new Float64Array of ECEF metres (EPSG:4978). */
  toEcef(positions: Float64Array): Float64Array;
  /** One source point → longitude, latitude (degrees, ETRS89/WGS84) and ellipsoidal height (metres). */
  toGeodetic(x: number, y: number, z: number): [lonDeg: number, latDeg: number, hEllipsoid: number];
  /** Human-readable record of the height correction applied. */
  heightCorrection: string;
  /** How the horizontal position is computed: 'utm-fast-path', 'geographic' or 'proj4'. */
  horizontalMethod: 'utm-fast-path' | 'geographic' | 'proj4';
  /** Human-readable record of the datum shift to ETRS89/WGS84, e.g. "Helmert +towgs84=598.1,…". */
  datumShift: string;
}

/** An NTv2 horizontal datum shift grid (.gsb), e.g. BeTA2007 for DHDN → ETRS89. */
export interface DatumShiftGrid {
  /** Name used in records, e.g. 'BETA2007'. */
  name: string;
  /** The .gsb file's bytes. */
  ntv2: ArrayBuffer;
}

/** Options of `createEcefTransformer`. */
export interface EcefTransformerOptions {
  /** Use the built-in Transverse Mercator code for UTM grids without datum shift (default true). */
  utmFastPath?: boolean;
  /**
   * An NTv2 grid used instead of the table's Helmert shift for CRSs that have one (DHDN, Amersfoort, CH1903, ED50),
   * e.g. BeTA2007 for Gauss-Krüger (PROJ's default there; the Helmert is up to ~3 m off it). Points outside the
   * grid make `toEcef`/`toGeodetic` throw `CrsError`.
   */
  datumShiftGrid?: DatumShiftGrid;
}

const DEG = 180 / Math.PI;
const RAD = Math.PI / 180;
const WGS84_LONLAT = '+proj=longlat +datum=WGS84 +no_defs';

type HorizontalToGeographic = (x: number, y: number, z: number, out: Float64Array) => void;

interface Horizontal {
  toGeographic: HorizontalToGeographic;
  method: EcefTransformer['horizontalMethod'];
  datumShift: string;
}

const registeredGrids = new WeakMap<ArrayBuffer, string>();
let registeredGridCount = 0;

/** Registers an NTv2 grid with proj4 (once per buffer) and returns its proj4 key. */
function registerGrid(grid: DatumShiftGrid): string {
  let key = registeredGrids.get(grid.ntv2);
  if (!key) {
    key = `stadtmodell-${grid.name.replace(/[^A-Za-z0-9_.-]/g, '_')}-${++registeredGridCount}`;
    try {
      proj4.nadgrid(key, grid.ntv2);
    } catch (error) {
      throw new CrsError(`NTv2 grid "${grid.name}" could not be read: ${(error as Error).message}`);
    }
    registeredGrids.set(grid.ntv2, key);
  }
  return key;
}

function describeHeights(srs: ParsedSrs): string {
  if (srs.heightKind === 'physical') return `${srs.verticalDatum ?? 'physical'} heights`;
  return `heights of unknown kind (srsName "${srs.srsName}" names no vertical CRS; treated as physical/normal heights)`;
}

function isGeoidModel(heights: HeightCorrection): heights is GeoidModel {
  return typeof heights === 'object' && 'undulation' in heights;
}

function createHorizontal(srs: ParsedSrs, options: EcefTransformerOptions): Horizontal {
  const definition = crsDefinition(srs.epsg);
  if (!definition) {
    throw new CrsError(
      `no projection definition for EPSG:${srs.epsg} (srsName "${srs.srsName}"); pass an override CRS`,
    );
  }
  const northFirst = srs.axisOrder === 'north-east';
  const towgs84 = /\+towgs84=([-\d.,]+)/.exec(definition.proj4)?.[1];
  const isNullShift = towgs84 === undefined || /^[0,.]+$/.test(towgs84);
  if (definition.kind !== 'projected') {
    return {
      toGeographic: (x, y, _z, out) => {
        out[0] = northFirst ? y : x;
        out[1] = northFirst ? x : y;
      },
      method: 'geographic',
      datumShift: 'none (taken as WGS84)',
    };
  }
  if (definition.utm && (options.utmFastPath ?? true)) {
    const { zone, south } = definition.utm;
    const ellipsoid = definition.proj4.includes('+datum=WGS84') ? WGS84 : GRS80;
    const inverse: InverseProjection = createInverseTransverseMercator(
      ellipsoid,
      zone * 6 - 183,
      0.9996,
      500_000,
      south ? 10_000_000 : 0,
    );
    return {
      toGeographic: (x, y, _z, out) => {
        inverse(northFirst ? y : x, northFirst ? x : y, out);
        out[0] = (out[0] ?? 0) * DEG;
        out[1] = (out[1] ?? 0) * DEG;
      },
      method: 'utm-fast-path',
      datumShift: 'none (taken as WGS84)',
    };
  }
  let sourceDefinition = definition.proj4;
  let datumShift = isNullShift ? 'none (taken as WGS84)' : `Helmert +towgs84=${towgs84}`;
  if (options.datumShiftGrid && !isNullShift) {
    const key = registerGrid(options.datumShiftGrid);
    sourceDefinition = sourceDefinition.replace(/\+towgs84=[-\d.,]+/, `+nadgrids=${key}`);
    datumShift = `NTv2 grid ${options.datumShiftGrid.name}`;
  }
  const converter = proj4(sourceDefinition, WGS84_LONLAT);
  const point = [0, 0, 0];
  return {
    toGeographic: (x, y, z, out) => {
      point[0] = northFirst ? y : x;
      point[1] = northFirst ? x : y;
      point[2] = z;
      const result = converter.forward(point);
      out[0] = result[0] ?? Number.NaN;
      out[1] = result[1] ?? Number.NaN;
    },
    method: 'proj4',
    datumShift,
  };
}

/**
 * Creates a transformer from the CRS named by `srs` to ECEF metres (EPSG:4978).
 *
 * Heights: for `heightKind: 'ellipsoidal'` z is taken as the ellipsoidal height and no correction is added
 * (whatever `heights` says). Otherwise z is a physical height (DHHN2016, DHHN92, NAP, …; 'unknown' is treated
 * as physical) and `heights` decides: a geoid model adds N(lon, lat), `{ constantMetres }` adds a constant,
 * 'none' uses z as ellipsoidal height. `heightCorrection` records what was done.
 *
 * Throws `CrsError` for a CRS without definition, and from `toEcef`/`toGeodetic` for a point the geoid model
 * has no value for.
 */
export function createEcefTransformer(
  srs: ParsedSrs,
  heights: HeightCorrection,
  options: EcefTransformerOptions = {},
): EcefTransformer {
  const { toGeographic: horizontal, method: horizontalMethod, datumShift } = createHorizontal(srs, options);
  let heightCorrection: string;
  let geoid: GeoidModel | undefined;
  let constant = 0;
  if (srs.heightKind === 'ellipsoidal') {
    heightCorrection = `none: heights are ellipsoidal (srsName "${srs.srsName}")`;
  } else if (heights === 'none') {
    heightCorrection = `none: ${describeHeights(srs)} used as ellipsoidal heights (off by the geoid undulation, about 40–50 m in Germany)`;
  } else if (isGeoidModel(heights)) {
    geoid = heights;
    heightCorrection = `${heights.name} added to ${describeHeights(srs)}`;
  } else {
    constant = heights.constantMetres;
    heightCorrection = `constant ${constant >= 0 ? '+' : ''}${constant} m added to ${describeHeights(srs)}`;
  }

  const geographic = new Float64Array(2);
  const ellipsoidalHeight = (lonDeg: number, latDeg: number, z: number): number => {
    if (!geoid) return z + constant;
    const undulation = geoid.undulation(lonDeg, latDeg);
    if (Number.isNaN(undulation)) {
      throw new CrsError(
        `geoid model "${geoid.name}" has no value at ${lonDeg.toFixed(6)}°E ${latDeg.toFixed(6)}°N (outside its grid)`,
      );
    }
    return z + undulation;
  };

  const throwUnprojectable = (x: number, y: number): never => {
    throw new CrsError(
      `point (${x}, ${y}) of EPSG:${srs.epsg} could not be projected (datum shift: ${datumShift}; outside its area?)`,
    );
  };

  return {
    heightCorrection,
    horizontalMethod,
    datumShift,
    toGeodetic(x, y, z) {
      horizontal(x, y, z, geographic);
      const lonDeg = geographic[0] ?? Number.NaN;
      const latDeg = geographic[1] ?? Number.NaN;
      if (Number.isNaN(lonDeg + latDeg)) throwUnprojectable(x, y);
      return [lonDeg, latDeg, ellipsoidalHeight(lonDeg, latDeg, z)];
    },
    toEcef(positions) {
      if (positions.length % 3 !== 0) {
        throw new CrsError(`toEcef expects x,y,z triples; got ${positions.length} numbers`);
      }
      const ecef = new Float64Array(positions.length);
      for (let offset = 0; offset < positions.length; offset += 3) {
        const z = positions[offset + 2] ?? 0;
        horizontal(positions[offset] ?? 0, positions[offset + 1] ?? 0, z, geographic);
        const lonDeg = geographic[0] ?? Number.NaN;
        const latDeg = geographic[1] ?? Number.NaN;
        if (Number.isNaN(lonDeg + latDeg))
          throwUnprojectable(positions[offset] ?? 0, positions[offset + 1] ?? 0);
        geodeticToEcef(WGS84, lonDeg * RAD, latDeg * RAD, ellipsoidalHeight(lonDeg, latDeg, z), ecef, offset);
      }
      return ecef;
    },
  };
}
