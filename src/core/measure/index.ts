/** Measuring: lengths, heights and areas in ECEF float64, snapping, formatting, GeoJSON and the `measure=` value. */
export { measureArea, measureHeight, measurePolyline, measureSegment } from './geometry.ts';
export type { AreaMeasure, EcefPoint, HeightMeasure, PolylineMeasure, SegmentMeasure } from './geometry.ts';
export { SNAP_DEFAULTS, snapPick, worldParameter } from './snap.ts';
export type { SnapOptions, SnapResult, SnapVertex } from './snap.ts';
export {
  EDGE_SNAP_DEFAULTS,
  VISIBLE_EDGE_DEFAULTS,
  fromTileFrame,
  snapToEdges,
  toTileFrame,
  visibleEdges,
} from './edges.ts';
export type {
  EdgeSnapOptions,
  PickRay,
  Projected,
  TileEdges,
  VisibleEdgeOptions,
  VisibleEdges,
} from './edges.ts';
export { tileEdges } from './tile-edges.ts';
export { MEASURE_FORMAT_DEFAULTS, formatArea, formatHeightDifference, formatLength } from './format.ts';
export type { MeasureFormatOptions, MeasureLanguage } from './format.ts';
export {
  MEASURE_URL_LIMITS,
  MIN_POINTS,
  ecefToPoint,
  formatMeasurements,
  measurementValues,
  measurementsToGeoJson,
  parseMeasurements,
  pointToEcef,
} from './measurement.ts';
export type {
  GeodeticPoint,
  MeasureKind,
  Measurement,
  MeasurementGeoJson,
  MeasurementValues,
  ParsedMeasurements,
} from './measurement.ts';
