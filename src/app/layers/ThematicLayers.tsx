import { useEffect, useMemo, useState } from 'react';
import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  ClassificationType,
  Color,
  CustomDataSource,
  Entity,
  HeadingPitchRange,
  HorizontalOrigin,
  LabelStyle,
  Math as CesiumMath,
  NearFarScalar,
  PolygonHierarchy,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  VerticalOrigin,
  defined,
} from 'cesium';
import type { Viewer } from 'cesium';
import { Attributions } from '../viewer/Attributions.tsx';
import type { PickedFeature } from '../viewer/FeaturePicker.tsx';
import { useViewer } from '../viewer/use-viewer.ts';
import { BuildingColours } from './BuildingColours.tsx';
import { featureColor, parseGeoJsonFeatures, pickedFromLayerFeature } from './features.ts';
import type { LayerFeature } from './features.ts';
import { envelopeLayerId } from './model.ts';
import type { LayerModel } from './model.ts';
import type { PlanLayerData } from './plan-data.ts';
import type { CityLayersConfig, LayerConfig, LayerState } from './types.ts';

type Language = 'de' | 'en';

/** Which layer feature an entity draws (for picking). */
const ENTITY_FEATURES = new WeakMap<Entity, { feature: LayerFeature; layer: LayerConfig }>();

/** Height of a school marker above its ground, metres. */
export const MARKER_HEIGHT = 28;

/**
 * Draws the city's thematic layers inside the viewer, adds the visible layers' attributions to the credit
 * line, picks layer features on click (into the attribute panel) and flies to search results.
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
        model.states[layer.id]?.visible && layer.attribution ? [layer.attribution] : [],
      ),
    [model.layers, model.states],
  );
  useLayerPicking(viewer, language, onPick);
  const { flyToRef } = model;
  useEffect(() => {
    flyToRef.current = (feature) => {
      const [lon, lat] = feature.coordinates[0]?.[0] ?? [0, 0];
      const layer = model.layers.find((l) => l.id === feature.layerId);
      const target = Cartesian3.fromDegrees(lon, lat, (feature.height ?? 200) + MARKER_HEIGHT / 2);
      viewer.camera.flyToBoundingSphere(new BoundingSphere(target, 1), {
        offset: new HeadingPitchRange(CesiumMath.toRadians(200), CesiumMath.toRadians(-35), 450),
        duration: 1.2,
      });
      if (layer) onPick(pickedFromLayerFeature(feature, layer, language));
      viewer.scene.requestRender();
    };
    return () => {
      flyToRef.current = undefined;
    };
  }, [viewer, flyToRef, model.layers, language, onPick]);

  return (
    <>
      <Attributions texts={attributions} />
      <BuildingColours
        property={model.buildingColour}
        onLegend={model.setBuildingLegend}
        language={language}
      />
      {model.layers.map((layer) =>
        layer.source.type === 'geojson' ? (
          <GeoJsonLayer
            key={layer.id}
            layer={layer}
            state={model.states[layer.id] ?? { visible: false, opacity: 1 }}
            url={layer.source.url}
            model={model}
          />
        ) : layer.source.type === 'xplan' && model.plans[layer.source.planId] ? (
          <PlanLayer
            key={layer.id}
            layer={layer}
            state={model.states[layer.id] ?? { visible: false, opacity: 1 }}
            plan={model.plans[layer.source.planId] as PlanLayerData}
            envelopes={layer.id === envelopeLayerId(layer.source.planId)}
            ground={model.config.ground}
          />
        ) : null,
      )}
    </>
  );
}

/** Clicks on layer entities open their attributes (after the building picker has reported its result). */
function useLayerPicking(viewer: Viewer, language: Language, onPick: (f: PickedFeature | undefined) => void) {
  useEffect(() => {
    const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
    let timer: ReturnType<typeof setTimeout> | undefined;
    handler.setInputAction((event: { position: Cartesian2 }) => {
      const picked: unknown = viewer.scene.pick(event.position);
      const entity = defined(picked) ? (picked as { id?: unknown }).id : undefined;
      if (!(entity instanceof Entity)) return;
      const hit = ENTITY_FEATURES.get(entity);
      if (!hit) return;
      // The building picker reports "nothing" for this click in the same event; report after it.
      clearTimeout(timer);
      timer = setTimeout(() => onPick(pickedFromLayerFeature(hit.feature, hit.layer, language)), 0);
    }, ScreenSpaceEventType.LEFT_CLICK);
    return () => {
      clearTimeout(timer);
      handler.destroy();
    };
  }, [viewer, language, onPick]);
}

