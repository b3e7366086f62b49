/**
 * 3D Tiles 1.1 implicit tiling (QUADTREE) for the streaming builder: the planned tree (on the implicit grid,
 * `PlanGrid`) becomes a root tile with `implicitTiling`, content and subtree URI templates, and binary
 * `.subtree` files. Buildings are kept whole, so contents overhang their cells and the errors are not
 * root/2^level: every available tile's tight box (`TILE_BOUNDING_BOX`, root ENU frame) and error
 * (`TILE_GEOMETRIC_ERROR`) are tile metadata in the subtree's property table, which CesiumJS reads
 * (Implicit3DTileContent `getTileBoundingVolume`, `getGeometricError`) in place of the implicit values.
 */
import type { LocalFrame } from './ellipsoid.ts';
import type { MetadataSchema } from './metadata.ts';
import type { PlanGrid, PlanNode } from './plan.ts';
import {
  availability,
  levelOffset,
  mortonIndex,
  quadtreeNodeCount,
  setBit,
  SubtreeBinary,
  writeSubtreeFile,
} from './subtree.ts';
import type { SubtreeJson } from './subtree.ts';
import type { TilesetFile } from './types.ts';
import { encodeUtf8 } from './utf8.ts';

/** Schema class of the subtrees' tile metadata. */
export const IMPLICIT_TILE_CLASS_ID = 'implicitTile';
/** Subtree file template, relative to tileset.json. */
export const SUBTREE_URI_TEMPLATE = 'subtrees/{level}/{x}/{y}.subtree';
/** Default levels per subtree file (as the explicit layout's levels per external tileset). */
export const DEFAULT_SUBTREE_LEVELS = 4;

/** The class whose properties carry the tile volume and error semantics (FLOAT64, root ENU frame). */
const IMPLICIT_TILE_CLASS = {
  description: 'Tight volume and geometric error of an implicit tile (buildings are kept whole)',
  properties: {
    boundingBox: {
      type: 'SCALAR',
      componentType: 'FLOAT64',
      array: true,
      count: 12,
      semantic: 'TILE_BOUNDING_BOX',
    },
    geometricError: { type: 'SCALAR', componentType: 'FLOAT64', semantic: 'TILE_GEOMETRIC_ERROR' },
  },
};

/** The building schema plus the implicit tile class (what tileset.json names in implicit mode). */
export function implicitSchema(schema: MetadataSchema): MetadataSchema {
  return {
    ...schema,
    classes: { ...schema.classes, [IMPLICIT_TILE_CLASS_ID]: IMPLICIT_TILE_CLASS },
  } as MetadataSchema;
}

/** Content URI of a tile of an implicit tileset (`contentDir` ends in '/'). */
export function implicitContentUri(
  contentDir: string,
  cell: { level: number; x: number; y: number },
): string {
  return `${contentDir}${cell.level}/${cell.x}/${cell.y}.glb`;
}

/** Everything the implicit writer needs besides the tree. */
export interface ImplicitTilesetInput {
  tree: PlanNode;
  /** Tight content boxes in the root frame (centre and half sizes, metres), by tile. */
  contentBoxes: Map<PlanNode, { center: number[]; half: number[] }>;
  /** The dataset ENU frame: the root tile's transform and every content's frame. */
  frame: LocalFrame;
  grid: PlanGrid;
  /** The tileset's schema, already with the implicit tile class. */
  schema: MetadataSchema;
  /** Reference the schema as `schemaUri` (written by the caller) instead of inline. */
  schemaUri?: string;
  contentDir: string;
  subtreeLevels: number;
}

interface TileSummary {
  node: PlanNode;
  min: number[];
  max: number[];
  error: number;
}

const key = (level: number, x: number, y: number) => `${level}/${x}/${y}`;

/**
 * tileset.json and the `.subtree` files of an implicit tileset; `tiles` counts the available tiles. The
 * tileset's root tile is the level-0 cell (box: the grid square, heights of all content) with the dataset
 * frame as `transform`; refine ADD as in the explicit layout.
 */
