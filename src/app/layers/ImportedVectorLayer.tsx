import { useCallback, useMemo } from 'react';
import { Color } from 'cesium';
import type { Entity } from 'cesium';
import type { LayerFeature } from './features.ts';
import { registerLayerEntity } from './picking.ts';
import type { LayerDrawProps } from './registry.ts';
import { importedEntities } from './vector-entities.ts';
import { VectorEntities } from './VectorEntities.tsx';
import { useTerrainHeights } from '../terrain/use-terrain-heights.ts';
import { pointPositions, withTerrainHeights } from './terrain-heights.ts';

const NO_FEATURES: LayerFeature[] = [];

/**
 * An imported vector file (source type 'imported'): its features, held in the model (`model.features`), drawn
 * by the vector layers' drawing component in the look of imported files, in the layer's colour at its opacity.
 * A click on a feature opens its properties with the file name (the layer's label) as title. Where the globe has a
 * terrain, point markers stand on it.
 */
export function ImportedVectorLayer({ layer, state, model }: LayerDrawProps) {
  const features = model.features[layer.id] ?? NO_FEATURES;
  const ground = model.config.ground;
  const colour = layer.style?.color ?? '#e69f00';
  const points = useMemo(() => pointPositions(features), [features]);
  const onTerrain = withTerrainHeights(points, useTerrainHeights(points?.positions));
  const draw = useCallback(
    (feature: LayerFeature) => {
      const terrain = onTerrain(feature);
      const terrainHeight = terrain === feature ? undefined : terrain.height;
      return importedEntities(
        feature,
        Color.fromCssColorString(colour),
        ground,
        state.opacity,
        terrainHeight,
      );
    },
    [colour, ground, state.opacity, onTerrain],
  );
  const register = useCallback(
    (entity: Entity, feature: LayerFeature) => registerLayerEntity(entity, feature, layer),
    [layer],
  );
  return (
    <VectorEntities
      name={layer.id}
      features={features}
      draw={draw}
      visible={state.visible}
      onEntity={register}
    />
  );
}