/** Keeps rendering (render-on-demand) until the data sources have built their primitives. */
function renderUntilReady(viewer: Viewer): () => void {
  let frames = 0;
  const interval = setInterval(() => {
    if (viewer.isDestroyed()) return clearInterval(interval);
    viewer.scene.requestRender();
    frames += 1;
    if ((viewer.dataSourceDisplay.ready && frames > 8) || frames > 120) clearInterval(interval);
  }, 150);
  return () => clearInterval(interval);
}

/** One GeoJSON layer: fetched when first shown, drawn by its style into a CustomDataSource. */
function GeoJsonLayer({
  layer,
  state,
  url,
  model,
}: {
  layer: LayerConfig;
  state: LayerState;
  url: string;
  model: LayerModel;
}) {
  const viewer = useViewer();
  const [features, setFeatures] = useState<LayerFeature[] | undefined>();
  const wanted = state.visible || layer.searchProperty !== undefined;
  const { reportFeatures, reportError } = model;

  useEffect(() => {
    if (!wanted || features) return;
    let cancelled = false;
    fetch(new URL(url, document.baseURI).href)
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.text();
      })
      .then((body) => {
        if (cancelled) return;
        const parsed = parseGeoJsonFeatures(body, layer.id).features;
        setFeatures(parsed);
        reportFeatures(layer.id, parsed);
        reportError(layer.id, undefined);
      })
      .catch((error: unknown) => {
        if (!cancelled) reportError(layer.id, error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
    };
  }, [wanted, features, url, layer.id, reportFeatures, reportError]);

  useEffect(() => {
    if (!features || !state.visible) return;
    const dataSource = new CustomDataSource(layer.id);
    for (const feature of features) {
      for (const entity of entitiesFor(feature, layer, state.opacity)) {
        dataSource.entities.add(entity);
        ENTITY_FEATURES.set(entity, { feature, layer });
      }
    }
    let disposed = false;
    // The collection adds asynchronously: a source removed before that must not be added afterwards.
    void viewer.dataSources.add(dataSource).then(() => {
      if (disposed && !viewer.isDestroyed()) viewer.dataSources.remove(dataSource, true);
    });
    const stop = renderUntilReady(viewer);
    return () => {
      disposed = true;
      stop();
      if (!viewer.isDestroyed()) {
        viewer.dataSources.remove(dataSource, true);
        viewer.scene.requestRender();
      }
    };
  }, [viewer, features, layer, state.visible, state.opacity]);

  return null;
}

/** Cesium entities of one feature under its layer's style. */
function entitiesFor(feature: LayerFeature, layer: LayerConfig, opacity: number): Entity[] {
  const style = layer.style ?? {
    geometry: feature.kind === 'point' ? 'points' : 'polygons',
    color: '#3366cc',
  };
  const color = Color.fromCssColorString(featureColor(style, feature.properties));
  const alpha = Math.max(0, Math.min(1, opacity));
  if (feature.kind === 'point') {
    const [lon, lat] = feature.coordinates[0]?.[0] ?? [0, 0];
    const ground = feature.height ?? 0;
    const top = Cartesian3.fromDegrees(lon, lat, ground + MARKER_HEIGHT);
    const label = style.labelProperty ? feature.properties[style.labelProperty] : undefined;
    return [
      new Entity({
        position: top,
        point: {
          pixelSize: 18,
          color: color.withAlpha(alpha),
          outlineColor: Color.BLACK.withAlpha(alpha),
          outlineWidth: 3,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
          scaleByDistance: new NearFarScalar(300, 1.2, 6000, 0.5),
        },
        label: label
          ? {
              text: label,
              font: '600 16px system-ui, sans-serif',
              fillColor: Color.WHITE.withAlpha(alpha),
              outlineColor: Color.BLACK.withAlpha(alpha),
              outlineWidth: 4,
              style: LabelStyle.FILL_AND_OUTLINE,
              verticalOrigin: VerticalOrigin.BOTTOM,
              horizontalOrigin: HorizontalOrigin.CENTER,
              pixelOffset: new Cartesian2(0, -16),
              disableDepthTestDistance: Number.POSITIVE_INFINITY,
              // Labels fade out when zoomed out, so they do not pile up (the markers stay).
              translucencyByDistance: new NearFarScalar(1200, 1, 3500, 0),
              scaleByDistance: new NearFarScalar(300, 1, 3000, 0.7),
            }
          : undefined,
      }),
      new Entity({
        polyline: {
          positions: [Cartesian3.fromDegrees(lon, lat, ground), top],
          width: 3,
          material: Color.WHITE.withAlpha(0.9 * alpha),
        },
      }),
    ];
  }
  if (feature.kind === 'line') {
    const positions = (feature.coordinates[0] ?? []).map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat));
    return [
      new Entity({
        polyline: {
          positions,
          width: style.width ?? 4,
          material: color.withAlpha(alpha),
          clampToGround: true,
          classificationType: ClassificationType.BOTH,
        },
      }),
    ];
  }
  const [outer, ...holes] = feature.coordinates.map((r) =>
    r.map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat)),
  );
  if (!outer || outer.length < 3) return [];
  return [
    new Entity({
      polygon: {
        hierarchy: new PolygonHierarchy(
          outer,
          holes.map((h) => new PolygonHierarchy(h)),
        ),
        material: color.withAlpha(alpha),
        classificationType: ClassificationType.BOTH,
      },
    }),
  ];
}

