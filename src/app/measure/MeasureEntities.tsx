import { useEffect } from 'react';
import {
  Cartesian2,
  Cartesian3,
  Color,
  ConstantProperty,
  CustomDataSource,
  HorizontalOrigin,
  LabelStyle,
  PolygonHierarchy,
  PolylineDashMaterialProperty,
  PolylineOutlineMaterialProperty,
  VerticalOrigin,
} from 'cesium';
import { measurementValues, pointToEcef } from '../../core/measure/measurement.ts';
import { formatLength } from '../../core/measure/format.ts';
import type { Language } from '../i18n/index.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import { measurementLabel } from './describe.ts';
import type { ActiveMeasurement } from './session.ts';

/** A measurement to draw; `active` ones (in progress or just made) are drawn in the highlight colour. */
export interface DrawnMeasurement {
  measurement: ActiveMeasurement;
  active: boolean;
}

// Yellow and cyan lines with a black outline, white labels on a dark box: readable on sky, roofs, grass and water.
const ACTIVE = Color.fromCssColorString('#ffd400');
const KEPT = Color.fromCssColorString('#00e5ff');
const OUTLINE = Color.BLACK;
const LABEL_BACKGROUND = Color.fromCssColorString('#000000').withAlpha(0.75);

/**
 * Draws measurements as Cesium entities in one data source: points, labelled lines (with per-segment labels), the
 * height line from top to ground, and translucent areas. Lines show dashed where buildings hide them; labels are
 * never hidden. Created in the effect, removed with the data source in its cleanup.
 */
export function MeasureEntities({
  drawn,
  language,
}: {
  drawn: readonly DrawnMeasurement[];
  language: Language;
}) {
  const viewer = useViewer();
  useEffect(() => {
    if (drawn.length === 0) return;
    const source = new CustomDataSource('measurements');
    let removed = false;
    for (const { measurement, active } of drawn) addMeasurement(source, measurement, active, language);
    void viewer.dataSources.add(source).then(() => {
      if (removed) viewer.dataSources.remove(source, true);
      viewer.scene.requestRender();
    });
    // Lines and areas are built by Cesium's geometry workers and only progress while frames are drawn: under
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
  }, [viewer, drawn, language]);
  return null;
}

function toCartesian(point: readonly [number, number, number]): Cartesian3 {
  return new Cartesian3(point[0], point[1], point[2]);
}

function label(text: string, large: boolean) {
  return {
    text,
    font: `600 ${large ? 17 : 14}px system-ui, sans-serif`,
    fillColor: Color.WHITE,
    outlineColor: OUTLINE,
    outlineWidth: 3,
    style: LabelStyle.FILL_AND_OUTLINE,
    showBackground: true,
    backgroundColor: LABEL_BACKGROUND,
    backgroundPadding: new Cartesian2(8, 5),
    horizontalOrigin: HorizontalOrigin.CENTER,
    verticalOrigin: VerticalOrigin.BOTTOM,
    pixelOffset: new Cartesian2(0, -10),
    disableDepthTestDistance: Number.POSITIVE_INFINITY,
  };
}

function addMeasurement(
  source: CustomDataSource,
  measurement: ActiveMeasurement,
  active: boolean,
  language: Language,
) {
  const color = active ? ACTIVE : KEPT;
  const positions = measurement.points.map((point) => toCartesian(pointToEcef(point)));
  for (const position of positions) {
    source.entities.add({
      position,
      point: {
        pixelSize: 11,
        color,
        outlineColor: OUTLINE,
        outlineWidth: 2,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      },
    });
  }
  if (positions.length < 2) return;
  const closed = measurement.kind === 'area' && positions.length >= 3;
  source.entities.add({
    polyline: {
      positions: closed ? [...positions, positions[0]!] : positions,
      width: 4,
      material: new PolylineOutlineMaterialProperty({ color, outlineColor: OUTLINE, outlineWidth: 1 }),
      depthFailMaterial: new PolylineDashMaterialProperty({ color, dashLength: 12 }),
    },
  });
  if (closed) {
    source.entities.add({
      polygon: {
        hierarchy: new ConstantProperty(new PolygonHierarchy(positions)),
        perPositionHeight: true,
        material: color.withAlpha(0.3),
      },
    });
  }
  const values = measurementValues(measurement);
  if (!values.complete) return;
  const segments = values.polyline.segments;
  if (measurement.kind === 'distance' && segments.length > 1) {
    segments.forEach((segment, i) => {
      source.entities.add({
        position: Cartesian3.midpoint(positions[i]!, positions[i + 1]!, new Cartesian3()),
        label: label(formatLength(segment.length, language), false),
      });
    });
  }
  // The headline value: at the end of a line, at the top of a height, at the centre of an area.
  const anchor =
    measurement.kind === 'area'
      ? Cartesian3.divideByScalar(
          positions.reduce((sum, p) => Cartesian3.add(sum, p, sum), new Cartesian3()),
          positions.length,
          new Cartesian3(),
        )
      : measurement.kind === 'height'
        ? positions[0]!
        : positions[positions.length - 1]!;
  source.entities.add({ position: anchor, label: label(measurementLabel(measurement, language), true) });
}
