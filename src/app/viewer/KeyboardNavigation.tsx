import { useEffect } from 'react';
import { Cartesian2, Cartesian3, Cartographic, Math as CesiumMath } from 'cesium';
import type { CesiumWidget } from 'cesium';
import { orbitPose, panPose } from './keyboard-camera.ts';
import type { KeyboardPose } from './keyboard-camera.ts';
import { keyAction } from '../../core/embed/keyboard.ts';
import type { KeyAction } from '../../core/embed/keyboard.ts';
import { useViewer } from './use-viewer.ts';

/** Share of the distance to the point in view that one arrow key press moves the camera. */
const PAN_SHARE = 0.1;
/** Distance factor of one + press (− divides by it). */
const ZOOM_FACTOR = 0.8;
/** Degrees one Q/E (turn) or W/S (tilt) press changes the view by. */
const TURN_DEGREES = 5;

/** The point at the screen centre (ECEF metres): terrain, else the ellipsoid; none when the centre shows sky. */
function centreOfView(viewer: CesiumWidget): Cartesian3 | undefined {
  const canvas = viewer.scene.canvas;
  const middle = new Cartesian2(canvas.clientWidth / 2, canvas.clientHeight / 2);
  const ray = viewer.camera.getPickRay(middle);
  return (ray && viewer.scene.globe.pick(ray, viewer.scene)) ?? viewer.camera.pickEllipsoid(middle);
}

/** Q/E turn and W/S tilt, beside the arrow keys with Shift that the embed viewer uses as well. */
const LETTER_ACTIONS = new Map<string, KeyAction>([
  ['q', 'turn-left'],
  ['e', 'turn-right'],
  ['w', 'tilt-up'],
  ['s', 'tilt-down'],
]);

/** What a key press asks the map to do, or undefined for a key that is not a navigation key. */
function navigationAction(event: KeyboardEvent): KeyAction | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey) return undefined;
  return keyAction(event.key, event.shiftKey) ?? LETTER_ACTIONS.get(event.key.toLowerCase());
}

/** The pose `action` asks for, from the camera's pose now. */
function poseFor(viewer: CesiumWidget, action: KeyAction): KeyboardPose {
  const camera = viewer.camera;
  const position = camera.positionWC;
  const centre = centreOfView(viewer);
  const turn = CesiumMath.toRadians(TURN_DEGREES);
  // without a point in view (the sky at the centre), steps follow the height, turns happen in place
  const distance = centre
    ? Cartesian3.distance(position, centre)
    : Math.abs(Cartographic.fromCartesian(position).height);
  const step = Math.max(5, distance * PAN_SHARE);
  const pan = (forward: number, right: number) =>
    panPose(position, camera.heading, camera.pitch, forward, right);
  const orbit = (heading: number, pitch: number): KeyboardPose =>
    centre
      ? orbitPose(position, centre, heading, pitch)
      : {
          position: position.clone(),
          heading: camera.heading + heading,
          pitch: CesiumMath.clamp(camera.pitch + pitch, -CesiumMath.PI_OVER_TWO, 0),
        };
  const zoom = (factor: number): KeyboardPose => {
    if (centre) return orbitPose(position, centre, 0, 0, factor);
    const along = Cartesian3.multiplyByScalar(camera.directionWC, (1 - factor) * distance, new Cartesian3());
    return { position: Cartesian3.add(position, along, along), heading: camera.heading, pitch: camera.pitch };
  };
  switch (action) {
    case 'pan-forward':
      return pan(step, 0);
    case 'pan-back':
      return pan(-step, 0);
    case 'pan-left':
      return pan(0, -step);
    case 'pan-right':
      return pan(0, step);
    case 'zoom-in':
      return zoom(ZOOM_FACTOR);
    case 'zoom-out':
      return zoom(1 / ZOOM_FACTOR);
    case 'turn-left':
      return orbit(-turn, 0);
    case 'turn-right':
      return orbit(turn, 0);
    case 'tilt-up':
      return orbit(0, turn);
    case 'tilt-down':
      return orbit(0, -turn);
  }
}

/**
 * Keyboard navigation on the focused map (WCAG 2.1.1), as on a map: arrows move over the ground along the
 * view, +/− zoom towards the point at the screen centre, Q/E (or Shift+←/→) turn and W/S (or Shift+↑/↓) tilt
 * around it, Home calls `onHome`.
 * The horizon stays level. The canvas becomes focusable with a label describing the keys.
 */
export function KeyboardNavigation({ label, onHome }: { label: string; onHome: () => void }) {
  const viewer = useViewer();
  useEffect(() => {
    const canvas = viewer.scene.canvas;
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'application');
    canvas.setAttribute('aria-label', label);
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Home' && !event.ctrlKey && !event.altKey && !event.metaKey) {
        event.preventDefault();
        onHome();
        return;
      }
      const action = navigationAction(event);
      if (!action) return;
      event.preventDefault();
      const pose = poseFor(viewer, action);
      viewer.camera.cancelFlight();
      viewer.camera.setView({
        destination: pose.position,
        orientation: { heading: pose.heading, pitch: pose.pitch, roll: 0 },
      });
      viewer.scene.requestRender();
    };
    canvas.addEventListener('keydown', onKeyDown);
    return () => canvas.removeEventListener('keydown', onKeyDown);
  }, [viewer, label, onHome]);
  return null;
}
