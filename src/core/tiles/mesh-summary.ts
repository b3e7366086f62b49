/**
 * What `TilesetBuilder` keeps of a building, computed where the mesh is made: a reading thread sends it with
 * the encoded meshes (with each mesh's id and addresses, and a census of the batch's properties), so that the
 * thread planning the tiles need not decode the meshes again. Platform-free.
 */
import { boundingBox } from '../geometry/measures.ts';
import { placeInBox } from '../search/place.ts';
import type { Address } from '../citygml/types.ts';
import type { BuildingMesh } from './types.ts';

/**
 * Numbers per mesh in a summary array: centre of the ECEF bounding box (x, y, z; metres), its diagonal
 * (metres, rounded up as the tiler keeps it), vertex count, index count, the place for the address
 * index (longitude and latitude in WGS84 degrees, ellipsoidal height of the lowest vertex in metres;
 * NaN when the mesh has none), and the estimated bytes of its id and properties in a property table.
 */
export const MESH_SUMMARY_FIELDS = 10;

/** Index of each number in a summary (see MESH_SUMMARY_FIELDS). */
export const SUMMARY = {
  centroidX: 0,
  centroidY: 1,
  centroidZ: 2,
  size: 3,
  vertices: 4,
  indices: 5,
  longitude: 6,
  latitude: 7,
  height: 8,
  propertyBytes: 9,
} as const;

/** A mesh's id and addresses, for the address index (which reads only the addresses' text fields). */
export interface MeshHead {
  id: string;
  addresses?: Address[];
}

/** Whether the tiler takes the mesh of the summary at `summaries[at …]`: it has at least one triangle's worth. */
export function summaryIsTiled(summaries: Float64Array, at: number): boolean {
  return summaries[at + SUMMARY.indices]! >= 3 && summaries[at + SUMMARY.vertices]! >= 3;
}

/**
 * Writes the summary of `mesh` (positions in ECEF metres) at `out[at … at + MESH_SUMMARY_FIELDS)`; without
 * `withPlace` the place is NaN (not computed). The tiler uses the same function on its own thread, so the
 * numbers are the same wherever it runs.
 */
export function writeMeshSummary(mesh: BuildingMesh, out: Float64Array, at: number, withPlace = true): void {
  const positions = mesh.positions;
  const box = boundingBox(positions);
  const [minX, minY, minZ] = box.min;
  const [maxX, maxY, maxZ] = box.max;
  out[at + SUMMARY.centroidX] = (minX + maxX) / 2;
  out[at + SUMMARY.centroidY] = (minY + maxY) / 2;
  out[at + SUMMARY.centroidZ] = (minZ + maxZ) / 2;
  // Rounded up so that the float32 column never understates a size (geometric errors rely on it).
  out[at + SUMMARY.size] = Math.hypot(maxX - minX, maxY - minY, maxZ - minZ) * (1 + 1e-6) + 1e-3;
  out[at + SUMMARY.vertices] = Math.floor(positions.length / 3);
  out[at + SUMMARY.indices] = mesh.indices.length;
  const place = withPlace && positions.length >= 3 ? placeInBox(positions, box) : undefined;
  out[at + SUMMARY.longitude] = place ? place.longitude : NaN;
  out[at + SUMMARY.latitude] = place ? place.latitude : NaN;
  out[at + SUMMARY.height] = place ? place.height : NaN;
  let propertyBytes = mesh.id.length;
  for (const value of Object.values(mesh.properties))
    propertyBytes += typeof value === 'string' ? value.length + 4 : 8;
  out[at + SUMMARY.propertyBytes] = propertyBytes;
}
