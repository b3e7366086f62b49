import { describe, expect, it } from 'vitest';
import { Cartesian3, Cartographic, Math as CesiumMath } from 'cesium';
import { ORBIT_PITCH_LIMITS, orbitPose, panPose, poseLookingAt } from './keyboard-camera.ts';

const degrees = CesiumMath.toDegrees;
const radians = CesiumMath.toRadians;
// Rathaus Barmen, Wuppertal, on the ground (ellipsoidal metres), and a camera 800 m from it looking down at 32°
const centre = Cartesian3.fromDegrees(7.2004, 51.2717, 260);

/** A camera `range` metres from `centre`, looking at it with `heading`/`pitch` (degrees). */
function cameraAround(heading: number, pitch: number, range: number): Cartesian3 {
  // walk back along the line of sight from the centre, in the centre's east-north-up frame
  const h = radians(heading);
  const p = radians(pitch);
  const east = -range * Math.cos(p) * Math.sin(h);
  const north = -range * Math.cos(p) * Math.cos(h);
  const up = -range * Math.sin(p);
  const place = Cartographic.fromCartesian(centre);
  const metresPerDegreeLat = 111_200;
  const metresPerDegreeLon = metresPerDegreeLat * Math.cos(place.latitude);
  return Cartesian3.fromDegrees(
    degrees(place.longitude) + east / metresPerDegreeLon,
    degrees(place.latitude) + north / metresPerDegreeLat,
    place.height + up,
  );
}

/** Where the line of sight of `pose` passes closest to `point`: the miss distance in metres. */
function missDistance(
  pose: { position: Cartesian3; heading: number; pitch: number },
  point: Cartesian3,
): number {
  const looking = poseLookingAt(pose.position, point);
  const range = Cartesian3.distance(pose.position, point);
  const angle = Math.hypot(
    CesiumMath.negativePiToPi(looking.heading - pose.heading) * Math.cos(pose.pitch),
    looking.pitch - pose.pitch,
  );
  return range * Math.sin(angle);
}

describe('orbitPose', () => {
  const start = cameraAround(200, -32, 800);
  const before = poseLookingAt(start, centre);

  it('turns the view around the point at the centre, keeping distance, pitch and that point in view', () => {
    const turned = orbitPose(start, centre, radians(-5), 0);
    expect(degrees(CesiumMath.negativePiToPi(turned.heading - before.heading))).toBeCloseTo(-5, 1);
    expect(degrees(turned.pitch)).toBeCloseTo(degrees(before.pitch), 1);
    expect(Cartesian3.distance(turned.position, centre)).toBeCloseTo(Cartesian3.distance(start, centre), 3);
    expect(missDistance(turned, centre)).toBeLessThan(0.01);
    // the camera moved along its orbit, at the same height
    expect(Cartesian3.distance(turned.position, start)).toBeGreaterThan(50);
    expect(Cartographic.fromCartesian(turned.position).height).toBeCloseTo(
      Cartographic.fromCartesian(start).height,
      0,
    );
  });

  it('twelve turns of 30° come back to the start', () => {
    let pose = { position: start, heading: 0, pitch: 0 };
    for (let i = 0; i < 12; i++) pose = orbitPose(pose.position, centre, radians(30), 0);
    expect(Cartesian3.distance(pose.position, start)).toBeLessThan(0.01);
  });

  it('tilts around the centre within the pitch limits', () => {
    const flatter = orbitPose(start, centre, 0, radians(5));
    expect(degrees(flatter.pitch - before.pitch)).toBeCloseTo(5, 1);
    expect(missDistance(flatter, centre)).toBeLessThan(0.01);
    let steep = { position: start, heading: 0, pitch: 0 };
    for (let i = 0; i < 30; i++) steep = orbitPose(steep.position, centre, 0, radians(-5));
    expect(degrees(steep.pitch)).toBeCloseTo(degrees(ORBIT_PITCH_LIMITS.min), 1);
    let flat = { position: start, heading: 0, pitch: 0 };
    for (let i = 0; i < 30; i++) flat = orbitPose(flat.position, centre, 0, radians(5));
    expect(degrees(flat.pitch)).toBeCloseTo(degrees(ORBIT_PITCH_LIMITS.max), 1);
    expect(Cartesian3.distance(flat.position, centre)).toBeCloseTo(Cartesian3.distance(start, centre), 3);
  });

  it('zooms towards the centre by the factor, never past it', () => {
    const range = Cartesian3.distance(start, centre);
    let pose = { position: start, heading: 0, pitch: 0 };
    for (let i = 0; i < 40; i++) pose = orbitPose(pose.position, centre, 0, 0, 0.8);
    expect(Cartesian3.distance(pose.position, centre)).toBeCloseTo(range * 0.8 ** 40, 3);
    expect(degrees(pose.pitch)).toBeCloseTo(degrees(before.pitch), 0);
    const out = orbitPose(start, centre, 0, 0, 1 / 0.8);
    expect(Cartesian3.distance(out.position, centre)).toBeCloseTo(range * 1.25, 3);
    expect(missDistance(out, centre)).toBeLessThan(0.01);
  });

  it('leaves a pitch outside the limits as it is on a turn', () => {
    const level = cameraAround(90, -2, 500);
    const turned = orbitPose(level, centre, radians(5), 0);
    expect(degrees(turned.pitch)).toBeCloseTo(-2, 1);
  });
});

describe('panPose', () => {
  const start = cameraAround(200, -32, 800);
  const heading = radians(200);
  const pitch = radians(-32);

  it('moves over the ground along the heading at the same height, keeping heading and pitch', () => {
    const moved = panPose(start, heading, pitch, 80, 0);
    const a = Cartographic.fromCartesian(start);
    const b = Cartographic.fromCartesian(moved.position);
    expect(b.height).toBeCloseTo(a.height, 6);
    expect(Cartesian3.distance(start, moved.position)).toBeCloseTo(80, 1);
    const bearing = degrees(
      Math.atan2((b.longitude - a.longitude) * Math.cos(a.latitude), b.latitude - a.latitude),
    );
    expect(CesiumMath.zeroToTwoPi(radians(bearing))).toBeCloseTo(heading, 2);
    expect(moved.heading).toBe(heading);
    expect(moved.pitch).toBe(pitch);
  });

  it('moves sideways to the right of the heading, and back again', () => {
    const right = panPose(start, heading, pitch, 0, 50);
    const a = Cartographic.fromCartesian(start);
    const b = Cartographic.fromCartesian(right.position);
    const bearing = Math.atan2((b.longitude - a.longitude) * Math.cos(a.latitude), b.latitude - a.latitude);
    expect(CesiumMath.zeroToTwoPi(bearing)).toBeCloseTo(CesiumMath.zeroToTwoPi(heading + Math.PI / 2), 2);
    const back = panPose(right.position, heading, pitch, 0, -50);
    expect(Cartesian3.distance(back.position, start)).toBeLessThan(0.01);
  });
});
