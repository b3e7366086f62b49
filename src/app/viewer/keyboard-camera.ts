import { Cartesian3, Cartographic, Math as CesiumMath, Matrix4, Transforms } from 'cesium';

/**
 * A camera pose the keyboard sets: position (ECEF metres) and heading and pitch (radians, in the
 * east-north-up frame at the position). The roll is always 0, so the horizon stays level.
 */
export interface KeyboardPose {
  position: Cartesian3;
  heading: number;
  pitch: number;
}

/** Pitch limits (radians) of an orbit: never straight down (heading undefined there), never at the sky. */
export interface OrbitPitchLimits {
  min: number;
  max: number;
}

/** −89° to −5°: from nearly straight down to just above the horizon. */
export const ORBIT_PITCH_LIMITS: OrbitPitchLimits = {
  min: CesiumMath.toRadians(-89),
  max: CesiumMath.toRadians(-5),
};

const scratchFrame = new Matrix4();
const scratchInverse = new Matrix4();

/** `vector` (ECEF) in the east-north-up frame at `origin` (ECEF metres). */
function toLocal(origin: Cartesian3, vector: Cartesian3): Cartesian3 {
  Transforms.eastNorthUpToFixedFrame(origin, undefined, scratchFrame);
  Matrix4.inverseTransformation(scratchFrame, scratchInverse);
  return Matrix4.multiplyByPointAsVector(scratchInverse, vector, new Cartesian3());
}

/** `local` (east-north-up at `origin`, metres) as an ECEF vector. */
function toFixed(origin: Cartesian3, local: Cartesian3): Cartesian3 {
  Transforms.eastNorthUpToFixedFrame(origin, undefined, scratchFrame);
  return Matrix4.multiplyByPointAsVector(scratchFrame, local, new Cartesian3());
}

/** Heading and pitch (radians) at `position` of the line of sight towards `target` (both ECEF metres). */
export function poseLookingAt(position: Cartesian3, target: Cartesian3): KeyboardPose {
  const direction = toLocal(position, Cartesian3.subtract(target, position, new Cartesian3()));
  Cartesian3.normalize(direction, direction);
  return {
    position: Cartesian3.clone(position),
    heading: CesiumMath.zeroToTwoPi(Math.atan2(direction.x, direction.y)),
    pitch: Math.asin(CesiumMath.clamp(direction.z, -1, 1)),
  };
}

/**
 * Moves the camera on its orbit around `centre` (ECEF metres, the point it looks at): heading and pitch of
 * the line of sight change by the deltas (radians; the pitch kept within `limits`), the distance is
 * multiplied by `rangeFactor`. The camera keeps looking at `centre`, so the point under the screen centre
 * stays where it is, as with Cesium's own tilt and rotate gestures.
 */
export function orbitPose(
  position: Cartesian3,
  centre: Cartesian3,
  headingDelta: number,
  pitchDelta: number,
  rangeFactor = 1,
  limits: OrbitPitchLimits = ORBIT_PITCH_LIMITS,
): KeyboardPose {
  const sight = toLocal(centre, Cartesian3.subtract(centre, position, new Cartesian3()));
  const range = Cartesian3.magnitude(sight);
  if (!(range > 0)) return { position: Cartesian3.clone(position), heading: 0, pitch: limits.min };
  const heading = Math.atan2(sight.x, sight.y) + headingDelta;
  const currentPitch = Math.asin(CesiumMath.clamp(sight.z / range, -1, 1));
  // a pitch already outside the limits is not pulled in by a turn, only kept from going further out
  const pitch =
    pitchDelta === 0
      ? currentPitch
      : CesiumMath.clamp(
          currentPitch + pitchDelta,
          Math.min(limits.min, currentPitch),
          Math.max(limits.max, currentPitch),
        );
  const distance = range * rangeFactor;
  const back = new Cartesian3(
    -distance * Math.cos(pitch) * Math.sin(heading),
    -distance * Math.cos(pitch) * Math.cos(heading),
    -distance * Math.sin(pitch),
  );
  const moved = Cartesian3.add(centre, toFixed(centre, back), new Cartesian3());
  return poseLookingAt(moved, centre);
}

/**
 * Moves the camera over the ground, `forward` metres along its heading and `right` metres across it,
 * keeping its height above the ellipsoid, heading and pitch: the arrow keys of a map.
 */
export function panPose(
  position: Cartesian3,
  heading: number,
  pitch: number,
  forward: number,
  right: number,
): KeyboardPose {
  const local = new Cartesian3(
    forward * Math.sin(heading) + right * Math.cos(heading),
    forward * Math.cos(heading) - right * Math.sin(heading),
    0,
  );
  const moved = Cartesian3.add(position, toFixed(position, local), new Cartesian3());
  const height = Cartographic.fromCartesian(position).height;
  const place = Cartographic.fromCartesian(moved);
  return {
    position: Cartesian3.fromRadians(place.longitude, place.latitude, height),
    heading,
    pitch,
  };
}
