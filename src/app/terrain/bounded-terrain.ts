/**
 * A city's terrain only where it has data: a quantized-mesh tileset covers the whole Earth from its root tiles, and
 * outside its data a converter fills them with some height (the demo's: a plateau at about 245 m ellipsoidal, all
 * round the planet). Buildings imported elsewhere (an NRW tile near Aachen at ~100–140 m) stood under it: hidden by
 * the globe's depth test and impossible to pick. Far from the tileset's `bounds` (layer.json) this provider gives
 * flat tiles on the ellipsoid (height 0, as without a terrain) instead, from `FLAT_FROM_LEVEL` on; near them and at
 * coarser levels, the tileset's own tiles. The seam lies `MARGIN_DEGREES` beyond the bounds, far beyond the district.
 */
import {
  BoundingSphere,
  Cartesian3,
  Cartographic,
  EllipsoidTerrainProvider,
  Math as CesiumMath,
  OrientedBoundingBox,
  QuantizedMeshTerrainData,
  Rectangle,
} from 'cesium';
import type {
  CesiumTerrainProvider,
  Request,
  TerrainData,
  TerrainProvider,
  TileAvailability,
  Ellipsoid,
} from 'cesium';

/** The tileset's data area (layer.json `bounds`, degrees) and its deepest level; undefined when it names none. */
export interface TerrainBounds {
  west: number;
  south: number;
  east: number;
  north: number;
  maxLevel: number;
}

/** How far beyond the bounds (degrees) the tileset's tiles are still used: ~35 km north–south at 51° N. */
export const MARGIN_DEGREES = 0.5;
/** Coarsest level with flat tiles (1.4° tiles): coarser ones always come from the tileset. */
export const FLAT_FROM_LEVEL = 7;
/** Vertices per side of a flat tile: 0.09° apart at level 7, a chord ~2 m below the ellipsoid at most. */
const GRID = 17;

/**
 * The data area of a quantized-mesh `layer.json` (parsed), or undefined when it has no usable `bounds` or covers
 * (nearly) a hemisphere or more, where nothing is far from its data.
 */
export function terrainBounds(layer: unknown): TerrainBounds | undefined {
  if (typeof layer !== 'object' || layer === null) return undefined;
  const { bounds, maxzoom, available } = layer as {
    bounds?: unknown;
    maxzoom?: unknown;
    available?: unknown;
  };
  if (!Array.isArray(bounds) || bounds.length !== 4 || !bounds.every((b) => Number.isFinite(b)))
    return undefined;
  const [west, south, east, north] = bounds as number[];
  if (west! >= east! || south! >= north! || east! - west! >= 90 || north! - south! >= 90) return undefined;
  const maxLevel =
    typeof maxzoom === 'number' && Number.isInteger(maxzoom)
      ? maxzoom
      : Array.isArray(available)
        ? available.length - 1
        : undefined;
  if (maxLevel === undefined || maxLevel < 0) return undefined;
  return { west: west!, south: south!, east: east!, north: north!, maxLevel };
}

/** Whether tile (x, y, level) of a geographic tiling (2 × 1 root tiles, rows from the north) is far from `bounds`. */
export function isFarTile(x: number, y: number, level: number, bounds: TerrainBounds): boolean {
  if (level < FLAT_FROM_LEVEL) return false;
  const size = 180 / 2 ** level;
  const west = -180 + x * size;
  const north = 90 - y * size;
  return (
    west >= bounds.east + MARGIN_DEGREES ||
    west + size <= bounds.west - MARGIN_DEGREES ||
    north - size >= bounds.north + MARGIN_DEGREES ||
    north <= bounds.south - MARGIN_DEGREES
  );
}

