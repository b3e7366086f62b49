/**
 * 3D Tiles 1.1 tileset builder: a spatial quadtree over building centroids (buildings kept whole), one GLB
 * per leaf in the leaf's own East-North-Up frame (`tile.transform`), content-free inner tiles bounded by
 * geodetic regions, `refine: ADD`, metadata schema in tileset.json and in every GLB.
 */
import { boundingBox } from '../geometry/mesh.ts';
import {
  eastNorthUpFrame,
  ecefToGeodetic,
  ecefToLocal,
  geodeticToEcef,
  transformPoint,
} from './ellipsoid.ts';
import type { LocalFrame } from './ellipsoid.ts';
import { writeBuildingsGlb } from './glb.ts';
import { deriveBuildingMetadataLayout } from './metadata.ts';
import type { BuildingMetadataLayout, MetadataSchema } from './metadata.ts';
import type { BuildingMesh, TilesetFile } from './types.ts';
import { encodeUtf8 } from './utf8.ts';

export interface TilesetWriteOptions {
  /** Max buildings per leaf tile (default 256). */
  maxBuildingsPerTile?: number;
  /** Max vertices per leaf tile (default 65 536, so indices fit 16 bits); a larger single building gets its own leaf. */
  maxVerticesPerTile?: number;
  /** Path prefix for content, default 'tiles/'. */
  contentDir?: string;
  /** Render both faces of every triangle (default true). */
  doubleSided?: boolean;
  /** KHR_mesh_quantization in tiles small enough for ≤ 5 mm position error (default false). */
  quantize?: boolean;
}

export const TILESET_DEFAULTS: Required<TilesetWriteOptions> = {
  maxBuildingsPerTile: 256,
  maxVerticesPerTile: 65_536,
  contentDir: 'tiles/',
  doubleSided: true,
  quantize: false,
};

/** tileset.json bounding volume: `box` (12 numbers, tile frame) or `region` (radians, ellipsoidal metres). */
export type BoundingVolumeJson = { box: number[] } | { region: number[] } | { sphere: number[] };

export interface TileJson {
  boundingVolume: BoundingVolumeJson;
  geometricError: number;
  refine?: 'ADD' | 'REPLACE';
  transform?: number[];
  content?: { uri: string };
  children?: TileJson[];
}

export interface TilesetJson {
  asset: { version: string; generator?: string };
  geometricError: number;
  schema?: MetadataSchema;
  extensionsUsed?: string[];
  extensionsRequired?: string[];
  root: TileJson;
}

/** Region pad: ~6 mm in angle and 1 cm in height, covering float32 rounding of content. */
const REGION_ANGLE_PAD = 1e-9;
const REGION_HEIGHT_PAD = 0.01;
const MAX_DEPTH = 24;

interface BuildingEntry {
  index: number;
  /** Centroid in the dataset's ENU frame, metres. */
  east: number;
  north: number;
  vertices: number;
}

interface TreeNode {
  entries: BuildingEntry[];
  children: TreeNode[];
}

function splitNode(
  entries: BuildingEntry[],
  options: Required<TilesetWriteOptions>,
  depth: number,
): TreeNode {
  const vertices = entries.reduce((sum, entry) => sum + entry.vertices, 0);
  const fits = entries.length <= options.maxBuildingsPerTile && vertices <= options.maxVerticesPerTile;
  if (fits || entries.length === 1) return { entries, children: [] };
  let groups: BuildingEntry[][] = [];
  if (depth < MAX_DEPTH) {
    let minE = Infinity;
    let maxE = -Infinity;
    let minN = Infinity;
    let maxN = -Infinity;
    for (const { east, north } of entries) {
      minE = Math.min(minE, east);
      maxE = Math.max(maxE, east);
      minN = Math.min(minN, north);
      maxN = Math.max(maxN, north);
    }
    // Centroids closer than 1 cm (e.g. stacked parts) are treated as coincident: no quadrant split.
    if (Math.max(maxE - minE, maxN - minN) < 0.01) return halves(entries, options, depth);
    const midE = (minE + maxE) / 2;
    const midN = (minN + maxN) / 2;
    const quadrants: BuildingEntry[][] = [[], [], [], []];
    for (const entry of entries)
      quadrants[(entry.east > midE ? 1 : 0) + (entry.north > midN ? 2 : 0)]!.push(entry);
    groups = quadrants.filter((quadrant) => quadrant.length > 0);
  }
  if (groups.length < 2) return halves(entries, options, depth);
  return { entries, children: groups.map((group) => splitNode(group, options, depth + 1)) };
}

/** Splits in two halves by input order along east then north (for coincident centroids or deep trees). */
function halves(entries: BuildingEntry[], options: Required<TilesetWriteOptions>, depth: number): TreeNode {
  const sorted = [...entries].sort((a, b) => a.east - b.east || a.north - b.north || a.index - b.index);
  const half = Math.ceil(sorted.length / 2);
  return {
    entries,
    children: [sorted.slice(0, half), sorted.slice(half)].map((group) =>
      splitNode(group, options, depth + 1),
    ),
  };
}

