import { useEffect, useRef } from 'react';
import { BoundingSphere, Cartesian3, Intersect } from 'cesium';
import { groundHeightAt } from '../layers/ground-height.ts';
import type { CityLayersConfig } from '../layers/types.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import type { InViewCandidate } from './in-view.ts';

/** Radius (metres) of the sphere a candidate is tested with: a school marker or an area's middle. */
const TEST_RADIUS = 5;

/**
 * Reports which candidates lie inside the camera's view (its frustum; hidden behind buildings or not) each time
 * the camera comes to rest and whenever the candidates change. Candidates without a height are tested on the
 * city's ground (`ground`: heights above NHN, converted to ellipsoidal metres).
 */
export function InViewTracker({
  candidates,
  ground,
  onChange,
}: {
  candidates: readonly InViewCandidate[];
  ground: CityLayersConfig['ground'];
  onChange: (inView: InViewCandidate[]) => void;
}) {
  const viewer = useViewer();
  const latest = useRef({ candidates, onChange });
  latest.current = { candidates, onChange };
  useEffect(() => {
    const update = () => {
      if (viewer.isDestroyed()) return;
      const camera = viewer.camera;
      const culling = camera.frustum.computeCullingVolume(camera.positionWC, camera.directionWC, camera.upWC);
      const sphere = new BoundingSphere(new Cartesian3(), TEST_RADIUS);
      const visible = latest.current.candidates.filter((item) => {
        const height = item.height ?? groundHeightAt([item.longitude, item.latitude], ground);
        Cartesian3.fromDegrees(item.longitude, item.latitude, height, undefined, sphere.center);
        return culling.computeVisibility(sphere) !== Intersect.OUTSIDE;
      });
      latest.current.onChange(visible);
    };
    update();
    const remove = viewer.camera.moveEnd.addEventListener(update);
    return () => remove();
  }, [viewer, ground, candidates]);
  return null;
}
