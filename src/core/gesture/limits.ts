/**
 * Where the camera may be: above the ground by a minimum and maximum height, inside the city's bounds, and
 * looking down between two pitch limits. Pure maths on WGS84 degrees and ellipsoidal metres, so the app's touch
 * navigation can apply it after every camera move, whoever moved the camera.
 */

/** A rectangle on the ellipsoid, WGS84 degrees (west < east; no antimeridian crossing: a city never spans it). */
export interface GeoBounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** How the camera is limited. */
export interface CameraLimitsOptions {
  /** Least height of the camera above the ground below it, metres. */
  minHeightAboveGround?: number;
  /** Greatest height of the camera above the ground below it, metres. */
  maxHeightAboveGround?: number;
  /** Steepest view down, degrees (−90 = straight down). */
  minPitch?: number;
  /** Flattest view, degrees (0 = at the horizon; negative looks down). */
  maxPitch?: number;
}

/** Defaults of `CameraLimitsOptions`: 20 m to 15 km above the ground, pitch from −90° to 0° (horizon). */
export const CAMERA_LIMITS_DEFAULTS: Required<CameraLimitsOptions> = {
  minHeightAboveGround: 20,
  maxHeightAboveGround: 15_000,
  minPitch: -90,
  maxPitch: 0,
};

/** Merges `options` over the defaults, ignoring `undefined` values. */
export function cameraLimits(options: CameraLimitsOptions = {}): Required<CameraLimitsOptions> {
  const merged = { ...CAMERA_LIMITS_DEFAULTS };
  for (const key of Object.keys(merged) as (keyof CameraLimitsOptions)[]) {
    const value = options[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** A camera pose: position in WGS84 degrees and ellipsoidal metres, heading and pitch in degrees. */
export interface CameraPose {
  longitude: number;
  latitude: number;
  height: number;
  heading: number;
  pitch: number;
}

/** Metres per degree of latitude (mean, WGS84), and of longitude at the equator. */
const METRES_PER_DEGREE_LATITUDE = 111_132;
const METRES_PER_DEGREE_LONGITUDE = 111_320;

/**
 * The bounds `radiusMetres` around `centre` (degrees) in each of the four directions: the city's bounds where its
 * configuration names none (centred on the home view's target).
 */
export function boundsAround(
  centre: { longitude: number; latitude: number },
  radiusMetres: number,
): GeoBounds {
  const dLat = radiusMetres / METRES_PER_DEGREE_LATITUDE;
  const cos = Math.max(Math.cos((centre.latitude * Math.PI) / 180), 1e-6);
  const dLon = radiusMetres / (METRES_PER_DEGREE_LONGITUDE * cos);
  return {
    west: centre.longitude - dLon,
    south: Math.max(-90, centre.latitude - dLat),
    east: centre.longitude + dLon,
    north: Math.min(90, centre.latitude + dLat),
  };
}

/**
 * Radius of the derived bounds around a home view of `range` metres: four ranges, at least 5 km, so the whole
 * district and its surroundings stay reachable while the camera cannot be flung to another continent.
 */
export function derivedBoundsRadius(range: number): number {
  return Math.max(4 * range, 5_000);
}

/** Whether `bounds` is a usable rectangle: finite degrees in range, west < east, south < north. */
export function isValidBounds(bounds: GeoBounds): boolean {
  const { west, south, east, north } = bounds;
  return (
    [west, south, east, north].every(Number.isFinite) &&
    west >= -180 &&
    east <= 180 &&
    south >= -90 &&
    north <= 90 &&
    west < east &&
    south < north
  );
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * The nearest pose to `pose` that keeps the limits: position inside `bounds`, height between
 * `groundHeight + minHeightAboveGround` and `groundHeight + maxHeightAboveGround` (ellipsoidal metres; the ground
 * below the camera, never below it), pitch between the pitch limits; heading unchanged. Returns `undefined` when
 * `pose` keeps them already, so the caller moves the camera only when it must (no feedback on every frame).
 */
export function limitCameraPose(
  pose: CameraPose,
  groundHeight: number,
  bounds: GeoBounds,
  options: Required<CameraLimitsOptions>,
): CameraPose | undefined {
  const longitude = clamp(pose.longitude, bounds.west, bounds.east);
  const latitude = clamp(pose.latitude, bounds.south, bounds.north);
  const ground = Number.isFinite(groundHeight) ? groundHeight : 0;
  const height = clamp(
    pose.height,
    ground + options.minHeightAboveGround,
    ground + options.maxHeightAboveGround,
  );
  const pitch = clamp(pose.pitch, options.minPitch, options.maxPitch);
  const changed =
    longitude !== pose.longitude ||
    latitude !== pose.latitude ||
    height !== pose.height ||
    pitch !== pose.pitch;
  return changed ? { longitude, latitude, height, heading: pose.heading, pitch } : undefined;
}

/** Options of the jump guard: how far the camera may move in one frame while fingers are down. */
export interface StepGuardOptions {
  /** Largest step per frame as a share of the camera's height above the ground (0.5 = half of it). */
  maxStepShareOfHeight?: number;
  /** Largest step per frame never falls below this, metres (close to the ground a finger still moves). */
  minMaxStep?: number;
}

/** Defaults of `StepGuardOptions`: half the height above the ground, at least 10 m. */
export const STEP_GUARD_DEFAULTS: Required<StepGuardOptions> = {
  maxStepShareOfHeight: 0.5,
  minMaxStep: 10,
};

/**
 * Whether a camera step of `stepMetres` (straight-line, ECEF metres) in one frame, made at `heightAboveGround`
 * metres, is a jump rather than a gesture: a finger that lands after a flight must not throw the camera away.
 */
export function isJump(
  stepMetres: number,
  heightAboveGround: number,
  options: Required<StepGuardOptions> = STEP_GUARD_DEFAULTS,
): boolean {
  const bound = Math.max(options.minMaxStep, options.maxStepShareOfHeight * Math.max(0, heightAboveGround));
  return !(stepMetres <= bound);
}
