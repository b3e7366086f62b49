import { useEffect, useMemo, useState } from 'react';
import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Color,
  CustomDataSource,
  DistanceDisplayCondition,
  Entity,
  HeadingPitchRange,
  HorizontalOrigin,
  ImageryLayer,
  LabelStyle,
  Math as CesiumMath,
  NearFarScalar,
  VerticalOrigin,
  WebMapServiceImageryProvider,
  WebMapTileServiceImageryProvider,
} from 'cesium';
import type { Viewer } from 'cesium';
import { Attributions } from '../viewer/Attributions.tsx';
import type { PickedFeature } from '../viewer/FeaturePicker.tsx';
import { useViewer } from '../viewer/use-viewer.ts';
import { BuildingColours } from './BuildingColours.tsx';
import {
  drapedLine,
  drapedPolygon,
  polygonHierarchy,
  renderUntilReady,
  reportEntityClicks,
  showDataSource,
} from './draw-features.ts';
import { featureColor, parseGeoJsonFeatures, pickedFromLayerFeature } from './features.ts';
import { groundHeightAt } from './ground-height.ts';
import type { LayerFeature } from './features.ts';
import { envelopeLayerId } from './model.ts';
import type { LayerModel } from './model.ts';
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import { readCsvFeatures, readOgcFeatures, readWfsGeoJson, sourceBox, wfsGetFeatureUrl } from './remote.ts';
import type { CityLayersConfig, LayerConfig, LayerSource, LayerState } from './types.ts';

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
      const ground = feature.height ?? groundHeightAt(feature.coordinates[0]?.[0], model.config.ground);
      const target = Cartesian3.fromDegrees(lon, lat, ground + MARKER_HEIGHT / 2);
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
      {model.layers.map((layer) =>
        isVectorSource(layer.source) ? (
          <VectorLayer
            key={layer.id}
            layer={layer}
            state={model.states[layer.id] ?? { visible: false, opacity: 1 }}
            source={layer.source}
            model={model}
          />
        ) : layer.source.type === 'wms' || layer.source.type === 'wmts' ? (
          <ImageryOverlay
            key={layer.id}
            layer={layer}
            state={model.states[layer.id] ?? { visible: false, opacity: 1 }}
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

/**
 * Clicks on layer entities open their attributes (after the building picker has reported its result); a click
 * on a cluster of markers zooms in on its members.
 */
function useLayerPicking(viewer: Viewer, language: Language, onPick: (f: PickedFeature | undefined) => void) {
  useEffect(
    () =>
      reportEntityClicks(
        viewer,
        (entity) => {
          if (Array.isArray(entity)) {
            zoomToCluster(viewer, entity);
            return undefined;
          }
          const hit = entity instanceof Entity ? ENTITY_FEATURES.get(entity) : undefined;
          return hit ? pickedFromLayerFeature(hit.feature, hit.layer, language) : undefined;
        },
        onPick,
      ),
    [viewer, language, onPick],
  );
}

/** Flies to the members of a picked marker cluster (Cesium gives the clustered entities as the pick id). */
function zoomToCluster(viewer: Viewer, members: unknown[]): void {
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
    duration: 1.2,
  });
  viewer.scene.requestRender();
}

type VectorSource = Extract<LayerSource, { type: 'geojson' | 'csv' | 'wfs' | 'ogc-features' }>;

function isVectorSource(source: LayerSource): source is VectorSource {
  return (
    source.type === 'geojson' ||
    source.type === 'csv' ||
    source.type === 'wfs' ||
    source.type === 'ogc-features'
  );
}

/** Fetches a URL as text; a non-2xx answer is an error naming the status and the URL. */
async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${url}`);
  return response.text();
}

/**
 * Loads the features of a vector source: GeoJSON and CSV from the app's origin (or any URL given), WFS GetFeature
 * as GeoJSON, OGC API Features page by page; remote ones in the source's box (or the city's ground radius).
 */
async function loadVectorFeatures(
  source: VectorSource,
  layerId: string,
  ground: CityLayersConfig['ground'],
): Promise<LayerFeature[]> {
  const base = document.baseURI;
  switch (source.type) {
    case 'geojson':
      return parseGeoJsonFeatures(await fetchText(new URL(source.url, base).href), layerId).features;
    case 'csv': {
      const { features, problems } = readCsvFeatures(
        await fetchText(new URL(source.url, base).href),
        layerId,
        source,
      );
      if (problems.length > 0) console.warn(`layer ${layerId}: ${problems.length} rows skipped`, problems);
      return features;
    }
    case 'wfs': {
      const url = wfsGetFeatureUrl(source, sourceBox(source, ground), base);
      return readWfsGeoJson(await fetchText(url), layerId, url);
    }
    case 'ogc-features': {
      const result = await readOgcFeatures(
        source,
        sourceBox(source, ground),
        layerId,
        async (url) => JSON.parse(await fetchText(url)) as unknown,
        base,
      );
      if (result.truncated)
        console.warn(`layer ${layerId}: stopped after ${result.features.length} features`);
      return result.features;
    }
  }
}

/**
 * One vector layer (GeoJSON, CSV, WFS, OGC API Features): fetched when first shown (same-origin searchable layers
 * at once, for the search), drawn by its style into a CustomDataSource; point markers cluster when zoomed out.
 */
function VectorLayer({
  layer,
  state,
  source,
  model,
}: {
  layer: LayerConfig;
  state: LayerState;
  source: VectorSource;
  model: LayerModel;
}) {
  const viewer = useViewer();
  const [features, setFeatures] = useState<LayerFeature[] | undefined>();
  // Remote sources are fetched only while shown: no request leaves the origin for a hidden layer.
  const remote = 'remote' in source && source.remote;
  const wanted = state.visible || (!remote && layer.searchProperty !== undefined);
  const { reportFeatures, reportError } = model;
  const ground = model.config.ground;

  useEffect(() => {
    if (!wanted || features) return;
    let cancelled = false;
    loadVectorFeatures(source, layer.id, ground)
      .then((parsed) => {
        if (cancelled) return;
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
  }, [wanted, features, source, ground, layer.id, reportFeatures, reportError]);

  useEffect(() => {
    if (!features || !state.visible) return;
    const dataSource = new CustomDataSource(layer.id);
    if (features.some((feature) => feature.kind === 'point')) clusterMarkers(dataSource, state.opacity);
    const defaultHeight = groundHeightAt(features[0]?.coordinates[0]?.[0], ground);
    for (const feature of features) {
      for (const entity of entitiesFor(feature, layer, state.opacity, defaultHeight)) {
        dataSource.entities.add(entity);
        ENTITY_FEATURES.set(entity, { feature, layer });
      }
    }
    return showDataSource(viewer, dataSource);
  }, [viewer, features, layer, ground, state.visible, state.opacity]);

  return null;
}

/** Background of a marker cluster's count (the e2e test looks for it). */
export const CLUSTER_COLOR = '#1f4e79';

/**
 * Camera distance (metres) beyond which marker poles are hidden: 24-pixel clusters then span about 50 m
 * or more, so poles would stand where their markers have merged into a cluster.
 */
const POLE_MAX_DISTANCE = 1500;

/**
 * Markers closer than 24 px on screen merge into one badge with their count as text (Cesium's EntityCluster;
 * labels are not clustered: they fade out with distance before markers meet).
 */
function clusterMarkers(dataSource: CustomDataSource, opacity: number): void {
  const clustering = dataSource.clustering;
  clustering.enabled = true;
  clustering.pixelRange = 24;
  clustering.minimumClusterSize = 2;
  clustering.clusterBillboards = false;
  clustering.clusterLabels = false;
  clustering.clusterPoints = true;
  const alpha = Math.max(0, Math.min(1, opacity));
  clustering.clusterEvent.addEventListener((members: Entity[], cluster) => {
    // One label with a filled background is the disc: a separate point would be drawn over the text.
    cluster.billboard.show = false;
    cluster.point.show = false;
    cluster.label.show = true;
    cluster.label.text = String(members.length);
    cluster.label.font = '700 16px system-ui, sans-serif';
    cluster.label.fillColor = Color.WHITE.withAlpha(alpha);
    cluster.label.style = LabelStyle.FILL;
    cluster.label.showBackground = true;
    cluster.label.backgroundColor = Color.fromCssColorString(CLUSTER_COLOR).withAlpha(alpha);
    cluster.label.backgroundPadding = new Cartesian2(11, 8);
    cluster.label.verticalOrigin = VerticalOrigin.CENTER;
    cluster.label.horizontalOrigin = HorizontalOrigin.CENTER;
    cluster.label.disableDepthTestDistance = Number.POSITIVE_INFINITY;
  });
}

/**
 * A WMS or WMTS layer as Cesium imagery on the globe, above the base map: created when first shown, then shown,
 * hidden and faded with the layer's state (no new requests for a toggle).
 */
function ImageryOverlay({ layer, state }: { layer: LayerConfig; state: LayerState }) {
  const viewer = useViewer();
  const [imagery, setImagery] = useState<ImageryLayer | undefined>();
  const shown = state.visible || imagery !== undefined;
  const { source } = layer;
  useEffect(() => {
    if (!shown) return;
    const base = document.baseURI;
    let provider: WebMapServiceImageryProvider | WebMapTileServiceImageryProvider;
    if (source.type === 'wms') {
      provider = new WebMapServiceImageryProvider({
        url: new URL(source.url, base).href,
        layers: source.layers,
        parameters: { format: source.format ?? 'image/png', transparent: true },
      });
    } else if (source.type === 'wmts') {
      provider = new WebMapTileServiceImageryProvider({
        url: new URL(source.url, base).href,
        layer: source.layer,
        style: source.style,
        tileMatrixSetID: source.tileMatrixSetID,
        format: source.format ?? 'image/png',
        ...(source.maximumLevel !== undefined ? { maximumLevel: source.maximumLevel } : {}),
      });
    } else {
      return;
    }
    const created = new ImageryLayer(provider, {});
    viewer.imageryLayers.add(created);
    setImagery(created);
    return () => {
      if (!viewer.isDestroyed()) {
        viewer.imageryLayers.remove(created, true);
        viewer.scene.requestRender();
      }
      setImagery(undefined);
    };
    // `shown` stays true once the imagery exists: a hidden layer is hidden, not rebuilt.
  }, [viewer, source, shown]);
  useEffect(() => {
    if (!imagery) return;
    imagery.show = state.visible;
    imagery.alpha = Math.max(0, Math.min(1, state.opacity));
    viewer.scene.requestRender();
    // Tiles arrive asynchronously: keep rendering a while (render on demand).
    return renderUntilReady(viewer);
  }, [viewer, imagery, state.visible, state.opacity]);
  return null;
}

/** Cesium entities of one feature under its layer's style; points without a height stand on `defaultHeight`. */
function entitiesFor(
  feature: LayerFeature,
  layer: LayerConfig,
  opacity: number,
  defaultHeight: number,
): Entity[] {
  const style = layer.style ?? {
    geometry: feature.kind === 'point' ? 'points' : 'polygons',
    color: '#3366cc',
  };
  const color = Color.fromCssColorString(featureColor(style, feature.properties));
  const alpha = Math.max(0, Math.min(1, opacity));
  if (feature.kind === 'point') {
    const [lon, lat] = feature.coordinates[0]?.[0] ?? [0, 0];
    const ground = feature.height ?? defaultHeight;
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
          // Only near: from afar markers cluster, and poles without their marker would stand alone.
          distanceDisplayCondition: new DistanceDisplayCondition(0, POLE_MAX_DISTANCE),
        },
      }),
    ];
  }
  if (feature.kind === 'line') {
    const positions = (feature.coordinates[0] ?? []).map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat));
    return [drapedLine(positions, style.width ?? 4, color.withAlpha(alpha))];
  }
  const [outer, ...holes] = feature.coordinates.map((r) =>
    r.map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat)),
  );
  if (!outer || outer.length < 3) return [];
  return [drapedPolygon(polygonHierarchy(outer, holes), color.withAlpha(alpha))];
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
        const hierarchy = polygonHierarchy(outer, holes);
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
          entity = drapedLine([...outer, outer[0] as Cartesian3], 3, Color.BLACK.withAlpha(alpha));
        } else {
          entity = drapedPolygon(hierarchy, Color.fromCssColorString(area.color).withAlpha(alpha));
        }
        dataSource.entities.add(entity);
        ENTITY_FEATURES.set(entity, { feature, layer });
      }
    }
    return showDataSource(viewer, dataSource);
  }, [viewer, layer, plan, envelopes, ground, state.visible, state.opacity]);
  return null;
}
