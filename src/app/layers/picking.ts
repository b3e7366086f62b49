import { useEffect } from 'react';
import { BoundingSphere, Entity, HeadingPitchRange, Math as CesiumMath } from 'cesium';
import type { CesiumWidget } from 'cesium';
import type { PickedFeature } from '../viewer/FeaturePicker.tsx';
import { reportEntityClicks } from './draw-features.ts';
import { pickedFromLayerFeature } from './features.ts';
import type { LayerFeature } from './features.ts';
import type { LayerConfig } from './types.ts';
import { motionSeconds } from '../a11y/motion.ts';

type Language = 'de' | 'en';

/** Which layer feature an entity draws: filled by the layer drawers, read on click. */
const LAYER_ENTITIES = new WeakMap<Entity, { feature: LayerFeature; layer: LayerConfig }>();

/** Records that `entity` draws `feature` of `layer`, so a click on it opens the feature's attributes. */
export function registerLayerEntity(entity: Entity, feature: LayerFeature, layer: LayerConfig): void {
  LAYER_ENTITIES.set(entity, { feature, layer });
}

/** The layer feature an entity draws (registered by `registerLayerEntity`), for tools that pick layer features. */
export function layerFeatureOfEntity(
  entity: unknown,
): { feature: LayerFeature; layer: LayerConfig } | undefined {
  return entity instanceof Entity ? LAYER_ENTITIES.get(entity) : undefined;
}

/**
 * Clicks on layer entities open their attributes (after the building picker has reported its result); a click
 * on a cluster of markers zooms in on its members.
 */
export function useLayerPicking(
  viewer: CesiumWidget,
  language: Language,
  onPick: (feature: PickedFeature | undefined) => void,
): void {
  useEffect(
    () =>
      reportEntityClicks(
        viewer,
        (entity) => {
          if (Array.isArray(entity)) {
            zoomToCluster(viewer, entity);
            return undefined;
          }
          const hit = entity instanceof Entity ? LAYER_ENTITIES.get(entity) : undefined;
          return hit ? pickedFromLayerFeature(hit.feature, hit.layer, language) : undefined;
        },
        onPick,
      ),
    [viewer, language, onPick],
  );
}

/** Flies to the members of a picked marker cluster (Cesium gives the clustered entities as the pick id). */
function zoomToCluster(viewer: CesiumWidget, members: unknown[]): void {
  const now = viewer.clock.currentTime;
  const positions = members.flatMap((member) => {
    const position = member instanceof Entity ? member.position?.getValue(now) : undefined;
    return position ? [position] : [];
  });
  if (positions.length === 0) return;
  const sphere = BoundingSphere.fromPoints(positions);
  const range = Math.max(400, sphere.radius * 4);
  const heading = viewer.camera.heading;
  viewer.camera.flyToBoundingSphere(sphere, {
    offset: new HeadingPitchRange(heading, CesiumMath.toRadians(-45), range),
    duration: motionSeconds(1.2),
  });
  viewer.scene.requestRender();
}
