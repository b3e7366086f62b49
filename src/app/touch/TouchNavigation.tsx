import { useEffect } from 'react';
import { Cartesian3, EllipsoidTerrainProvider, Math as CesiumMath } from 'cesium';
import type { CesiumWidget, Cartographic } from 'cesium';
import { cameraLimits, isJump, limitCameraPose } from '../../core/gesture/limits.ts';
import type { CameraLimitsOptions, CameraPose, GeoBounds } from '../../core/gesture/limits.ts';
import type { OrbitView } from '../config/types.ts';
import { groundHeightAt } from '../layers/ground-height.ts';
import { groundUnderCamera } from '../terrain/ground.ts';
import type { CityLayersConfig } from '../layers/types.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import { cityBounds } from './bounds.ts';

/** What limits the camera: the city's home view (for derived bounds), its configured bounds and ground. */
export interface TouchNavigationProps {
  homeView: OrbitView;
  /** The city's configured bounds (WGS84 degrees). */
  bounds?: GeoBounds;
  /** Without configured bounds, keep the camera near the home view anyway (an unattended kiosk). */
  deriveBounds?: boolean;
  /** The city's typical ground (for the height above the ground where the globe is the bare ellipsoid). */
  ground?: CityLayersConfig['ground'];
  limits?: CameraLimitsOptions;
}

/**
 * Touch navigation on the map. Measured in Debian Chromium with real two-finger input (CDP), Cesium's own
 * ScreenSpaceCameraController pinches without stray rotation, twists, tilts and does not move when one of two
 * fingers lifts, so it keeps the gestures (one finger pans the ground under it, pinch zooms, twist rotates, two
 * fingers up or down tilt) and this component adds what it lacks for a touch wall: no page zoom or history swipe
 * on the map (`touch-action: none` there only), a touch stops a flight and any inertia, and before every frame the
 * camera is kept above the ground, inside the city's bounds and between the pitch limits, and a step larger than
 * half its height above the ground while fingers are down is taken back (a jump, not a gesture).
 */
export function TouchNavigation({ homeView, bounds, deriveBounds, ground, limits }: TouchNavigationProps) {
  const viewer = useViewer();
  const { west, south, east, north } = cityBounds(homeView, bounds, deriveBounds ?? false);
  const { minHeightAboveGround, maxHeightAboveGround, minPitch, maxPitch } = cameraLimits(limits);
  useEffect(() => {
    const options = { minHeightAboveGround, maxHeightAboveGround, minPitch, maxPitch };
    return keepCameraInLimits(viewer, { west, south, east, north }, ground, options);
  }, [
    viewer,
    west,
    south,
    east,
    north,
    ground,
    minHeightAboveGround,
    maxHeightAboveGround,
    minPitch,
    maxPitch,
  ]);
  return null;
}

/**
 * Ellipsoidal height of the ground below `position` (radians): the terrain's where the globe has one (also in a
 * valley below the city's one configured ground height), else the globe's or the city's ground near it.
 */
function groundBelow(
  viewer: CesiumWidget,
  position: Cartographic,
  ground: CityLayersConfig['ground'],
): number {
  const globe = viewer.scene.globe;
  const city = groundHeightAt(
    [CesiumMath.toDegrees(position.longitude), CesiumMath.toDegrees(position.latitude)],
    ground,
  );
  const terrain = !(globe.terrainProvider instanceof EllipsoidTerrainProvider);
  return groundUnderCamera(globe.getHeight(position), city, terrain);
}

/** Wires the limits into `viewer`; returns the cleanup that restores everything it changed. */
function keepCameraInLimits(
  viewer: CesiumWidget,
  bounds: GeoBounds,
  ground: CityLayersConfig['ground'],
  limits: Required<CameraLimitsOptions>,
): () => void {
  const scene = viewer.scene;
  const camera = viewer.camera;
  const canvas = scene.canvas;
  const controller = scene.screenSpaceCameraController;
  const inertia = {
    spin: controller.inertiaSpin,
    translate: controller.inertiaTranslate,
    zoom: controller.inertiaZoom,
  };
  const previousTouchAction = canvas.style.touchAction;
  canvas.style.touchAction = 'none';

  const fingers = new Set<number>();
  const setInertia = (on: boolean) => {
    controller.inertiaSpin = on ? inertia.spin : 0;
    controller.inertiaTranslate = on ? inertia.translate : 0;
    controller.inertiaZoom = on ? inertia.zoom : 0;
  };
  // Capture phase: runs before Cesium's own handler on the same canvas sees the finger.
  const onPointerDown = (event: PointerEvent) => {
    if (event.pointerType !== 'touch') {
      setInertia(true);
      return;
    }
    fingers.add(event.pointerId);
    camera.cancelFlight();
    // A touch wall has no inertia: the camera stops where the fingers leave it.
    setInertia(false);
  };
  const onPointerUp = (event: PointerEvent) => {
    fingers.delete(event.pointerId);
  };
  canvas.addEventListener('pointerdown', onPointerDown, true);
  window.addEventListener('pointerup', onPointerUp, true);
  window.addEventListener('pointercancel', onPointerUp, true);

  let last: { position: Cartesian3; heading: number; pitch: number; roll: number; above: number } | undefined;
  // preRender runs after Cesium's controller moved the camera and before the frame is drawn: a frame outside
  // the limits is never shown.
  const remove = scene.preRender.addEventListener(() => {
    const position = camera.positionCartographic;
    const groundHeight = groundBelow(viewer, position, ground);
    if (last && fingers.size > 0) {
      const step = Cartesian3.distance(last.position, camera.positionWC);
      if (isJump(step, last.above)) {
        camera.setView({
          destination: last.position,
          orientation: { heading: last.heading, pitch: last.pitch, roll: last.roll },
        });
        return;
      }
    }
    const pose: CameraPose = {
      longitude: CesiumMath.toDegrees(position.longitude),
      latitude: CesiumMath.toDegrees(position.latitude),
      height: position.height,
      heading: CesiumMath.toDegrees(camera.heading),
      pitch: CesiumMath.toDegrees(camera.pitch),
    };
    const limited = limitCameraPose(pose, groundHeight, bounds, limits);
    if (limited) {
      camera.setView({
        destination: Cartesian3.fromDegrees(limited.longitude, limited.latitude, limited.height),
        orientation: {
          heading: CesiumMath.toRadians(limited.heading),
          pitch: CesiumMath.toRadians(limited.pitch),
          roll: camera.roll,
        },
      });
    }
    last = {
      position: camera.positionWC.clone(),
      heading: camera.heading,
      pitch: camera.pitch,
      roll: camera.roll,
      above: camera.positionCartographic.height - groundHeight,
    };
  });

  return () => {
    remove();
    canvas.removeEventListener('pointerdown', onPointerDown, true);
    window.removeEventListener('pointerup', onPointerUp, true);
    window.removeEventListener('pointercancel', onPointerUp, true);
    canvas.style.touchAction = previousTouchAction;
    setInertia(true);
  };
}