/** Cesium's horizon culling magnitude for one vertex (EllipsoidalOccluder's, in the ellipsoid's scaled space). */
function horizonMagnitude(ellipsoid: Ellipsoid, position: Cartesian3, direction: Cartesian3): number {
  const scaled = ellipsoid.transformPositionToScaledSpace(position, new Cartesian3());
  const magnitude = Math.max(1, Cartesian3.magnitude(scaled));
  const unit = Cartesian3.normalize(scaled, new Cartesian3());
  const cosAlpha = Cartesian3.dot(unit, direction);
  const sinAlpha = Cartesian3.magnitude(Cartesian3.cross(unit, direction, new Cartesian3()));
  const cosBeta = 1 / magnitude;
  const sinBeta = Math.sqrt(magnitude * magnitude - 1) * cosBeta;
  return 1 / (cosAlpha * cosBeta - sinAlpha * sinBeta);
}

/** A flat tile on the ellipsoid (height 0) with up-pointing oct-encoded normals, as the tileset's tiles carry. */
export function flatTile(provider: TerrainProvider, x: number, y: number, level: number): TerrainData {
  const scheme = provider.tilingScheme;
  const ellipsoid = scheme.ellipsoid;
  const rectangle = scheme.tileXYToRectangle(x, y, level);
  const count = GRID * GRID;
  const quantized = new Uint16Array(count * 3);
  const normals = new Uint8Array(count * 2);
  const positions: Cartesian3[] = [];
  const cartographic = new Cartographic();
  for (let row = 0; row < GRID; row++) {
    for (let column = 0; column < GRID; column++) {
      const i = row * GRID + column;
      const u = Math.round((column / (GRID - 1)) * 32767);
      const v = Math.round((row / (GRID - 1)) * 32767);
      quantized[i] = u;
      quantized[count + i] = v;
      quantized[2 * count + i] = 0;
      cartographic.longitude = rectangle.west + (u / 32767) * rectangle.width;
      cartographic.latitude = rectangle.south + (v / 32767) * rectangle.height;
      const position = ellipsoid.cartographicToCartesian(cartographic);
      positions.push(position);
      const normal = ellipsoid.geodeticSurfaceNormal(position, new Cartesian3());
      const [nx, ny] = octEncode(normal);
      normals[2 * i] = nx;
      normals[2 * i + 1] = ny;
    }
  }
  const indices = new Uint16Array((GRID - 1) * (GRID - 1) * 6);
  let k = 0;
  for (let row = 0; row < GRID - 1; row++) {
    for (let column = 0; column < GRID - 1; column++) {
      const a = row * GRID + column;
      indices.set([a, a + 1, a + GRID, a + 1, a + GRID + 1, a + GRID], k);
      k += 6;
    }
  }
  const edge = (pick: (i: number) => number) => Array.from({ length: GRID }, (_, i) => pick(i));
  const sphere = BoundingSphere.fromPoints(positions);
  const direction = Cartesian3.normalize(
    ellipsoid.transformPositionToScaledSpace(sphere.center, new Cartesian3()),
    new Cartesian3(),
  );
  const magnitude = Math.max(...positions.map((p) => horizonMagnitude(ellipsoid, p, direction)));
  const skirt = provider.getLevelMaximumGeometricError(level) * 5;
  return new QuantizedMeshTerrainData({
    quantizedVertices: quantized,
    indices,
    encodedNormals: normals,
    minimumHeight: 0,
    maximumHeight: 0,
    boundingSphere: sphere,
    orientedBoundingBox: OrientedBoundingBox.fromRectangle(rectangle, 0, 0, ellipsoid),
    horizonOcclusionPoint: Cartesian3.multiplyByScalar(direction, magnitude, new Cartesian3()),
    westIndices: edge((i) => i * GRID),
    southIndices: edge((i) => i),
    eastIndices: edge((i) => i * GRID + GRID - 1),
    northIndices: edge((i) => (GRID - 1) * GRID + i),
    westSkirtHeight: skirt,
    southSkirtHeight: skirt,
    eastSkirtHeight: skirt,
    northSkirtHeight: skirt,
    childTileMask: 15,
  });
}

