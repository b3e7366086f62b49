/** Sketches (redlining): the model, undo/redo history, stroke simplification, GeoJSON and the `sketch=` value. */
export {
  SKETCH_COLOURS,
  SKETCH_KINDS,
  SKETCH_MAX_POINTS,
  SKETCH_MAX_TEXT,
  SKETCH_MIN_POINTS,
  SKETCH_WIDTHS,
  isSketchColour,
  isSketchKind,
  isSketchWidth,
  isValidPoint,
} from './model.ts';
export type { GeodeticPoint, SketchColour, SketchFeature, SketchKind, SketchWidth } from './model.ts';
export { SKETCH_HISTORY_DEFAULTS, createSketchHistory, sketchReducer } from './history.ts';
export type { SketchAction, SketchHistory, SketchHistoryOptions } from './history.ts';
export { ARROW_HEAD_DEFAULTS, arrowHead, simplifyStroke } from './simplify.ts';
export type { ArrowHeadOptions } from './simplify.ts';
export {
  SKETCH_MARKER,
  isSketchHead,
  parseSketchGeoJson,
  readSketchGeoJson,
  sketchesToGeoJson,
} from './geojson.ts';
export type { SketchExpectation, SketchGeoJson, SketchProblem, SketchReading } from './geojson.ts';
export { SKETCH_URL_LIMITS, formatSketches, parseSketches } from './url.ts';
export type { ParsedSketches } from './url.ts';
export { POINTER_ROLE_DEFAULTS, pointerRole } from './pointer.ts';
export type { PointerContact, PointerRole, PointerRoleOptions } from './pointer.ts';
