/**
 * Source CRS coordinates (as read from CityGML, file axis order) → ECEF metres (EPSG:4978, WGS84 ellipsoid),
 * float64, with physical heights turned into ellipsoidal heights by adding a geoid undulation.
 *
 * Pipeline per point: horizontal position → ETRS89/WGS84 longitude, latitude (UTM on GRS80/WGS84 by the
 * built-in Transverse Mercator fast path, geographic CRSs directly, DHDN with proj4's inverse projection and the
 * built-in BeTA2007 NTv2 grid (PROJ's default; Helmert outside the grid), everything else with proj4 including its
 * `+towgs84` Helmert shift); ellipsoidal height h = z + N(lon, lat) (or z, or z + constant); geodetic → ECEF.
 * ETRS89 is treated as WGS84 (sub-metre difference, as PROJ's null transformation EPSG:1149).
 */
import proj4 from 'proj4';
import { CrsError } from './crs-error.ts';
import { crsDefinition } from './definitions.ts';
import type { GeoidModel } from './geoid.ts';
import { applyShiftGrid, builtinBeta2007 } from './datum-shift-grid.ts';
import type { ParsedSrs } from './srs-name.ts';
import {
  GRS80,
  WGS84,
  createInverseTransverseMercator,
  geodeticToEcef,
  type InverseProjection,
} from './transverse-mercator.ts';
import { errorMessage } from '../errors.ts';

/** How heights become ellipsoidal: add a geoid's undulation, add a constant (metres), or take them as they are. */
export type HeightCorrection = GeoidModel | { constantMetres: number } | 'none';

