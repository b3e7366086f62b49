/**
 * A measurement in words: the result lines the panel shows, the live region announces and the copy button copies.
 * Pure (no DOM, no Cesium).
 */
import {
  formatArea,
  formatHeightDifference,
  formatLength,
  MEASURE_FORMAT_DEFAULTS,
} from '../../core/measure/format.ts';
import { measurementValues } from '../../core/measure/measurement.ts';
import type { Language } from '../i18n/index.ts';
import type { ActiveMeasurement } from './session.ts';
import { fill, MEASURE_TEXTS } from './texts.ts';

/** Planarity worth mentioning for an area, metres: beyond picking noise on a real roof. */
const NON_PLANAR_NOTE_METRES = 0.1;

/** Result lines of a measurement (first line the headline), empty before it has enough points. */
export function describeMeasurement(measurement: ActiveMeasurement, language: Language): string[] {
  const texts = MEASURE_TEXTS[language];
  const values = measurementValues(measurement);
  const length = (metres: number) => formatLength(metres, language);
  if (!values.complete) return [];
  if (values.kind === 'height') {
    const lines = [fill(texts.heightResult, { height: length(values.height ?? 0) })];
    if (measurement.attributeHeight !== undefined) {
      lines.push(fill(texts.attributeHeight, { height: length(measurement.attributeHeight) }));
    }
    lines.push(measurement.ground === 'picked' ? texts.heightGroundPicked : texts.heightGround);
    return lines;
  }
  if (values.kind === 'area' && values.area) {
    const lines = [
      fill(texts.areaResult, {
        area: formatArea(values.area.area, language),
        horizontal: formatArea(values.area.horizontal, language),
        perimeter: length(values.area.perimeter),
      }),
    ];
    if (values.area.nonPlanarity > NON_PLANAR_NOTE_METRES) {
      lines.push(fill(texts.nonPlanar, { distance: length(values.area.nonPlanarity) }));
    }
    return lines;
  }
  const { polyline } = values;
  const lines = [
    fill(texts.distanceResult, {
      length: length(polyline.length),
      horizontal: length(polyline.horizontal),
      difference: formatHeightDifference(polyline.heightDifference, language),
    }),
  ];
  if (polyline.segments.length > 1) {
    polyline.segments.forEach((segment, i) =>
      lines.push(fill(texts.segment, { index: i + 1, length: length(segment.length) })),
    );
  }
  return lines;
}

/** The short label drawn at a measurement in the 3D view: its main value. */
export function measurementLabel(measurement: ActiveMeasurement, language: Language): string {
  const values = measurementValues(measurement);
  if (values.kind === 'height') return formatLength(values.height ?? 0, language);
  if (values.kind === 'area') return formatArea(values.area?.area ?? 0, language);
  return formatLength(values.polyline.length, language);
}

/** The precision note shown under the results. */
export function precisionNote(language: Language): string {
  return fill(MEASURE_TEXTS[language].precision, { decimals: MEASURE_FORMAT_DEFAULTS.decimals });
}
