/**
 * Keyboard navigation of the embed viewer as pure steps on a shareable camera view (WGS84 degrees, ellipsoidal
 * metres): pan along the ground in the heading's frame, turn, tilt and zoom along the view direction. The step
 * grows with the height above the ground, so one key press moves a similar share of the picture at any height.
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
      return { ...view, heading: wrapHeading(view.heading - TURN_STEP_DEGREES) };
    case 'turn-right':
      return { ...view, heading: wrapHeading(view.heading + TURN_STEP_DEGREES) };
    case 'tilt-up':
      return { ...view, pitch: clamp(view.pitch + TURN_STEP_DEGREES, -90, 0) };
    case 'tilt-down':
      return { ...view, pitch: clamp(view.pitch - TURN_STEP_DEGREES, -90, 0) };
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

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function wrapHeading(degrees: number): number {
  return ((degrees % 360) + 360) % 360;
}

function wrapLongitude(degrees: number): number {
  return ((((degrees + 180) % 360) + 360) % 360) - 180;
}