/** Turns source CRS positions into ECEF metres. */
export interface EcefTransformer {
  /**
   * In: source CRS x,y,z triples (file axis order). Out: ECEF metres (EPSG:4978), written into `out` from
   * index 0 when given (at least as long as `positions`; returned as a view of that length), else into a
   * new Float64Array.
   */
  toEcef(positions: Float64Array, out?: Float64Array): Float64Array;
  /** One source point → longitude, latitude (degrees, ETRS89/WGS84) and ellipsoidal height (metres). */
  toGeodetic(x: number, y: number, z: number): [lonDeg: number, latDeg: number, hEllipsoid: number];
  /** Human-readable record of the height correction applied. */
  heightCorrection: string;
  /** How the horizontal position is computed: 'utm-fast-path', 'geographic' or 'proj4'. */
  horizontalMethod: 'utm-fast-path' | 'geographic' | 'proj4';
  /**
   * Human-readable record of the datum shift to ETRS89/WGS84, e.g. "Helmert +towgs84=598.1,…" or
   * "NTv2 grid BETA2007 (built-in …)". Read it after `toEcef`: it then also says (with "WARNING") how many points
   * lay outside the grid and got the Helmert instead.
   */
  readonly datumShift: string;
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
   * Horizontal datum shift grid. Default (undefined): the built-in BeTA2007 NTv2 grid for DHDN (Gauss-Krüger
   * 31466–31469, 5676–5679, Soldner Berlin 3068; PROJ's default, the Helmert is up to 3.07 m off it), the table's
   * Helmert for every other CRS. An NTv2 file: used instead of the Helmert for any CRS that has one (DHDN,
   * Amersfoort, CH1903, ED50). `false`: always the Helmert. Points outside a grid get the Helmert, and
   * `datumShift` then carries a warning.
   */
  datumShiftGrid?: DatumShiftGrid | false;
}

const DEG = 180 / Math.PI;
const RAD = Math.PI / 180;
const WGS84_LONLAT = '+proj=longlat +datum=WGS84 +no_defs';

type HorizontalToGeographic = (x: number, y: number, z: number, out: Float64Array) => void;

interface Horizontal {
  toGeographic: HorizontalToGeographic;
  method: EcefTransformer['horizontalMethod'];
  /** Record of the datum shift, including any fallback so far. */
  datumShift: () => string;
}

/** Reads proj4's output into out; false when it has no finite result. */
function readProj4Result(result: number[] | undefined, out: Float64Array): boolean {
  const lon = result?.[0] ?? Number.NaN;
  const lat = result?.[1] ?? Number.NaN;
  out[0] = lon;
  out[1] = lat;
  return Number.isFinite(lon) && Number.isFinite(lat);
}

/** A user NTv2 grid registered with proj4: its key and its subgrid extents (radians, longitude negated as in proj4). */
interface RegisteredGrid {
  key: string;
  extents: { minX: number; minY: number; maxX: number; maxY: number }[];
}

const registeredGrids = new WeakMap<ArrayBuffer, RegisteredGrid>();
let registeredGridCount = 0;

/** Registers an NTv2 grid with proj4 (once per buffer) and returns its proj4 key and extents. */
function registerGrid(grid: DatumShiftGrid): RegisteredGrid {
  let registered = registeredGrids.get(grid.ntv2);
  if (!registered) {
    const key = `stadtmodell-${grid.name.replace(/[^A-Za-z0-9_.-]/g, '_')}-${++registeredGridCount}`;
    try {
      const { subgrids } = proj4.nadgrid(key, grid.ntv2);
      // The same test as proj4's applyGridShift, so that points it would refuse (and log) go to the Helmert.
      const extents = subgrids.map(({ ll, del, lim }) => {
        const [llX = 0, llY = 0] = ll;
        const [delX = 0, delY = 0] = del;
        const [limX = 0, limY = 0] = lim;
        const epsilon = (Math.abs(delY) + Math.abs(delX)) / 10000;
        return {
          minX: llX - epsilon,
          minY: llY - epsilon,
          maxX: llX + (limX - 1) * delX + epsilon,
          maxY: llY + (limY - 1) * delY + epsilon,
        };
      });
      registered = { key, extents };
    } catch (error) {
      throw new CrsError(`NTv2 grid "${grid.name}" could not be read: ${errorMessage(error)}`);
    }
    registeredGrids.set(grid.ntv2, registered);
  }
  return registered;
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
      { kind: 'unknown', srsName: srs.srsName },
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
      datumShift: () => 'none (taken as WGS84)',
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
      datumShift: () => 'none (taken as WGS84)',
    };
  }
  const helmertConverter = proj4(definition.proj4, WGS84_LONLAT);
  const point = [0, 0, 0];
  const setPoint = (x: number, y: number, z: number): number[] => {
    point[0] = northFirst ? y : x;
    point[1] = northFirst ? x : y;
    point[2] = z;
    return point;
  };
  const helmert = isNullShift ? 'none (taken as WGS84)' : `Helmert +towgs84=${towgs84}`;
  if (
    isNullShift ||
    options.datumShiftGrid === false ||
    (!options.datumShiftGrid && !definition.defaultShiftGrid)
  ) {
    return {
      toGeographic: (x, y, z, out) => {
        readProj4Result(helmertConverter.forward(setPoint(x, y, z)), out);
      },
      method: 'proj4',
      datumShift: () => helmert,
    };
  }

  // A grid: shift where it covers the point, the Helmert elsewhere (as PROJ falls back to the next operation).
  let gridShift: (x: number, y: number, z: number, out: Float64Array) => boolean;
  let gridRecord: string;
  // proj4 inverting the projection only: source-datum lon/lat.
  const ellipsoid = /\+ellps=\S+/.exec(definition.proj4)?.[0] ?? '+ellps=bessel';
  const projection = proj4(
    `${definition.proj4.replace(/\+towgs84=[-\d.,]+/, '')} +datum=none`,
    `+proj=longlat ${ellipsoid} +datum=none +no_defs`,
  );
  if (options.datumShiftGrid) {
    const { key, extents } = registerGrid(options.datumShiftGrid);
    const gridConverter = proj4(
      definition.proj4.replace(/\+towgs84=[-\d.,]+/, `+nadgrids=${key}`),
      WGS84_LONLAT,
    );
    gridShift = (x, y, z, out) => {
      if (!readProj4Result(projection.forward(setPoint(x, y, z)), out)) return false;
      const gridX = -(out[0] ?? Number.NaN) * RAD;
      const gridY = (out[1] ?? Number.NaN) * RAD;
      const inside = extents.some(
        ({ minX, minY, maxX, maxY }) => gridX >= minX && gridX <= maxX && gridY >= minY && gridY <= maxY,
      );
      return inside && readProj4Result(gridConverter.forward(setPoint(x, y, z)), out);
    };
    gridRecord = `NTv2 grid ${options.datumShiftGrid.name}`;
  } else {
    // Built-in grid: the shift is applied here to proj4's source-datum lon/lat.
    const grid = builtinBeta2007();
    gridShift = (x, y, z, out) =>
      readProj4Result(projection.forward(setPoint(x, y, z)), out) &&
      applyShiftGrid(grid, out[0] ?? Number.NaN, out[1] ?? Number.NaN, out);
    gridRecord = `NTv2 grid ${grid.name} (built-in AdV/BKG BeTA2007, PROJ's default for DHDN)`;
  }
  let outsideGrid = 0;
  return {
    toGeographic: (x, y, z, out) => {
      if (gridShift(x, y, z, out)) return;
      outsideGrid++;
      readProj4Result(helmertConverter.forward(setPoint(x, y, z)), out);
    },
    method: 'proj4',
    datumShift: () =>
      outsideGrid === 0
        ? gridRecord
        : `${gridRecord}; WARNING: ${outsideGrid} point${outsideGrid === 1 ? '' : 's'} outside the grid got the ${helmert} instead (metres less accurate)`,
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
      `point (${x}, ${y}) of EPSG:${srs.epsg} could not be projected (datum shift: ${datumShift()}; outside its area?)`,
    );
  };

  return {
    heightCorrection,
    horizontalMethod,
    get datumShift() {
      return datumShift();
    },
    toGeodetic(x, y, z) {
      horizontal(x, y, z, geographic);
      const lonDeg = geographic[0] ?? Number.NaN;
      const latDeg = geographic[1] ?? Number.NaN;
      if (Number.isNaN(lonDeg + latDeg)) throwUnprojectable(x, y);
      return [lonDeg, latDeg, ellipsoidalHeight(lonDeg, latDeg, z)];
    },
    toEcef(positions, out) {
      if (positions.length % 3 !== 0) {
        throw new CrsError(`toEcef expects x,y,z triples; got ${positions.length} numbers`);
      }
      const ecef =
        out === undefined
          ? new Float64Array(positions.length)
          : out.length === positions.length
            ? out
            : out.subarray(0, positions.length);
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
