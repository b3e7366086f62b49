/** Polygon triangulation and triangle-mesh measures (any Cartesian metric frame). */
export { MAX_POLYGON_VERTICES, newellNormal, triangulatePolygon } from './triangulate.ts';
export type { TriangulatedPolygon, TriangulateOptions, TriangulationResult } from './triangulate.ts';
export {
  boundingBox,
  meshArea,
  signedVolume,
  triangleArea,
  triangleAreas,
  unionBoundingBox,
} from './measures.ts';
export type { BoundingBox } from './measures.ts';
