import type { CameraView } from '../view/camera-view.ts';
import type { PlacePoint } from './place.ts';

/** How the camera looks at a found place. */
export interface PlaceViewOptions {
  /** Distance from the camera to the place's ground point, metres. */
  range?: number;
  /** Degrees down from the horizon (positive). */
  pitchDown?: number;
  /** Degrees clockwise from north the camera looks towards. */
  heading?: number;
}

/** From the south, 35° down, 350 m away: the building and its street fill a phone's screen. */
export const PLACE_VIEW_DEFAULTS: Required<PlaceViewOptions> = { range: 350, pitchDown: 35, heading: 0 };

/** Metres per degree of latitude (WGS84 mean); the offsets here are a few hundred metres, so a sphere will do. */
const METRES_PER_DEGREE = 111_320;

/**
 * The camera view that looks at `place` (centre in degrees, ground in ellipsoidal metres) from `range` metres
 * away, `pitchDown` degrees down, looking towards `heading`: the place lies at the screen centre.
 */
export function viewOfPlace(place: PlacePoint, options: PlaceViewOptions = {}): CameraView {
  const { range, pitchDown, heading } = { ...PLACE_VIEW_DEFAULTS, ...stripUndefined(options) };
  const pitch = (pitchDown * Math.PI) / 180;
  const bearing = (heading * Math.PI) / 180;
  const horizontal = range * Math.cos(pitch);
  const north = -horizontal * Math.cos(bearing);
  const east = -horizontal * Math.sin(bearing);
  const cosLat = Math.cos((place.latitude * Math.PI) / 180);
  return {
    longitude: place.longitude + east / (METRES_PER_DEGREE * Math.max(cosLat, 1e-6)),
    latitude: place.latitude + north / METRES_PER_DEGREE,
    height: place.height + range * Math.sin(pitch),
    heading,
    pitch: -pitchDown,
    roll: 0,
  };
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