export function writeImplicitTileset(input: ImplicitTilesetInput): { files: TilesetFile[]; tiles: number } {
  const { tree, contentBoxes, frame, grid, subtreeLevels } = input;
  if (!tree.cell) throw new Error('implicit tileset: the plan has no grid cells');
  const summaries = new Map<string, TileSummary>();
  let maxLevel = 0;
  // Bottom-up: tight boxes (union of content and children) and errors, as the explicit layout computes them.
  const summarise = (node: PlanNode): TileSummary => {
    const cell = node.cell!;
    maxLevel = Math.max(maxLevel, cell.level);
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    const content = contentBoxes.get(node);
    if (content) {
      for (let axis = 0; axis < 3; axis++) {
        min[axis] = content.center[axis]! - content.half[axis]!;
        max[axis] = content.center[axis]! + content.half[axis]!;
      }
    }
    const children = node.children.map(summarise);
    for (const child of children) {
      for (let axis = 0; axis < 3; axis++) {
        min[axis] = Math.min(min[axis]!, child.min[axis]!);
        max[axis] = Math.max(max[axis]!, child.max[axis]!);
      }
    }
    let error = 0;
    if (children.length > 0) {
      let missing = node.descendantSize;
      if (!content) missing = Math.max(missing, Math.hypot(...[0, 1, 2].map((a) => max[a]! - min[a]!)));
      error = Math.max(missing, Math.max(...children.map((child) => child.error)) * 1.01 + 0.01);
    }
    const summary = { node, min, max, error };
    summaries.set(key(cell.level, cell.x, cell.y), summary);
    return summary;
  };
  const root = summarise(tree);

  const files: TilesetFile[] = [];
  // Subtrees breadth first from the root; each lists its levels' tiles in bit order.
  const queue: { level: number; x: number; y: number }[] = [{ level: 0, x: 0, y: 0 }];
  while (queue.length > 0) {
    const top = queue.shift()!;
    const nodeBits = quadtreeNodeCount(subtreeLevels);
    const childBits = 4 ** subtreeLevels;
    const tileBits = new Uint8Array(Math.ceil(nodeBits / 8));
    const contentBits = new Uint8Array(Math.ceil(nodeBits / 8));
    const subtreeBits = new Uint8Array(Math.ceil(childBits / 8));
    const rows: { bit: number; summary: TileSummary }[] = [];
    for (let rel = 0; rel <= subtreeLevels; rel++) {
      const side = 2 ** rel;
      for (let dy = 0; dy < side; dy++) {
        for (let dx = 0; dx < side; dx++) {
          const x = top.x * side + dx;
          const y = top.y * side + dy;
          const summary = summaries.get(key(top.level + rel, x, y));
          if (!summary) continue;
          if (rel === subtreeLevels) {
            setBit(subtreeBits, mortonIndex(dx, dy));
            queue.push({ level: top.level + rel, x, y });
            continue;
          }
          const bit = levelOffset(rel) + mortonIndex(dx, dy);
          setBit(tileBits, bit);
          if (contentBoxes.has(summary.node)) setBit(contentBits, bit);
          rows.push({ bit, summary });
        }
      }
    }
    rows.sort((a, b) => a.bit - b.bit);
    const binary = new SubtreeBinary();
    const add = (bytes: Uint8Array) => binary.add(bytes);
    const tileAvailability = availability(tileBits, nodeBits, add);
    const contentAvailability = availability(contentBits, nodeBits, add);
    const childSubtreeAvailability = availability(subtreeBits, childBits, add);
    const boxes = new Float64Array(rows.length * 12);
    const errors = new Float64Array(rows.length);
    rows.forEach(({ summary }, row) => {
      const { min, max } = summary;
      const half = [0, 1, 2].map((axis) => (max[axis]! - min[axis]!) / 2);
      boxes.set(
        [
          (min[0]! + max[0]!) / 2,
          (min[1]! + max[1]!) / 2,
          (min[2]! + max[2]!) / 2,
          half[0]!,
          0,
          0,
          0,
          half[1]!,
          0,
          0,
          0,
          half[2]!,
        ],
        row * 12,
      );
      errors[row] = summary.error;
    });
    const boxView = add(new Uint8Array(boxes.buffer));
    const errorView = add(new Uint8Array(errors.buffer));
    const chunk = binary.bytes();
    const json: SubtreeJson = {
      buffers: [{ byteLength: chunk.byteLength }],
      bufferViews: binary.bufferViews,
      propertyTables: [
        {
          class: IMPLICIT_TILE_CLASS_ID,
          count: rows.length,
          properties: { boundingBox: { values: boxView }, geometricError: { values: errorView } },
        },
      ],
      tileAvailability,
      contentAvailability: [contentAvailability],
      childSubtreeAvailability,
      tileMetadata: 0,
    };
    files.push({
      path: SUBTREE_URI_TEMPLATE.replace('{level}', String(top.level))
        .replace('{x}', String(top.x))
        .replace('{y}', String(top.y)),
      bytes: writeSubtreeFile(json, chunk),
    });
  }

  // The root: the level-0 cell of the grid, as tall as all content.
  const zHalf = (root.max[2]! - root.min[2]!) / 2 + 0.01;
  const rootBox = [
    grid.centerEast,
    grid.centerNorth,
    (root.min[2]! + root.max[2]!) / 2,
    grid.halfSize,
    0,
    0,
    0,
    grid.halfSize,
    0,
    0,
    0,
    zHalf,
  ];
  const diagonal = Math.hypot(2 * grid.halfSize, 2 * grid.halfSize, 2 * zHalf);
  const tileset = {
    asset: { version: '1.1', generator: 'Stadtmodell' },
    geometricError: Math.max(root.error, diagonal),
    ...(input.schemaUri ? { schemaUri: input.schemaUri } : { schema: input.schema }),
    root: {
      boundingVolume: { box: rootBox },
      geometricError: root.error,
      refine: 'ADD',
      transform: Array.from(frame.enuToEcef),
      content: { uri: `${input.contentDir}{level}/{x}/{y}.glb` },
      implicitTiling: {
        subdivisionScheme: 'QUADTREE',
        subtreeLevels,
        availableLevels: maxLevel + 1,
        subtrees: { uri: SUBTREE_URI_TEMPLATE },
      },
    },
  };
  files.unshift({ path: 'tileset.json', bytes: encodeUtf8(JSON.stringify(tileset)) });
  return { files, tiles: summaries.size };
}
