/**
 * How long the camera flies between two scenes: longer for longer ways, never more than a bounded time, and
 * short under reduced motion (the flight is then almost a cut). Platform-free.
 */
import type { CameraView } from '../view/camera-view.ts';

export interface FlightOptions {
  /** Shortest flight, seconds (a scene next door still moves visibly). */
  minSeconds?: number;
  /** Longest flight, seconds (an audience waits no longer, however far the next scene is). */
  maxSeconds?: number;
  /** Metres of way that add one second between the bounds. */
  metresPerSecond?: number;
  /** Flight seconds when the person prefers reduced motion. */
  reducedMotionSeconds?: number;
}

export const FLIGHT_DEFAULTS: Required<FlightOptions> = {
  minSeconds: 1,
  maxSeconds: 3,
  metresPerSecond: 1500,
  reducedMotionSeconds: 0.4,
};

/** Mean Earth radius, metres (distances here only scale a duration). */
const EARTH_RADIUS = 6_371_000;

/** Straight-line distance in metres between two camera positions (haversine on the sphere, plus the height step). */
export function cameraDistance(a: CameraView, b: CameraView): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  const ground = 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
  return Math.hypot(ground, b.height - a.height);
}

/**
 * Seconds of the flight from `from` (undefined: unknown, e.g. before the viewer exists) to `to`: between
 * `minSeconds` and `maxSeconds`, growing with the way; a turn on the spot counts as the shortest flight.
 */
export function flightSeconds(
  from: CameraView | undefined,
  to: CameraView,
  reducedMotion: boolean,
  options: FlightOptions = {},
): number {
  const o = { ...FLIGHT_DEFAULTS };
  for (const [key, value] of Object.entries(options))
    if (value !== undefined) Object.assign(o, { [key]: value });
  if (reducedMotion) return Math.min(o.reducedMotionSeconds, o.maxSeconds);
  if (!from) return o.maxSeconds;
  const seconds = o.minSeconds + cameraDistance(from, to) / o.metresPerSecond;
  return Math.min(o.maxSeconds, Math.max(o.minSeconds, seconds));
}
