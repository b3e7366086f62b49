/** Thematic layers: XPlanGML plans, school sites, Breitbandatlas coverage, joins onto buildings, legends. */
export * from './xplan/index.ts';
export { detectDelimiter, parseDelimited } from './delimited.ts';
export type {
  Delimiter,
  DelimitedOptions,
  DelimitedProblem,
  DelimitedRow,
  DelimitedTable,
} from './delimited.ts';
export { findKey, isHttpUrl, parseDecimal } from './fields.ts';
export type { LayerProblem } from './problems.ts';
export { readSchools, readSchoolsGeoJson, readSchoolsTable } from './schools.ts';
export type { School, SchoolReadOptions, SchoolsResult } from './schools.ts';
export {
  BROADBAND_ATTRIBUTION,
  SPEED_CLASSES,
  normaliseAgs,
  readBroadbandTable,
  speedClassShares,
} from './broadband.ts';
export type { BroadbandCoverage, BroadbandTable, BroadbandTechnology } from './broadband.ts';
export {
  EARTH_RADIUS_M,
  OKABE_ITO,
  VIRIDIS,
  buildPolygonIndex,
  classify,
  findContainingPolygon,
  haversineMetres,
  joinPointsToPolygons,
  nearestPoints,
  pointInPolygon,
  polygonValuesAtPoints,
  rampColour,
} from './joins.ts';
export type {
  Classification,
  ClassifyKind,
  ClassifyOptions,
  LegendEntry,
  NearestResult,
  PolygonIndex,
} from './joins.ts';
export { geoJsonFeatureLines } from './geojson-lines.ts';
export { edgeCrossesRay, ringsContain } from './point-in-polygon.ts';
export {
  DEFAULT_PROJECTED_CRS,
  readGeoJsonLayer,
  readGeoJsonValue,
  readPointTable,
  readVectorLayer,
  vectorBounds,
} from './vector.ts';
export type { VectorFeature, VectorLayer, VectorReadOptions } from './vector.ts';
export {
  classOfDistance,
  countClasses,
  createBuildingJoin,
  DISTANCE_BREAKS_M,
  distanceClasses,
  joinPolygonFromRings,
  joinPolygonsToGeometry,
  NO_DATA,
} from './building-joins.ts';
export type {
  BuildingBatch,
  BuildingJoin,
  BuildingJoinSpec,
  JoinLegendClass,
  JoinPolygon,
} from './building-joins.ts';