interface BuiltTile {
  json: TileJson;
  /** ECEF sample points of the bounding volume (for the parent's region). */
  samples: number[][];
}

function regionOfSamples(samples: readonly number[][]): number[] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  let minHeight = Infinity;
  let maxHeight = -Infinity;
  for (const [x, y, z] of samples) {
    const { longitude, latitude, height } = ecefToGeodetic(x!, y!, z!);
    west = Math.min(west, longitude);
    east = Math.max(east, longitude);
    south = Math.min(south, latitude);
    north = Math.max(north, latitude);
    minHeight = Math.min(minHeight, height);
    maxHeight = Math.max(maxHeight, height);
  }
  // Datasets crossing the antimeridian are not expected (German municipalities); clamp to valid ranges.
  return [
    Math.max(-Math.PI, west - REGION_ANGLE_PAD),
    Math.max(-Math.PI / 2, south - REGION_ANGLE_PAD),
    Math.min(Math.PI, east + REGION_ANGLE_PAD),
    Math.min(Math.PI / 2, north + REGION_ANGLE_PAD),
    minHeight - REGION_HEIGHT_PAD,
    maxHeight + REGION_HEIGHT_PAD,
  ];
}

/** ECEF points on a 3×3×3 grid over a box given in `frame` (corners, edge and face centres). */
function boxSamples(frame: LocalFrame, center: number[], half: number[]): number[][] {
  const samples: number[][] = [];
  for (const i of [-1, 0, 1]) {
    for (const j of [-1, 0, 1]) {
      for (const k of [-1, 0, 1]) {
        samples.push(
          transformPoint(
            frame.enuToEcef,
            center[0]! + i * half[0]!,
            center[1]! + j * half[1]!,
            center[2]! + k * half[2]!,
          ),
        );
      }
    }
  }
  return samples;
}

/** Serialises a JSON value with numbers at full precision (JSON.stringify keeps round-trip doubles). */
function jsonBytes(value: unknown): Uint8Array {
  return encodeUtf8(JSON.stringify(value));
}

/**
 * Builds a 3D Tiles 1.1 tileset (tileset.json + one GLB per leaf) from buildings in ECEF metres
 * (EPSG:4978). Buildings without triangles are skipped (not counted in `stats.buildings`).
 */
