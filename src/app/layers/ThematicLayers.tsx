import { useEffect, useMemo } from 'react';
import { BoundingSphere, Cartesian3, HeadingPitchRange, Math as CesiumMath } from 'cesium';
import { Attributions } from '../viewer/Attributions.tsx';
import type { PickedFeature } from '../viewer/FeaturePicker.tsx';
import { useViewer } from '../viewer/use-viewer.ts';
import { BuildingColours } from './BuildingColours.tsx';
import { pickedFromLayerFeature } from './features.ts';
import { flyToArea, lookAtHeight } from './fly-to-area.ts';
import { groundHeightAt } from './ground-height.ts';
import type { LayerModel } from './model.ts';
import { attributionText } from '../config/attribution.ts';
import { useLayerPicking } from './picking.ts';
import { layerDrawer } from './registry.ts';
import { MARKER_HEIGHT } from './vector-entities.ts';
import { motionSeconds } from '../a11y/motion.ts';

type Language = 'de' | 'en';

/**
 * Draws the city's thematic layers inside the viewer, each by the component the registry names for its source
 * type; adds the visible layers' attributions to the credit line, picks layer features on click (into the
 * attribute panel) and flies to search results and imported files.
 */
export function ThematicLayers({
  model,
  language,
  onPick,
}: {
  model: LayerModel;
  language: Language;
  onPick: (feature: PickedFeature | undefined) => void;
}) {
  const viewer = useViewer();
  const attributions = useMemo(
    () =>
      model.layers.flatMap((layer) =>
        model.states[layer.id]?.visible && layer.attribution
          ? [attributionText(layer.attribution, language)]
          : [],
      ),
    [model.layers, model.states, language],
  );
  useLayerPicking(viewer, language, onPick);
  const { flyToRef, flyToAreaRef } = model;
  useEffect(() => {
    flyToAreaRef.current = (coordinates) =>
      void flyToArea(viewer, coordinates, (centre) => groundHeightAt(centre, model.config.ground));
    return () => {
      flyToAreaRef.current = undefined;
    };
  }, [viewer, flyToAreaRef, model.config.ground]);
  useEffect(() => {
    flyToRef.current = (feature) => {
      const [lon, lat] = feature.coordinates[0]?.[0] ?? [0, 0];
      const layer = model.layers.find((l) => l.id === feature.layerId);
      if (layer) onPick(pickedFromLayerFeature(feature, layer, language));
      const fly = (ground: number) => {
        if (viewer.isDestroyed()) return;
        const target = Cartesian3.fromDegrees(lon, lat, ground + MARKER_HEIGHT / 2);
        viewer.camera.flyToBoundingSphere(new BoundingSphere(target, 1), {
          offset: new HeadingPitchRange(CesiumMath.toRadians(200), CesiumMath.toRadians(-35), 450),
          duration: motionSeconds(1.2),
        });
        viewer.scene.requestRender();
      };
      if (feature.height !== undefined) fly(feature.height);
      else void lookAtHeight(viewer, [lon, lat], groundHeightAt([lon, lat], model.config.ground)).then(fly);
    };
    return () => {
      flyToRef.current = undefined;
    };
  }, [viewer, flyToRef, model.layers, model.config.ground, language, onPick]);

  return (
    <>
      <Attributions texts={attributions} />
      <BuildingColours
        property={model.buildingColour}
        onLegend={model.setBuildingLegend}
        language={language}
        model={model}
      />
      {model.layers.map((layer) => {
        const Drawer = layerDrawer(layer);
        return Drawer ? (
          <Drawer
            key={layer.id}
            layer={layer}
            state={model.states[layer.id] ?? { visible: false, opacity: 1 }}
            model={model}
          />
        ) : null;
      })}
    </>
  );
}
