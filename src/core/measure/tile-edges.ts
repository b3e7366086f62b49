/**
 * The visible edges of one 3D Tiles content GLB, for snapping measure picks to the geometry as the tile carries
 * it: the GLB decoded as the shadow study reads occluders (EXT_meshopt_compression, KHR_mesh_quantization, node
 * and tile transforms, y-up to z-up), its triangles in an East-North-Up frame at the tile's origin, then
 * `visibleEdges`. Quantisation keeps every corner within the converter's `maxQuantizationError` (5 mm by default)
 * of its CityGML position.
 */
import { MeshoptDecoder } from 'meshoptimizer/decoder';
import { glbTriangles } from '../shadow/tile-occluders.ts';
import { IDENTITY_MATRIX, eastNorthUpFrame, ecefToGeodetic } from '../tiles/ellipsoid.ts';
import type { LocalFrame } from '../tiles/ellipsoid.ts';
import { visibleEdges } from './edges.ts';
import type { TileEdges, VisibleEdgeOptions } from './edges.ts';
import type { EcefPoint } from './geometry.ts';

/** Below this distance from the earth's centre, metres, a tile transform's origin anchors no ENU frame. */
const MIN_ANCHOR_METRES = 1e6;

const ALL = { west: -Infinity, south: -Infinity, east: Infinity, north: Infinity };

/**
 * The visible edges of a GLB tile content under `tileTransform` (column-major 4×4, the tile's computed transform
 * to ECEF metres). Rejects with an Error naming the problem for content it cannot read (not a GLB, external
 * buffers, unknown component types).
 */
export async function tileEdges(
  glb: Uint8Array,
  tileTransform: ArrayLike<number>,
  options: VisibleEdgeOptions = {},
): Promise<TileEdges> {
  await MeshoptDecoder.ready;
  const origin: EcefPoint = [tileTransform[12]!, tileTransform[13]!, tileTransform[14]!];
  const frame: LocalFrame =
    Math.hypot(...origin) >= MIN_ANCHOR_METRES
      ? eastNorthUpFrame(origin)
      : { origin: [0, 0, 0], enuToEcef: Float64Array.from(IDENTITY_MATRIX) };
  const { longitude, latitude, height } = ecefToGeodetic(...frame.origin);
  const triangles = glbTriangles(
    glb,
    tileTransform,
    { longitude: (longitude * 180) / Math.PI, latitude: (latitude * 180) / Math.PI, height, local: frame },
    ALL,
  );
  return { edges: visibleEdges(triangles, options), frame };
}