/** Ellipsoidal height (metres) of the ground under a plan: the city's ground nearby, else the bare globe. */
export function planGroundHeight(plan: PlanLayerData, ground: CityLayersConfig['ground']): number {
  if (!ground) return 0;
  const [lon, lat] = plan.centre;
  const dx = (lon - ground.longitude) * 111_320 * Math.cos((lat * Math.PI) / 180);
  const dy = (lat - ground.latitude) * 110_574;
  return Math.hypot(dx, dy) <= ground.radiusMetres ? ground.heightNhn + plan.undulation : 0;
}

/**
 * An imported plan: areas draped on the ground (tiles and globe) in PlanZV colours, the Geltungsbereich as an
 * outline; or (`envelopes`) the permitted envelopes extruded as translucent volumes: relative heights above
 * the ground (`planGroundHeight`), absolute ones above NHN (+ EGM96 undulation).
 */
function PlanLayer({
  layer,
  state,
  plan,
  envelopes,
  ground,
}: {
  layer: LayerConfig;
  state: LayerState;
  plan: PlanLayerData;
  envelopes: boolean;
  ground: CityLayersConfig['ground'];
}) {
  const viewer = useViewer();
  useEffect(() => {
    if (!state.visible) return;
    const dataSource = new CustomDataSource(layer.id);
    const alpha = Math.max(0, Math.min(1, state.opacity));
    const base = planGroundHeight(plan, ground);
    for (const area of plan.areas) {
      const feature: LayerFeature = {
        layerId: layer.id,
        id: area.id,
        kind: 'polygon',
        coordinates: area.polygons[0] ?? [],
        properties:
          envelopes && area.envelope
            ? {
                ...area.properties,
                'zulässige Höhe': `${area.envelope.maxHeight} m (${area.envelope.explanation})`,
              }
            : area.properties,
        links: area.links,
      };
      for (const polygon of area.polygons) {
        const [outer, ...holes] = polygon.map((r) => r.map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat)));
        if (!outer || outer.length < 3) continue;
        const hierarchy = new PolygonHierarchy(
          outer,
          holes.map((h) => new PolygonHierarchy(h)),
        );
        let entity: Entity | undefined;
        if (envelopes) {
          if (!area.envelope) continue;
          const top = area.envelope.relative
            ? base + area.envelope.maxHeight
            : area.envelope.maxHeight + plan.undulation;
          entity = new Entity({
            polygon: {
              hierarchy,
              height: base,
              extrudedHeight: top,
              material: Color.fromCssColorString('#7a3cc8').withAlpha(alpha),
              outline: false,
            },
          });
        } else if (area.kind === 'Geltungsbereich') {
          entity = new Entity({
            polyline: {
              positions: [...outer, outer[0] as Cartesian3],
              width: 3,
              material: Color.BLACK.withAlpha(alpha),
              clampToGround: true,
              classificationType: ClassificationType.BOTH,
            },
          });
        } else {
          entity = new Entity({
            polygon: {
              hierarchy,
              material: Color.fromCssColorString(area.color).withAlpha(alpha),
              classificationType: ClassificationType.BOTH,
            },
          });
        }
        dataSource.entities.add(entity);
        ENTITY_FEATURES.set(entity, { feature, layer });
      }
    }
    let disposed = false;
    void viewer.dataSources.add(dataSource).then(() => {
      if (disposed && !viewer.isDestroyed()) viewer.dataSources.remove(dataSource, true);
    });
    const stop = renderUntilReady(viewer);
    return () => {
      disposed = true;
      stop();
      if (!viewer.isDestroyed()) {
        viewer.dataSources.remove(dataSource, true);
        viewer.scene.requestRender();
      }
    };
  }, [viewer, layer, plan, envelopes, ground, state.visible, state.opacity]);
  return null;
}
