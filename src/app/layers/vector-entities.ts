import {
  Cartesian2,
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  Entity,
  HorizontalOrigin,
  LabelStyle,
  NearFarScalar,
  VerticalOrigin,
} from 'cesium';
import { drapedLine, drapedPolygon, polygonHierarchy } from './draw-features.ts';
import { featureColor } from './features.ts';
import type { LayerFeature } from './features.ts';
import { groundHeightAt } from './ground-height.ts';
import type { CityLayersConfig, LayerConfig } from './types.ts';

/**
 * Cesium entities of layer features, in the two looks of vector layers: configured layers (styled 3D markers
 * on poles, labels, colours by class) and imported files (plain markers on the ground, one colour).
 */

/** Height of a school marker above its ground, metres. */
export const MARKER_HEIGHT = 28;

/**
 * Camera distance (metres) beyond which marker poles are hidden: 24-pixel clusters then span about 50 m
 * or more, so poles would stand where their markers have merged into a cluster.
 */
const POLE_MAX_DISTANCE = 1500;

/** Outer ring and holes of a polygon feature as ECEF positions; undefined when it has no area. */
function polygonOf(feature: LayerFeature) {
  const [outer, ...holes] = feature.coordinates.map((r) =>
    r.map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat)),
  );
  return outer && outer.length >= 3 ? polygonHierarchy(outer, holes) : undefined;
}

/**
 * Entities of one feature of a configured layer under its style: points as markers on a pole `MARKER_HEIGHT`
 * above their ground (without a height they stand on `defaultHeight`), lines and polygons draped.
 */
export function configuredEntities(
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
  const hierarchy = polygonOf(feature);
  return hierarchy ? [drapedPolygon(hierarchy, color.withAlpha(alpha))] : [];
}

/**
 * Entities of one feature of an imported file: points as markers drawn over everything, standing on the
 * city's ground (imported data are drawn without their heights) or on `terrainHeight` (ellipsoidal metres, the
 * terrain's height there) where the globe has a terrain, lines draped, polygons draped translucent; `opacity` (0..1)
 * is the layer's.
 */
export function importedEntities(
  feature: LayerFeature,
  colour: Color,
  ground: CityLayersConfig['ground'],
  opacity = 1,
  terrainHeight?: number,
): Entity[] {
  const alpha = Math.max(0, Math.min(1, opacity));
  if (feature.kind === 'point') {
    const position = feature.coordinates[0]?.[0];
    if (!position) return [];
    return [
      new Entity({
        position: Cartesian3.fromDegrees(
          position[0],
          position[1],
          terrainHeight ?? groundHeightAt(position, ground),
        ),
        point: {
          pixelSize: 14,
          color: colour.withAlpha(alpha),
          outlineColor: Color.BLACK.withAlpha(alpha),
          outlineWidth: 2,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        },
      }),
    ];
  }
  if (feature.kind === 'line') {
    const positions = (feature.coordinates[0] ?? []).map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat));
    return positions.length > 0 ? [drapedLine(positions, 4, colour.withAlpha(alpha))] : [];
  }
  const hierarchy = polygonOf(feature);
  return hierarchy ? [drapedPolygon(hierarchy, colour.withAlpha(0.45 * alpha))] : [];
}