export function buildTileset(
  buildings: BuildingMesh[],
  options: TilesetWriteOptions = {},
): { files: TilesetFile[]; stats: { tiles: number; buildings: number; bytes: number } } {
  const settings: Required<TilesetWriteOptions> = { ...TILESET_DEFAULTS };
  for (const [key, value] of Object.entries(options) as [keyof TilesetWriteOptions, never][]) {
    if (value !== undefined) settings[key] = value;
  }
  if (settings.maxBuildingsPerTile < 1 || settings.maxVerticesPerTile < 3) {
    throw new Error('tileset writer: maxBuildingsPerTile must be ≥ 1 and maxVerticesPerTile ≥ 3');
  }
  const contentDir =
    settings.contentDir === '' || settings.contentDir.endsWith('/')
      ? settings.contentDir
      : `${settings.contentDir}/`;

  const usable = buildings.filter(
    (building) => building.indices.length >= 3 && building.positions.length >= 9,
  );
  if (usable.length === 0) throw new Error('tileset writer: no buildings with triangles');

  // Dataset frame for the 2D quadtree over building centroids.
  const boxes = usable.map((building) => boundingBox(building.positions));
  const datasetMin = [Infinity, Infinity, Infinity];
  const datasetMax = [-Infinity, -Infinity, -Infinity];
  for (const box of boxes) {
    for (let axis = 0; axis < 3; axis++) {
      datasetMin[axis] = Math.min(datasetMin[axis]!, box.min[axis]!);
      datasetMax[axis] = Math.max(datasetMax[axis]!, box.max[axis]!);
    }
  }
  const datasetFrame = eastNorthUpFrame([
    (datasetMin[0]! + datasetMax[0]!) / 2,
    (datasetMin[1]! + datasetMax[1]!) / 2,
    (datasetMin[2]! + datasetMax[2]!) / 2,
  ]);
  const entries: BuildingEntry[] = usable.map((building, index) => {
    const box = boxes[index]!;
    const [east, north] = ecefToLocal(
      datasetFrame,
      (box.min[0] + box.max[0]) / 2,
      (box.min[1] + box.max[1]) / 2,
      (box.min[2] + box.max[2]) / 2,
    );
    return { index, east, north, vertices: Math.floor(building.positions.length / 3) };
  });
  const tree = splitNode(entries, settings, 0);
  const metadataLayout: BuildingMetadataLayout = deriveBuildingMetadataLayout(usable);

  const files: TilesetFile[] = [];
  let tileCount = 0;
  let leafCount = 0;

  const buildTile = (node: TreeNode): BuiltTile => {
    tileCount++;
    if (node.children.length === 0) {
      const tileBuildings = node.entries.map((entry) => usable[entry.index]!);
      const min = [Infinity, Infinity, Infinity];
      const max = [-Infinity, -Infinity, -Infinity];
      for (const entry of node.entries) {
        const box = boxes[entry.index]!;
        for (let axis = 0; axis < 3; axis++) {
          min[axis] = Math.min(min[axis]!, box.min[axis]!);
          max[axis] = Math.max(max[axis]!, box.max[axis]!);
        }
      }
      const frame = eastNorthUpFrame([
        (min[0]! + max[0]!) / 2,
        (min[1]! + max[1]!) / 2,
        (min[2]! + max[2]!) / 2,
      ]);
      // Tight box in the tile's ENU frame.
      const localMin = [Infinity, Infinity, Infinity];
      const localMax = [-Infinity, -Infinity, -Infinity];
      for (const building of tileBuildings) {
        for (let i = 0; i + 2 < building.positions.length; i += 3) {
          const local = ecefToLocal(
            frame,
            building.positions[i]!,
            building.positions[i + 1]!,
            building.positions[i + 2]!,
          );
          for (let axis = 0; axis < 3; axis++) {
            localMin[axis] = Math.min(localMin[axis]!, local[axis]!);
            localMax[axis] = Math.max(localMax[axis]!, local[axis]!);
          }
        }
      }
      const center = [0, 1, 2].map((axis) => (localMin[axis]! + localMax[axis]!) / 2);
      // Half sizes padded by 1 mm for float32 rounding of the content.
      const half = [0, 1, 2].map((axis) => (localMax[axis]! - localMin[axis]!) / 2 + 0.001);
      const uri = `${contentDir}${leafCount++}.glb`;
      files.push({
        path: uri,
        bytes: writeBuildingsGlb(tileBuildings, frame, {
          metadataLayout,
          doubleSided: settings.doubleSided,
          quantize: settings.quantize,
        }),
      });
      return {
        json: {
          boundingVolume: {
            box: [center[0]!, center[1]!, center[2]!, half[0]!, 0, 0, 0, half[1]!, 0, 0, 0, half[2]!],
          },
          geometricError: 0,
          transform: Array.from(frame.enuToEcef),
          content: { uri },
        },
        samples: boxSamples(frame, center, half),
      };
    }
    const children = node.children.map(buildTile);
    const samples = children.flatMap((child) => child.samples);
    const region = regionOfSamples(samples);
    const sampleBox = boundingBox(Float64Array.from(samples.flat()));
    const diagonal = Math.hypot(
      sampleBox.max[0] - sampleBox.min[0],
      sampleBox.max[1] - sampleBox.min[1],
      sampleBox.max[2] - sampleBox.min[2],
    );
    const largestChildError = Math.max(...children.map((child) => child.json.geometricError));
    // The tile's diagonal, strictly above every child's error.
    const geometricError = Math.max(diagonal, largestChildError * 1.01 + 0.01);
    // Keep only the region's corner samples for the parent (regions nest by range).
    const regionSamples = regionCornerSamples(region);
    return {
      json: { boundingVolume: { region }, geometricError, children: children.map((child) => child.json) },
      samples: regionSamples,
    };
  };

  const root = buildTile(tree);
  root.json.refine = 'ADD';
  const rootSampleBox = boundingBox(Float64Array.from(root.samples.flat()));
  const rootDiagonal = Math.hypot(
    rootSampleBox.max[0] - rootSampleBox.min[0],
    rootSampleBox.max[1] - rootSampleBox.min[1],
    rootSampleBox.max[2] - rootSampleBox.min[2],
  );
  const tileset: TilesetJson = {
    asset: { version: '1.1', generator: 'Stadtmodell' },
    geometricError: Math.max(root.json.geometricError, rootDiagonal),
    schema: metadataLayout.schema,
    root: root.json,
  };
  files.unshift({ path: 'tileset.json', bytes: jsonBytes(tileset) });
  const bytes = files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
  return { files, stats: { tiles: tileCount, buildings: usable.length, bytes } };
}

/** ECEF points spanning a region: a 5×5 lon/lat grid at both heights (so a parent region contains it). */
function regionCornerSamples(region: readonly number[]): number[][] {
  const [west, south, east, north, minHeight, maxHeight] = region as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const samples: number[][] = [];
  for (let i = 0; i <= 4; i++) {
    for (let j = 0; j <= 4; j++) {
      const longitude = west + ((east - west) * i) / 4;
      const latitude = south + ((north - south) * j) / 4;
      for (const height of [minHeight, maxHeight]) samples.push(geodeticToEcef(longitude, latitude, height));
    }
  }
  return samples;
}