/** Oct encoding of a unit vector into two bytes (quantized-mesh `octvertexnormals`, Cesium's AttributeCompression). */
function octEncode(vector: Cartesian3): [number, number] {
  const sum = Math.abs(vector.x) + Math.abs(vector.y) + Math.abs(vector.z);
  let x = vector.x / sum;
  let y = vector.y / sum;
  if (vector.z < 0) {
    const ox = x;
    x = (1 - Math.abs(y)) * (ox >= 0 ? 1 : -1);
    y = (1 - Math.abs(ox)) * (y >= 0 ? 1 : -1);
  }
  const toByte = (value: number) => Math.round((CesiumMath.clamp(value, -1, 1) * 0.5 + 0.5) * 255);
  return [toByte(x), toByte(y)];
}

/**
 * `inner` with flat tiles far from `bounds` (`isFarTile`), there available down to the tileset's deepest level, so
 * the globe and `sampleTerrainMostDetailed` find the ellipsoid there. A Proxy: every other member is the tileset's.
 */
export function boundedTerrain(inner: CesiumTerrainProvider, bounds: TerrainBounds): CesiumTerrainProvider {
  const rectangle = Rectangle.fromDegrees(
    bounds.west - MARGIN_DEGREES,
    bounds.south - MARGIN_DEGREES,
    bounds.east + MARGIN_DEGREES,
    bounds.north + MARGIN_DEGREES,
  );
  const far = (x: number, y: number, level: number) => isFarTile(x, y, level, bounds);
  const availability = inner.availability
    ? new Proxy(inner.availability, {
        get(target, property, receiver) {
          if (property === 'computeMaximumLevelAtPosition')
            return (position: Cartographic) =>
              Rectangle.contains(rectangle, position)
                ? target.computeMaximumLevelAtPosition(position)
                : bounds.maxLevel;
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      })
    : undefined;
  const overrides: Partial<Record<keyof TerrainProvider, unknown>> = {
    availability: availability as TileAvailability | undefined,
    getTileDataAvailable: (x: number, y: number, level: number) =>
      far(x, y, level) ? level <= bounds.maxLevel : inner.getTileDataAvailable(x, y, level),
    loadTileDataAvailability: (x: number, y: number, level: number) =>
      far(x, y, level) ? undefined : inner.loadTileDataAvailability(x, y, level),
    requestTileGeometry: (x: number, y: number, level: number, request?: Request) =>
      far(x, y, level)
        ? Promise.resolve(flatTile(inner, x, y, level))
        : inner.requestTileGeometry(x, y, level, request),
  };
  return withOverrides(inner, overrides);
}

/**
 * The ellipsoid as flat quantized-mesh tiles with vertex normals (`flatTile`), for the globe while a terrain's
 * layer.json is read. Cesium's `EllipsoidTerrainProvider` gives heightmap tiles, meshed by a worker of their own,
 * which fetches its own copy of Cesium's shared worker chunks (about 90 kB gzip) before the city's first frame only to
 * be dropped for the terrain's quantized-mesh worker; these tiles go to that same worker, and the globe's shader is the
 * one the terrain needs (with normals), compiled once.
 */
export function flatTerrain(): TerrainProvider {
  const ellipsoid = new EllipsoidTerrainProvider();
  const overrides: Partial<Record<keyof TerrainProvider, unknown>> = {
    hasVertexNormals: true,
    requestTileGeometry: (x: number, y: number, level: number) =>
      Promise.resolve(flatTile(ellipsoid, x, y, level)),
  };
  return withOverrides(ellipsoid, overrides);
}

/** `provider` with some members replaced (a Proxy: every other member is the provider's, its methods bound to it). */
function withOverrides<T extends TerrainProvider>(
  provider: T,
  overrides: Partial<Record<keyof TerrainProvider, unknown>>,
): T {
  return new Proxy(provider, {
    get(target, property, receiver) {
      if (Object.prototype.hasOwnProperty.call(overrides, property))
        return overrides[property as keyof TerrainProvider];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
