/**
 * Keyboard navigation of the embed viewer as pure steps on a shareable camera view (WGS84 degrees, ellipsoidal
 * metres): pan along the ground in the heading's frame, turn and tilt around the point of the ground at the
 * centre of the view (as the main viewer does; in place when the view looks at the horizon), zoom along the view
 * direction. The step grows with the height above the ground, so one key press moves a similar share of the
 * picture at any height.
 */
import type { CameraView } from '../view/camera-view.ts';

/** What a key asks for. */
export type KeyAction =
  | 'pan-forward'
  | 'pan-back'
  | 'pan-left'
  | 'pan-right'
  | 'turn-left'
  | 'turn-right'
  | 'tilt-up'
  | 'tilt-down'
  | 'zoom-in'
  | 'zoom-out';

/** The action of a key (`KeyboardEvent.key`, with Shift held or not); undefined for other keys. */
export function keyAction(key: string, shift: boolean): KeyAction | undefined {
  switch (key) {
    case 'ArrowUp':
      return shift ? 'tilt-up' : 'pan-forward';
    case 'ArrowDown':
      return shift ? 'tilt-down' : 'pan-back';
    case 'ArrowLeft':
      return shift ? 'turn-left' : 'pan-left';
    case 'ArrowRight':
      return shift ? 'turn-right' : 'pan-right';
    case '+':
    case '=':
      return 'zoom-in';
    case '-':
    case '_':
      return 'zoom-out';
    default:
      return undefined;
  }
}

/** Degrees a turn or tilt step changes the heading or pitch by. */
export const TURN_STEP_DEGREES = 10;

/** Share of the height above the ground a pan or zoom step moves (metres per metre). */
export const MOVE_STEP_SHARE = 0.2;

/** Pitch range (degrees) of a turn or tilt around the ground point at the centre: never straight down, never level. */
export const ORBIT_PITCH_RANGE = { min: -89, max: -5 } as const;

/** Lowest height above the ground a zoom step goes to, metres. */
export const MIN_HEIGHT_ABOVE_GROUND = 20;

/** Mean Earth radius for the small steps here (metres); the error over a step of a few hundred metres is < 1 mm. */
const EARTH_RADIUS = 6_371_008.8;
const RAD = Math.PI / 180;

/**
 * The view after one key step. `groundHeight`: ellipsoidal height of the ground below (metres), to scale the step
 * and to stop zooming in before the ground.
 */
export function stepView(view: CameraView, action: KeyAction, groundHeight: number): CameraView {
  const above = Math.max(MIN_HEIGHT_ABOVE_GROUND, view.height - groundHeight);
  const step = above * MOVE_STEP_SHARE;
  const heading = view.heading * RAD;
  const moveBy = (north: number, east: number, up: number): CameraView => ({
    ...view,
    latitude: clamp(view.latitude + north / EARTH_RADIUS / RAD, -89.9, 89.9),
    longitude: wrapLongitude(view.longitude + east / (EARTH_RADIUS * Math.cos(view.latitude * RAD)) / RAD),
    height: view.height + up,
  });
  // Ground directions in the heading's frame: forward (north, east) and right.
  const forward = [Math.cos(heading), Math.sin(heading)] as const;
  const right = [-Math.sin(heading), Math.cos(heading)] as const;
  switch (action) {
    case 'pan-forward':
      return moveBy(forward[0] * step, forward[1] * step, 0);
    case 'pan-back':
      return moveBy(-forward[0] * step, -forward[1] * step, 0);
    case 'pan-right':
      return moveBy(right[0] * step, right[1] * step, 0);
    case 'pan-left':
      return moveBy(-right[0] * step, -right[1] * step, 0);
    case 'turn-left':
      return orbit(view, groundHeight, -TURN_STEP_DEGREES, 0);
    case 'turn-right':
      return orbit(view, groundHeight, TURN_STEP_DEGREES, 0);
    case 'tilt-up':
      return orbit(view, groundHeight, 0, TURN_STEP_DEGREES);
    case 'tilt-down':
      return orbit(view, groundHeight, 0, -TURN_STEP_DEGREES);
    case 'zoom-in':
    case 'zoom-out': {
      const sign = action === 'zoom-in' ? 1 : -1;
      const pitch = view.pitch * RAD;
      // Along the view direction; zooming in stops MIN_HEIGHT_ABOVE_GROUND above the ground.
      let distance = sign * step * 2;
      const down = -Math.sin(pitch) * distance;
      const room = view.height - groundHeight - MIN_HEIGHT_ABOVE_GROUND;
      if (down > 0 && down > room) distance *= Math.max(0, room) / down;
      const horizontal = Math.cos(pitch) * distance;
      return moveBy(forward[0] * horizontal, forward[1] * horizontal, Math.sin(pitch) * distance);
    }
  }
}

/**
 * Turns (`headingDelta`) or tilts (`pitchDelta`, degrees) the view around the point where its line of sight meets
 * the ground (a plane at `groundHeight`; flat within the few kilometres of a city view): that point stays at the
 * centre, the distance to it stays the same. A view that does not look down at the ground turns and tilts in place.
 */
function orbit(view: CameraView, groundHeight: number, headingDelta: number, pitchDelta: number): CameraView {
  const above = view.height - groundHeight;
  if (!(above > 0) || view.pitch > -1) {
    return {
      ...view,
      heading: wrapHeading(view.heading + headingDelta),
      pitch: clamp(view.pitch + pitchDelta, -90, 0),
    };
  }
  const range = above / Math.sin(-view.pitch * RAD);
  const ahead = range * Math.cos(view.pitch * RAD);
  const heading = wrapHeading(view.heading + headingDelta);
  // a tilt stays within the orbit's range; a pitch already outside it is kept by a turn
  const pitch =
    pitchDelta === 0
      ? view.pitch
      : clamp(
          view.pitch + pitchDelta,
          Math.min(ORBIT_PITCH_RANGE.min, view.pitch),
          Math.max(ORBIT_PITCH_RANGE.max, view.pitch),
        );
  const back = range * Math.cos(pitch * RAD);
  const oldHeading = view.heading * RAD;
  const newHeading = heading * RAD;
  // from the camera to the centre point, then back from there along the new line of sight (north, east metres)
  const north = ahead * Math.cos(oldHeading) - back * Math.cos(newHeading);
  const east = ahead * Math.sin(oldHeading) - back * Math.sin(newHeading);
  return {
    ...view,
    latitude: clamp(view.latitude + north / EARTH_RADIUS / RAD, -89.9, 89.9),
    longitude: wrapLongitude(view.longitude + east / (EARTH_RADIUS * Math.cos(view.latitude * RAD)) / RAD),
    height: groundHeight + range * Math.sin(-pitch * RAD),
    heading,
    pitch,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function wrapHeading(degrees: number): number {
  return ((degrees % 360) + 360) % 360;
}

function wrapLongitude(degrees: number): number {
  return ((((degrees + 180) % 360) + 360) % 360) - 180;
}
