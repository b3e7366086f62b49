import { Cartesian3, JulianDate, Matrix3, Matrix4, Simon1994PlanetaryPositions, Transforms } from 'cesium';
import { describe, expect, it } from 'vitest';
import { solarPosition } from '../../core/sun/solar-position.ts';
import { sunLightDirection } from './sun-light.ts';

const WUPPERTAL = { longitude: 7.200239, latitude: 51.288871 };

/** Azimuth and elevation (degrees) at Wuppertal of an ECEF direction towards the sun. */
function localAngles(towardsSun: Cartesian3) {
  const origin = Cartesian3.fromDegrees(WUPPERTAL.longitude, WUPPERTAL.latitude);
  const toLocal = Matrix4.inverseTransformation(Transforms.eastNorthUpToFixedFrame(origin), new Matrix4());
  const local = Cartesian3.normalize(
    Matrix4.multiplyByPointAsVector(toLocal, towardsSun, new Cartesian3()),
    new Cartesian3(),
  );
  return {
    azimuth: ((Math.atan2(local.x, local.y) * 180) / Math.PI + 360) % 360,
    elevation: (Math.asin(local.z) * 180) / Math.PI,
  };
}

/**
 * Where Cesium's default sun light stands: its `UniformState` takes Simon 1994's sun in the inertial frame and turns
 * it Earth-fixed with the ICRF matrix when Earth-orientation data has been preloaded, else with the TEME →
 * pseudo-fixed rotation (Earth's rotation only) — the case of a viewer that loads no such data, like ours.
 */
function cesiumDefaultSun(iso: string) {
  const time = JulianDate.fromIso8601(iso);
  const inertial = Simon1994PlanetaryPositions.computeSunPositionInEarthInertialFrame(time);
  const rotation = Transforms.computeIcrfToCentralBodyFixedMatrix(time);
  if (!rotation) throw new Error('no rotation to the Earth-fixed frame');
  return localAngles(Matrix3.multiplyByVector(rotation, inertial, new Cartesian3()));
}

/** Angle (degrees) between two directions given as azimuth and elevation in degrees. */
function separation(
  a: { azimuth: number; elevation: number },
  b: { azimuth: number; elevation: number },
): number {
  const r = Math.PI / 180;
  const cosine =
    Math.sin(a.elevation * r) * Math.sin(b.elevation * r) +
    Math.cos(a.elevation * r) * Math.cos(b.elevation * r) * Math.cos((a.azimuth - b.azimuth) * r);
  return Math.acos(Math.min(1, cosine)) / r;
}

const angleBetween = (a: number, b: number) => Math.abs(((((a - b) % 360) + 540) % 360) - 180);

/** The sun panel's presets as instants: 21 March, 21 June, 21 December at 9, 12, 15 and 17 o'clock Berlin time. */
const PRESETS = ['2026-03-21', '2026-06-21', '2026-12-21'].flatMap((date) =>
  [9, 12, 15, 17].map((hour) => {
    const offset = date.endsWith('06-21') ? '+02:00' : '+01:00';
    return `${date}T${String(hour).padStart(2, '0')}:00:00${offset}`;
  }),
);

describe('the sun that lights the scene over Wuppertal', () => {
  it('is the NOAA sun within 0.01° (the light the viewer sets: shading and shadows)', () => {
    for (const iso of PRESETS) {
      const noaa = solarPosition(Date.parse(iso), WUPPERTAL.longitude, WUPPERTAL.latitude);
      const light = sunLightDirection(Date.parse(iso), WUPPERTAL);
      const seen = localAngles(Cartesian3.negate(light, new Cartesian3()));
      expect(Math.abs(seen.elevation - noaa.elevation), iso).toBeLessThan(0.01);
      expect(angleBetween(seen.azimuth, noaa.azimuth), iso).toBeLessThan(0.01);
    }
  });

  it("replaces Cesium's default sun, which without Earth-orientation data is 0.1–0.6° off NOAA's", () => {
    // The TEME rotation leaves out precession since J2000 (about 50″ a year): about 0.36° along the ecliptic in
    // 2026, split between azimuth and elevation. Beyond the 0.1° asked of the sun position, hence the app's own light.
    let worst = 0;
    for (const iso of PRESETS) {
      const cesium = cesiumDefaultSun(iso);
      const noaa = solarPosition(Date.parse(iso), WUPPERTAL.longitude, WUPPERTAL.latitude);
      worst = Math.max(worst, separation(cesium, noaa));
    }
    expect(worst).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(0.6);
  });
});
