import { Cartesian3, Cesium3DTileFeature, Matrix4, PerspectiveFrustum, SceneTransforms } from 'cesium';
import type { Cartesian2, Cesium3DTileContent, Scene } from 'cesium';
import { fromTileFrame, snapToEdges, toTileFrame } from '../../core/measure/edges.ts';
import type { TileEdges } from '../../core/measure/edges.ts';
import type { EcefPoint } from '../../core/measure/geometry.ts';

/** Where a pick snapped on the tile geometry: ECEF metres, and whether onto a corner or an edge. */
export interface TileSnap {
  position: EcefPoint;
  kind: 'vertex' | 'edge';
}

/**
 * Tile contents' visible edges, read once per content (the GLB fetched again from Cesium's own URL: the browser
 * cache or a blob of an imported tileset; no request leaves the page's origin). Undefined for content that is not a
 * readable GLB (then only Cesium's `Scene.snap` and earlier points are snap targets).
 */
const tileEdgesByContent = new WeakMap<Cesium3DTileContent, Promise<TileEdges | undefined>>();

/** The tile content of the feature drawn nearest to `window` (CSS pixels) within `pixels` around it. */
export function contentNear(
  scene: Scene,
  window: Cartesian2,
  pixels: number,
): Cesium3DTileContent | undefined {
  const size = pixels * 2 + 1;
  const picked: unknown = scene.pick(window, size, size);
  if (!(picked instanceof Cesium3DTileFeature)) return undefined;
  // The feature's content is a getter Cesium 1.145 keeps out of its typings (documented as private);
  // checked for what is used of it, so a change shows as "no tile edges", not as an error.
  const content = (picked as unknown as { content?: Partial<Cesium3DTileContent> }).content;
  return typeof content?.url === 'string' && content.tile?.computedTransform
    ? (content as Cesium3DTileContent)
    : undefined;
}

/** The visible edges of a tile content (cached; see `tileEdgesByContent`). */
export function loadTileEdges(content: Cesium3DTileContent): Promise<TileEdges | undefined> {
  const cached = tileEdgesByContent.get(content);
  if (cached) return cached;
  const transform = Matrix4.toArray(content.tile.computedTransform);
  const loading = (async () => {
    try {
      const response = await fetch(content.url);
      if (!response.ok) return undefined;
      const bytes = new Uint8Array(await response.arrayBuffer());
      // The GLB reader and meshopt decoder load with the first snap, not with the app.
      const { tileEdges } = await import('../../core/measure/tile-edges.ts');
      return await tileEdges(bytes, transform);
    } catch {
      return undefined;
    }
  })();
  tileEdgesByContent.set(content, loading);
  return loading;
}

/**
 * Snaps a pick at `window` (CSS pixels on the canvas) to the nearest corner, else edge, of `tile` within the core's
 * snap radii, leaving out corners behind `surface` (the picked position, ECEF metres, if any): core `snapToEdges`
 * with Cesium's camera and projection.
 */
export function snapToTile(
  scene: Scene,
  window: Cartesian2,
  tile: TileEdges,
  surface: Cartesian3 | undefined,
): TileSnap | undefined {
  const camera = scene.camera;
  const ray = camera.getPickRay(window);
  const frustum = camera.frustum;
  const height = scene.canvas.clientHeight;
  if (!ray || !(frustum instanceof PerspectiveFrustum) || !frustum.fovy || height <= 0) return undefined;
  const eye = camera.positionWC;
  const view = camera.directionWC;
  const depthOf = (point: Cartesian3) =>
    Cartesian3.dot(Cartesian3.subtract(point, eye, new Cartesian3()), view);
  const origin = toTileFrame(tile, [ray.origin.x, ray.origin.y, ray.origin.z]);
  const ahead = toTileFrame(tile, [
    ray.origin.x + ray.direction.x,
    ray.origin.y + ray.direction.y,
    ray.origin.z + ray.direction.z,
  ]);
  const result = snapToEdges(
    [window.x, window.y],
    {
      origin,
      direction: [ahead[0] - origin[0], ahead[1] - origin[1], ahead[2] - origin[2]],
      pixelTangent: (2 * Math.tan(frustum.fovy / 2)) / height,
    },
    tile.edges,
    (point) => {
      const [x, y, z] = fromTileFrame(tile, point);
      const world = new Cartesian3(x, y, z);
      const screen = SceneTransforms.worldToWindowCoordinates(scene, world);
      return screen ? { screen: [screen.x, screen.y], depth: depthOf(world) } : undefined;
    },
    surface ? depthOf(surface) : undefined,
  );
  return result ? { position: fromTileFrame(tile, result.position), kind: result.kind } : undefined;
}
