import {
  BoundingSphere,
  Cartesian3,
  Cartographic,
  HeadingPitchRange,
  Math as CesiumMath,
  sampleTerrainMostDetailed,
} from 'cesium';
import type { CesiumWidget } from 'cesium';
import { motionSeconds } from '../a11y/motion.ts';
import { terrainOf } from '../terrain/use-terrain-heights.ts';

/** Most vertices used for the bounding sphere (an even sample of larger layers). */
const SAMPLE = 5000;

/** Milliseconds a flight waits for the terrain's height at its target before it sets out on the city's ground. */
const TERRAIN_WAIT_MS = 1500;

/**
 * The terrain's ellipsoidal height (metres) at `lonLat` (WGS84 degrees): sampled from the terrain's most detailed
 * tiles there (a fetch or two, waited for up to TERRAIN_WAIT_MS), else as loaded now. Seen from afar, the globe
 * holds only coarse tiles there, whose height may be off by tens of metres on a slope; undefined without a terrain.
 */
export async function terrainHeightAt(
  viewer: CesiumWidget,
  lonLat: readonly [number, number],
): Promise<number | undefined> {
  const at = Cartographic.fromDegrees(lonLat[0], lonLat[1]);
  const loaded = viewer.scene.globe.getHeight(at);
  const provider = terrainOf(viewer);
  // (sampling needs the tiles' availability, which a terrain may lack: then only what is loaded)
  if (!provider?.availability) return loaded !== undefined && Number.isFinite(loaded) ? loaded : undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>(
    (resolve) => (timer = setTimeout(() => resolve(undefined), TERRAIN_WAIT_MS)),
  );
  const sampled = sampleTerrainMostDetailed(provider, [at]).then(
    ([point]) => point?.height,
    () => undefined,
  );
  const height = await Promise.race([sampled, late]);
  clearTimeout(timer);
  if (height !== undefined && Number.isFinite(height)) return height;
  return loaded !== undefined && Number.isFinite(loaded) ? loaded : undefined;
}

/**
 * Ellipsoidal height (metres) to look at around `lonLat` (WGS84 degrees): the higher of `ground` (the city's
 * ground there, where markers without a height stand) and the terrain's (`terrainHeightAt`). A flight aimed at
 * the ellipsoid ended underground wherever the land lies higher: on a slope of the demo city (264 m) a view from
 * 346 m saw nothing but the ground's texture; one aimed at the city's ground saw it from 287 m instead of 346 m.
 */
export async function lookAtHeight(
  viewer: CesiumWidget,
  lonLat: readonly [number, number],
  ground: number,
): Promise<number> {
  const terrain = await terrainHeightAt(viewer, lonLat);
  return terrain === undefined ? ground : Math.max(ground, terrain);
}

/**
 * Flies to the points `coordinates` (lon/lat pairs, WGS84 degrees, interleaved): looks at their bounding sphere,
 * at the height `lookAtHeight` gives for its centre (with `groundAt` there), from the south at 60° down, at least
 * 400 m away, then frees the camera. Nothing when empty.
 */
export async function flyToArea(
  viewer: CesiumWidget,
  coordinates: Float64Array,
  groundAt: (lonLat: readonly [number, number]) => number,
): Promise<void> {
  const vertices = coordinates.length / 2;
  if (vertices === 0 || viewer.isDestroyed()) return;
  const step = Math.max(1, Math.ceil(vertices / SAMPLE));
  let sumLon = 0;
  let sumLat = 0;
  let count = 0;
  for (let v = 0; v < vertices; v += step) {
    sumLon += coordinates[2 * v] as number;
    sumLat += coordinates[2 * v + 1] as number;
    count++;
  }
  const centre: [number, number] = [sumLon / count, sumLat / count];
  const height = await lookAtHeight(viewer, centre, groundAt(centre));
  if (viewer.isDestroyed()) return;
  const points: Cartesian3[] = [];
  for (let v = 0; v < vertices; v += step) {
    points.push(
      Cartesian3.fromDegrees(coordinates[2 * v] as number, coordinates[2 * v + 1] as number, height),
    );
  }
  const sphere = BoundingSphere.fromPoints(points);
  const range = Math.max(400, sphere.radius * 2.6);
  viewer.camera.flyToBoundingSphere(sphere, {
    offset: new HeadingPitchRange(0, CesiumMath.toRadians(-60), range),
    duration: motionSeconds(1),
  });
  viewer.scene.requestRender();
}
