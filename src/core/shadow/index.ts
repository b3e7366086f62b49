export {
  groundGrid,
  GROUND_GRID_DEFAULTS,
  lonLatToEnu,
  enuToLonLat,
  ringArea,
  ringContains,
  studyFrame,
} from './grid.ts';
export type { GroundGrid, GroundGridOptions, StudyFrame } from './grid.ts';
export { daySun } from './sun.ts';
export type { DaySun, SunStep } from './sun.ts';
export {
  buildOccluderGrid,
  OCCLUDER_GRID_DEFAULTS,
  rayBlocked,
  rayBlockedBruteForce,
  rayTriangle,
  verticalHits,
} from './occluder-grid.ts';
export type { OccluderGrid, OccluderGridOptions, Triangles } from './occluder-grid.ts';
export { concatTriangles, prismTriangles } from './prisms.ts';
export type { Prism } from './prisms.ts';
export { sunHoursDifference, sunHoursStats } from './stats.ts';
export type { SunHoursDifference, SunHoursStats } from './stats.ts';
export { glbTriangles, resolveUri, tilesetOccluders } from './tile-occluders.ts';
export type { EnuRect, LoadBytes, TileOccluders } from './tile-occluders.ts';
export { groundHeights, runShadowStudy, SHADOW_STUDY_DEFAULTS, sunHours } from './study.ts';
export type {
  ShadowStudyOptions,
  ShadowStudyRequest,
  ShadowStudyResult,
  StudyEnvelope,
  StudyGridInfo,
  StudyHooks,
  StudyProgress,
} from './study.ts';
