import { BoundingSphere, Cartesian3, Cartographic, HeadingPitchRange, Math as CesiumMath } from 'cesium';
import type { CesiumWidget } from 'cesium';
import { motionSeconds } from '../a11y/motion.ts';

/** Most vertices used for the bounding sphere (an even sample of larger layers). */
const SAMPLE = 5000;

/**
 * Ellipsoidal height (metres) to look at around `lonLat` (WGS84 degrees): the higher of `ground` (the city's
 * ground there, where markers without a height stand) and the globe's terrain as loaded now (known only where
 * its tiles are loaded, so a flight from afar takes the city's ground). A flight aimed at the ellipsoid ended
 * underground wherever the land lies higher: on a slope of the demo city (264 m) a view from 346 m saw nothing
 * but the ground's texture.
 */
export function lookAtHeight(
  viewer: CesiumWidget,
  lonLat: readonly [number, number],
  ground: number,
): number {
  const terrain = viewer.scene.globe.getHeight(Cartographic.fromDegrees(lonLat[0], lonLat[1]));
  return terrain === undefined || !Number.isFinite(terrain) ? ground : Math.max(ground, terrain);
}

/**
 * Flies to the points `coordinates` (lon/lat pairs, WGS84 degrees, interleaved): looks at their bounding sphere,
 * at the height `groundAt` gives for its centre (`lookAtHeight`), from the south at 60° down, at least 400 m
 * away, then frees the camera. Nothing when empty.
 */
export function flyToArea(
  viewer: CesiumWidget,
  coordinates: Float64Array,
  groundAt: (lonLat: readonly [number, number]) => number,
): void {
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
  const height = lookAtHeight(viewer, centre, groundAt(centre));
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
