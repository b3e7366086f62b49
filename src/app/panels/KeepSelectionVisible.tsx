import { useEffect } from 'react';
import { Cartesian3, Cartographic, PerspectiveFrustum, SceneTransforms } from 'cesium';
import type { PickedFeature } from '../viewer/FeaturePicker.tsx';
import { useViewer } from '../viewer/use-viewer.ts';
import { lookDownToClear } from './keep-visible.ts';

/**
 * When a bottom sheet covers `coveredPixels` (CSS pixels) at the bottom of the screen and the selected
 * building is drawn behind it, turns the camera down at once (no flight) until the building stands in the
 * middle of the map above the sheet. Turning, not moving, keeps the person where they were. The building's
 * final height on the page (CSS pixels from the top) is left in the viewer's `data-selection-y`.
 */
export function KeepSelectionVisible({
  feature,
  coveredPixels,
}: {
  feature: PickedFeature | undefined;
  coveredPixels: number;
}) {
  const viewer = useViewer();
  const centroid = feature?.centroid;
  const longitude = centroid?.longitude;
  const latitude = centroid?.latitude;
  useEffect(() => {
    const container = viewer.container as HTMLElement;
    delete container.dataset.selectionY;
    if (longitude === undefined || latitude === undefined || coveredPixels <= 0) return;
    const scene = viewer.scene;
    const cartographic = Cartographic.fromDegrees(longitude, latitude);
    const height = scene.sampleHeightSupported ? scene.sampleHeight(cartographic) : undefined;
    const position = Cartesian3.fromDegrees(
      longitude,
      latitude,
      height ?? scene.globe.getHeight(cartographic) ?? 0,
    );
    const canvas = scene.canvas.getBoundingClientRect();
    // The sheet is measured from the bottom of the page; the canvas may end above it.
    const covered = coveredPixels - (globalThis.innerHeight - canvas.bottom);
    const frustum = viewer.camera.frustum;
    const at = SceneTransforms.worldToWindowCoordinates(scene, position);
    if (at && frustum instanceof PerspectiveFrustum && frustum.fovy !== undefined) {
      const angle = lookDownToClear(at.y, canvas.height, covered, frustum.fovy);
      if (angle !== 0) {
        viewer.camera.lookDown(angle);
        scene.requestRender();
      }
    }
    const now = SceneTransforms.worldToWindowCoordinates(scene, position);
    if (now) container.dataset.selectionY = String(Math.round(canvas.top + now.y));
  }, [viewer, longitude, latitude, coveredPixels]);
  return null;
}
