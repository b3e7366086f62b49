import { Cartesian3, Matrix4, Transforms } from 'cesium';
import { solarPosition, sunDirectionEnu } from '../../core/sun/solar-position.ts';

/** A place on the ellipsoid: WGS84 degrees (east and north positive). */
export interface Place {
  longitude: number;
  latitude: number;
}

/**
 * The direction sunlight travels (from the sun towards the ground) at `unixMs` over `place`, as an ECEF unit vector:
 * NOAA's azimuth and geometric elevation turned from the place's East-North-Up frame into Earth-fixed axes. Over a
 * city a few kilometres across one direction serves every building (the sun is 150 million km away).
 */
export function sunLightDirection(unixMs: number, place: Place, result = new Cartesian3()): Cartesian3 {
  const toSun = sunDirectionEnu(solarPosition(unixMs, place.longitude, place.latitude));
  const frame = Transforms.eastNorthUpToFixedFrame(Cartesian3.fromDegrees(place.longitude, place.latitude));
  Matrix4.multiplyByPointAsVector(frame, new Cartesian3(-toSun.x, -toSun.y, -toSun.z), result);
  return Cartesian3.normalize(result, result);
}
