import { useEffect } from 'react';
import {
  Cartesian2,
  Cartesian3,
  ClassificationType,
  Color,
  ConstantProperty,
  CustomDataSource,
  Entity,
  HorizontalOrigin,
  LabelStyle,
  PolygonHierarchy,
  VerticalOrigin,
} from 'cesium';
import { pointToEcef } from '../../core/measure/measurement.ts';
import { SKETCH_COLOURS, SKETCH_WIDTHS } from '../../core/sketch/model.ts';
import type { GeodeticPoint, SketchFeature } from '../../core/sketch/model.ts';
import { arrowHead } from '../../core/sketch/simplify.ts';
import { useViewer } from '../viewer/use-viewer.ts';

/** Entity ids are `sketch:<index>:<part>`, so a pick names the sketch it hit. */
const ID_PREFIX = 'sketch:';

/** Index of the sketch a `scene.pick` result belongs to, or undefined for anything else. */
export function sketchIndexOf(picked: unknown): number | undefined {
  const id: unknown = (picked as { id?: unknown } | undefined)?.id;
  const text = id instanceof Entity ? id.id : undefined;
  if (!text?.startsWith(ID_PREFIX)) return undefined;
  const index = Number(text.slice(ID_PREFIX.length).split(':')[0]);
  return Number.isInteger(index) ? index : undefined;
}

// White text with a black outline on a dark box: readable on sky, roofs, grass and water.
const LABEL_BACKGROUND = Color.fromCssColorString('#000000').withAlpha(0.78);

/**
 * Draws the sketches in one data source, draped on 3D tiles and terrain (ground polylines and polygons with
 * classification BOTH); arrows get two barbs at the tip; text notes are labels on a dark box with a coloured dot,
 * never hidden by buildings. Hidden with the layer (`visible`). Created in the effect, removed in its cleanup.
 */
export function SketchEntities({
  features,
  visible,
}: {
  features: readonly SketchFeature[];
  visible: boolean;
}) {
  const viewer = useViewer();
  useEffect(() => {
    if (features.length === 0 || !visible) return;
    const source = new CustomDataSource('sketches');
    features.forEach((feature, index) => addFeature(source, feature, index));
    let removed = false;
    void viewer.dataSources.add(source).then(() => {
      if (removed) viewer.dataSources.remove(source, true);
      viewer.scene.requestRender();
    });
    // Ground geometry is built by Cesium's workers and only progresses while frames are drawn: under
    // render-on-demand, ask for frames until the data sources report ready.
    const removeListener = viewer.scene.postRender.addEventListener(() => {
      if (!viewer.dataSourceDisplay.ready) viewer.scene.requestRender();
    });
    return () => {
      removed = true;
      removeListener();
      if (viewer.dataSources.contains(source)) viewer.dataSources.remove(source, true);
      viewer.scene.requestRender();
    };
  }, [viewer, features, visible]);
  return null;
}

function cartesian(point: GeodeticPoint): Cartesian3 {
  const [x, y, z] = pointToEcef(point);
  return new Cartesian3(x, y, z);
}

function addFeature(source: CustomDataSource, feature: SketchFeature, index: number) {
  const colour = Color.fromCssColorString(SKETCH_COLOURS[feature.colour]);
  const width = SKETCH_WIDTHS[feature.width];
  const id = (part: string) => `${ID_PREFIX}${index}:${part}`;
  const line = (part: string, points: readonly GeodeticPoint[]) =>
    source.entities.add({
      id: id(part),
      polyline: {
        positions: points.map(cartesian),
        width,
        material: colour,
        clampToGround: true,
        classificationType: ClassificationType.BOTH,
      },
    });
  switch (feature.kind) {
    case 'freehand':
    case 'line':
      line('line', feature.points);
      return;
    case 'arrow': {
      line('shaft', feature.points);
      const [from, to] = feature.points as [GeodeticPoint, GeodeticPoint];
      arrowHead(from, to).forEach((barb, i) => line(`barb${i}`, barb));
      return;
    }
    case 'polygon':
      source.entities.add({
        id: id('area'),
        polygon: {
          hierarchy: new ConstantProperty(new PolygonHierarchy(feature.points.map(cartesian))),
          material: colour.withAlpha(0.28),
          classificationType: ClassificationType.BOTH,
        },
      });
      line('outline', [...feature.points, feature.points[0]!]);
      return;
    case 'text': {
      const position = cartesian(feature.points[0]!);
      source.entities.add({
        id: id('note'),
        position,
        point: {
          pixelSize: width + 6,
          color: colour,
          outlineColor: Color.WHITE,
          outlineWidth: 2,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        },
        label: {
          text: feature.text ?? '',
          font: '600 16px system-ui, sans-serif',
          fillColor: Color.WHITE,
          outlineColor: Color.BLACK,
          outlineWidth: 3,
          style: LabelStyle.FILL_AND_OUTLINE,
          showBackground: true,
          backgroundColor: LABEL_BACKGROUND,
          backgroundPadding: new Cartesian2(8, 5),
          horizontalOrigin: HorizontalOrigin.CENTER,
          verticalOrigin: VerticalOrigin.BOTTOM,
          pixelOffset: new Cartesian2(0, -12),
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        },
      });
    }
  }
}
