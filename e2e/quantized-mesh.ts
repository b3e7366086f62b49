import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeQuantizedMesh, heightInTile } from '../src/core/terrain/testing/quantized-mesh-decoder.ts';

/**
 * Terrain heights for the tests, read with the project's independent quantized-mesh-1.0 test decoder (written
 * from the format's specification, sharing no code with our writer or with Cesium's decoder). Tiles are the
 * TMS geographic scheme of `layer.json` (`"projection": "EPSG:4326"`, two root tiles, y counted from the south).
 */

/** The TMS tile of `level` that contains the point (degrees). */
export function tileAt(longitude: number, latitude: number, level: number): { x: number; y: number } {
  const size = 180 / 2 ** level;
  return { x: Math.floor((longitude + 180) / size), y: Math.floor((latitude + 90) / size) };
}

/**
 * Height (ellipsoidal metres) at the point (degrees) from the most detailed tile of the tileset in `folder` that
 * exists (`<level>/<x>/<y>.terrain`, not gzipped) and covers it, with the level it came from.
 */
export function sampleTileset(
  folder: string,
  longitude: number,
  latitude: number,
  maxLevel: number,
): { height: number; level: number } {
  for (let level = maxLevel; level >= 0; level -= 1) {
    const { x, y } = tileAt(longitude, latitude, level);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(folder, String(level), String(x), `${y}.terrain`));
    } catch {
      continue;
    }
    const size = 180 / 2 ** level;
    const fx = (longitude + 180 - x * size) / size;
    const fy = (latitude + 90 - y * size) / size;
    const height = heightInTile(decodeQuantizedMesh(bytes), fx, fy);
    if (!Number.isNaN(height)) return { height, level };
  }
  throw new Error(`no tile of ${folder} covers ${longitude}, ${latitude}`);
}
