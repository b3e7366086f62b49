/**
 * The ground grid of a shadow study: a polygon in WGS84 degrees turned into cell centres in a local East-North-Up
 * frame (metres, float64), with a cell size chosen so that a plan area gives some ten to forty thousand points.
 */
import {
  ecefToGeodetic,
  ecefToLocal,
  eastNorthUpFrame,
  geodeticToEcef,
  transformPoint,
} from '../tiles/ellipsoid.ts';
import type { LocalFrame } from '../tiles/ellipsoid.ts';

const RAD = Math.PI / 180;

/** The study's frame: ENU metres (x east, y north, z up) at a WGS84 origin. */
export interface StudyFrame {
  /** Origin longitude and latitude in degrees, height in ellipsoidal metres. */
  longitude: number;
  latitude: number;
  height: number;
  local: LocalFrame;
}

/** The ENU frame at a WGS84 point (degrees, ellipsoidal metres). */
export function studyFrame(longitude: number, latitude: number, height: number): StudyFrame {
  const local = eastNorthUpFrame(geodeticToEcef(longitude * RAD, latitude * RAD, height));
  return { longitude, latitude, height, local };
}

/** ENU metres in `frame` of a WGS84 point (degrees, ellipsoidal metres). */
export function lonLatToEnu(
  frame: StudyFrame,
  longitude: number,
  latitude: number,
  height: number,
): [number, number, number] {
  const [x, y, z] = geodeticToEcef(longitude * RAD, latitude * RAD, height);
  return ecefToLocal(frame.local, x, y, z);
}

/** WGS84 longitude, latitude (degrees) and ellipsoidal height (metres) of ENU metres in `frame`. */
export function enuToLonLat(frame: StudyFrame, x: number, y: number, z: number): [number, number, number] {
  const [ex, ey, ez] = transformPoint(frame.local.enuToEcef, x, y, z);
  const geodetic = ecefToGeodetic(ex, ey, ez);
  return [geodetic.longitude / RAD, geodetic.latitude / RAD, geodetic.height];
}

/** How the grid is sized. */
export interface GroundGridOptions {
  /** Points aimed at inside the polygon. */
  targetPoints?: number;
  /** Never more points than this inside the polygon (the cell grows until it fits). */
  maxPoints?: number;
  /** Smallest cell edge, metres. */
  minCellSize?: number;
}

export const GROUND_GRID_DEFAULTS: Required<GroundGridOptions> = {
  targetPoints: 20_000,
  maxPoints: 40_000,
  minCellSize: 0.5,
};

/**
 * Square cells over a polygon's bounding box in the study frame. Cell (column, row) has its centre at
 * x = west + (column + ½)·cellSize, y = south + (row + ½)·cellSize (ENU metres); row 0 is the southernmost.
 * `inside` marks cells whose centre lies in the polygon (1) or not (0), row-major.
 */
export interface GroundGrid {
  cellSize: number;
  columns: number;
  rows: number;
  west: number;
  south: number;
  inside: Uint8Array;
  /** Cells inside the polygon. */
  count: number;
}

/** Even-odd test of (x, y) against a closed or open ring of [x, y] pairs. */
export function ringContains(ring: readonly (readonly [number, number])[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Area of a ring of [x, y] pairs (square metres, unsigned). */
export function ringArea(ring: readonly (readonly [number, number])[]): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    twice += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  }
  return Math.abs(twice) / 2;
}

/**
 * The ground grid over a ring given in ENU metres ([x, y] pairs). Throws a RangeError naming the problem when the
 * ring has fewer than three points or no area.
 */
export function groundGrid(
  ring: readonly (readonly [number, number])[],
  options: GroundGridOptions = {},
): GroundGrid {
  const { targetPoints, maxPoints, minCellSize } = { ...GROUND_GRID_DEFAULTS, ...definedOnly(options) };
  if (ring.length < 3)
    throw new RangeError(`shadow study: the area has ${ring.length} corners, at least 3 are needed`);
  const area = ringArea(ring);
  if (!(area > 0)) throw new RangeError('shadow study: the area has no extent');
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const [x, y] of ring) {
    west = Math.min(west, x);
    east = Math.max(east, x);
    south = Math.min(south, y);
    north = Math.max(north, y);
  }
  let cellSize = Math.max(minCellSize, Math.sqrt(area / targetPoints));
  for (;;) {
    const columns = Math.max(1, Math.ceil((east - west) / cellSize));
    const rows = Math.max(1, Math.ceil((north - south) / cellSize));
    const inside = new Uint8Array(columns * rows);
    let count = 0;
    for (let row = 0; row < rows; row++) {
      const y = south + (row + 0.5) * cellSize;
      for (let column = 0; column < columns; column++) {
        if (ringContains(ring, west + (column + 0.5) * cellSize, y)) {
          inside[row * columns + column] = 1;
          count++;
        }
      }
    }
    if (count <= maxPoints) return { cellSize, columns, rows, west, south, inside, count };
    cellSize *= Math.sqrt(count / maxPoints) * 1.01;
  }
}

/** `options` without its undefined entries, so defaults stay in force. */
export function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
