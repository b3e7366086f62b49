/**
 * Streaming 3D Tiles 1.1 builder with bounded memory: buildings go to a `MeshStore` as they arrive and
 * only a ~60-byte summary per building stays in memory; `finish()` plans a spatial quadtree over building
 * centroids (buildings kept whole), hands the largest buildings of each subtree to its inner tiles
 * (`refine: ADD`, so a whole city shows from afar with few bytes), then yields one GLB per tile and the
 * tileset JSON files (external child tilesets when the tree is large).
 */
import { geodeticToEcef, multiplyMatrices } from './ellipsoid.ts';
import type { LocalFrame } from './ellipsoid.ts';
import { isTileCompressionReady } from './compression.ts';
import { BuildingMetadataCensus } from './metadata.ts';
import type { CensusPart, MetadataSchema } from './metadata.ts';
import { InMemoryMeshStore } from './mesh-store.ts';
import { writeTileContent } from './tile-content.ts';
import type { TileContent, TileContentJob, TileContentOptions } from './tile-content.ts';
import { boxSamples, invertRigid, regionOfSamples, regionSamples } from './volumes.ts';
import type { MeshStore } from './mesh-store.ts';
import { MESH_SUMMARY_FIELDS, SUMMARY, summaryIsTiled, writeMeshSummary } from './mesh-summary.ts';
import type { MeshHead } from './mesh-summary.ts';
import type { BuildingMesh, TilesetFile } from './types.ts';
import { encodeUtf8 } from './utf8.ts';
import { ADDRESS_INDEX_FILE, AddressIndexBuilder } from '../search/address-index.ts';
import { Column } from '../util/column.ts';
import type { ColumnArray } from '../util/column.ts';
import { TilePlanner } from './plan.ts';
import type { PlanGrid, PlanNode } from './plan.ts';
import {
  DEFAULT_SUBTREE_LEVELS,
  implicitContentUri,
  implicitSchema,
  writeImplicitTileset,
} from './implicit.ts';

// Tile contents are written by workers too (tools/convert); their API stays importable from here.
export { tileContentPlacement, writeTileContent } from './tile-content.ts';
export type { TileContent, TileContentJob, TileContentOptions } from './tile-content.ts';

export interface TilesetWriteOptions {
  /** Max buildings per leaf tile (default 256). */
  maxBuildingsPerTile?: number;
  /** Max vertices per leaf tile (default 65 535, so indices fit 16 bits); a larger single building gets its own leaf. */
  maxVerticesPerTile?: number;
  /** Max estimated uncompressed bytes per leaf tile (default 4 000 000). */
  maxBytesPerTile?: number;
  /**
   * Far views: each inner tile carries up to this many of the largest buildings of its subtree
   * (`refine: ADD`; default a quarter of `maxBuildingsPerTile`, with a quarter of the vertex and byte
   * budgets); 0 keeps inner tiles empty.
   */
  maxBuildingsPerInnerTile?: number;
  /**
   * Tile levels per tileset JSON file: deeper subtrees go to external tilesets (`tiles/subtree-N.json`).
   * Default 0 = automatic: one file up to 1 000 tiles, else 4 levels per file.
   */
  levelsPerTilesetFile?: number;
  /**
   * Write the metadata schema once as `schema.json` (tileset root) and reference it from every GLB by
   * `schemaUri` instead of embedding it per tile (default true; tileset.json then names it by `schemaUri`
   * too, else it holds the schema inline).
   */
  externalSchema?: boolean;
  /** Path prefix for content, default 'tiles/'. */
  contentDir?: string;
  /** Render both faces of every triangle (default true). */
  doubleSided?: boolean;
  /** KHR_mesh_quantization in tiles small enough for ≤ 5 mm position error (default true). */
  quantize?: boolean;
  /** Weld equal vertices within a building (default true). */
  weld?: boolean;
  /**
   * EXT_meshopt_compression (needs `await initTileCompression()`); default: on when the encoder is ready.
   */
  compress?: boolean;
  /**
   * Texture images: resolves `BuildingMesh.texture` references to PNG/JPEG bytes, packed into each
   * tile that uses them (see `GlbWriteOptions.images`). Default: none, textured surfaces keep colours.
   */
  images?: (uri: string) => Uint8Array | undefined;
  /**
   * Write the address index (`addresses.json`, `src/core/search/address-index.ts`) beside tileset.json: every
   * address of the buildings written, and the ids of the other objects (default true).
   */
  addressIndex?: boolean;
  /**
   * Tileset layout: 'explicit' (default: every tile in tileset JSON, external tilesets when large) or
   * 'implicit' (3D Tiles 1.1 implicit QUADTREE: templates and binary `.subtree` files, see `implicit.ts`).
   */
  tiling?: 'explicit' | 'implicit';
  /** Implicit tiling: levels per subtree file (default 4). */
  subtreeLevels?: number;
}

export const TILESET_DEFAULTS: Required<
  Omit<TilesetWriteOptions, 'compress' | 'maxBuildingsPerInnerTile' | 'images' | 'tiling' | 'subtreeLevels'>
> = {
  maxBuildingsPerTile: 256,
  maxVerticesPerTile: 65_535,
  maxBytesPerTile: 4_000_000,
  levelsPerTilesetFile: 0,
  externalSchema: true,
  contentDir: 'tiles/',
  doubleSided: true,
  quantize: true,
  weld: true,
  addressIndex: true,
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
  /** The schema as a file beside the tileset (then `schema` is absent). */
  schemaUri?: string;
  extensionsUsed?: string[];
  extensionsRequired?: string[];
  root: TileJson;
}

/** Automatic external tilesets: a single file up to this many tiles, else this many levels per file. */
const AUTO_SINGLE_FILE_TILES = 1000;
const AUTO_LEVELS_PER_FILE = 4;
/** The metadata schema file GLBs reference when `externalSchema` is on. */
const SCHEMA_FILE = 'schema.json';

interface Settings
  extends Required<Omit<TilesetWriteOptions, 'compress' | 'images' | 'tiling' | 'subtreeLevels'>> {
  tiling: 'explicit' | 'implicit';
  subtreeLevels: number;
  compress: boolean | undefined;
  images: TilesetWriteOptions['images'];
}

function resolveSettings(options: TilesetWriteOptions): Settings {
  const settings = {
    ...TILESET_DEFAULTS,
    compress: undefined,
    maxBuildingsPerInnerTile: -1,
    tiling: 'explicit',
    subtreeLevels: DEFAULT_SUBTREE_LEVELS,
  } as Settings;
  for (const [key, value] of Object.entries(options) as [keyof TilesetWriteOptions, never][]) {
    if (value !== undefined) (settings as unknown as Record<string, unknown>)[key] = value;
  }
  if (settings.maxBuildingsPerInnerTile < 0)
    settings.maxBuildingsPerInnerTile = Math.floor(settings.maxBuildingsPerTile / 4);
  if (settings.maxBuildingsPerTile < 1 || settings.maxVerticesPerTile < 3) {
    throw new Error('tileset writer: maxBuildingsPerTile must be ≥ 1 and maxVerticesPerTile ≥ 3');
  }
  if (settings.contentDir !== '' && !settings.contentDir.endsWith('/')) settings.contentDir += '/';
  if (settings.tiling !== 'explicit' && settings.tiling !== 'implicit')
    throw new Error(
      `tileset writer: tiling must be 'explicit' or 'implicit', not '${String(settings.tiling)}'`,
    );
  if (!Number.isInteger(settings.subtreeLevels) || settings.subtreeLevels < 1)
    throw new Error('tileset writer: subtreeLevels must be a whole number ≥ 1');
  return settings;
}

/** Serialises a JSON value with numbers at full precision (JSON.stringify keeps round-trip doubles). */
function jsonBytes(value: unknown): Uint8Array {
  return encodeUtf8(JSON.stringify(value));
}

/** What the tileset JSON needs of a written content (the GLB itself has gone to the output). */
interface PlacedContent {
  frame: LocalFrame;
  box: { center: number[]; half: number[] };
  glbBytes: number;
}

interface PlannedContent {
  node: PlanNode;
  uri: string;
  handles: number[];
}

const place = (content: TileContent): PlacedContent => ({
  frame: content.frame,
  box: content.box,
  glbBytes: content.glb.byteLength,
});

/** A tile being emitted: its JSON (transform relative to the parent's world frame) and volume samples. */
interface EmittedTile {
  json: TileJson;
  samples: number[][];
}

/**
 * Streaming tileset builder: `add()` buildings (ECEF metres, EPSG:4978) one at a time, then iterate
 * `finish()` for the files. Memory besides the store: ~60 bytes per building plus the metadata census.
 */
export class TilesetBuilder {
  private readonly settings: Settings;
  private readonly store: MeshStore;
  private readonly census = new BuildingMetadataCensus();
  // Per-building summary columns.
  private readonly centroidX = new Column(new Float64Array(0), (n) => new Float64Array(n));
  private readonly centroidY = new Column(new Float64Array(0), (n) => new Float64Array(n));
  private readonly centroidZ = new Column(new Float64Array(0), (n) => new Float64Array(n));
  private readonly handles = new Column(new Float64Array(0), (n) => new Float64Array(n));
  private readonly sizes = new Column(new Float32Array(0), (n) => new Float32Array(n));
  private readonly vertexCounts = new Column(new Uint32Array(0), (n) => new Uint32Array(n));
  private readonly byteEstimates = new Column(new Uint32Array(0), (n) => new Uint32Array(n));
  private finished = false;
  /** Whether tiles are meshopt-compressed, resolved when `finish()` starts. */
  private compress = false;
  /** The planned tree, kept between writing the contents and assembling the JSON. */
  private tree: PlanNode | undefined;
  /** Implicit tiling: the dataset frame and grid of the plan. */
  private implicitPlan: { frame: LocalFrame; grid: PlanGrid } | undefined;

  /** Collects the address index while buildings are added (undefined when `addressIndex` is off). */
  private readonly addresses: AddressIndexBuilder | undefined;
  /** `add`'s summary of the mesh it adds. */
  private readonly scratch = new Float64Array(MESH_SUMMARY_FIELDS);

  /** Tiles, buildings, bytes of tiles and tileset JSON (`bytes`; the address index is counted apart). */
  readonly stats = {
    tiles: 0,
    buildings: 0,
    bytes: 0,
    bytesPerBuilding: 0,
    addressIndexBytes: 0,
    addresses: 0,
  };

  constructor(options: TilesetWriteOptions & { store?: MeshStore } = {}) {
    const { store, ...writeOptions } = options;
    this.settings = resolveSettings(writeOptions);
    this.store = store ?? new InMemoryMeshStore();
    this.addresses = this.settings.addressIndex ? new AddressIndexBuilder() : undefined;
  }

  /** The per-building summary columns. */
  private get summaryColumns(): Column<ColumnArray>[] {
    return [
      this.centroidX,
      this.centroidY,
      this.centroidZ,
      this.handles,
      this.sizes,
      this.vertexCounts,
      this.byteEstimates,
    ];
  }

  /** Bytes held by the per-building summary columns (capacity, not just the used part; 0 once planned). */
  get summaryBytes(): number {
    return this.summaryColumns.reduce((sum, column) => sum + column.byteLength, 0);
  }

  /** Keeps only a small summary (centroid, bbox, vertex/byte counts, size) in memory; the mesh goes to the store. Buildings without triangles are skipped. */
  add(mesh: BuildingMesh): void {
    writeMeshSummary(mesh, this.scratch, 0, this.addresses !== undefined);
    if (this.addSummarised(this.scratch, 0, mesh, () => this.store.put(mesh)))
      this.census.add(mesh.properties);
  }

  /**
   * Adds a building already in the store under `handle()` from its summary (`writeMeshSummary`, at
   * `summaries[at …]`) and its id and addresses: `add` of the mesh without its arrays, except that its
   * properties go to the metadata census apart (`addCensus`). Returns false, without calling `handle`, for a
   * building without triangles (`summaryIsTiled`), which is skipped.
   */
  addSummarised(summaries: Float64Array, at: number, head: MeshHead, handle: () => number): boolean {
    if (this.finished) throw new Error('tileset writer: add() after finish()');
    if (!summaryIsTiled(summaries, at)) return false;
    const vertices = summaries[at + SUMMARY.vertices]!;
    this.centroidX.push(summaries[at + SUMMARY.centroidX]!);
    this.centroidY.push(summaries[at + SUMMARY.centroidY]!);
    this.centroidZ.push(summaries[at + SUMMARY.centroidZ]!);
    this.sizes.push(summaries[at + SUMMARY.size]!);
    this.vertexCounts.push(vertices);
    const bytes =
      vertices * 20 + summaries[at + SUMMARY.indices]! * 2 + summaries[at + SUMMARY.propertyBytes]!;
    this.byteEstimates.push(Math.min(0xffffffff, bytes));
    this.addresses?.addPlaced(head, {
      longitude: summaries[at + SUMMARY.longitude]!,
      latitude: summaries[at + SUMMARY.latitude]!,
      height: summaries[at + SUMMARY.height]!,
    });
    this.handles.push(handle());
    this.stats.buildings++;
    return true;
  }

  /**
   * Adds the metadata census of buildings given to `addSummarised` (a reading thread's tally of their
   * properties as the mesh codec gives them back, `BuildingMetadataCensus.part`), in the order they were added.
   */
  addCensus(part: CensusPart): void {
    this.census.merge(part);
  }

  /** Plans the tree, then yields files one at a time (tile contents, then the tileset JSON files), reading meshes back from the store tile by tile. */
  *finish(): Generator<TilesetFile> {
    const { jobs, options } = this.startFinish();
    const contents = new Map<PlanNode, PlacedContent>();
    for (const job of jobs) {
      const content = writeTileContent(
        job.handles.map((handle) => this.store.get(handle)),
        options,
      );
      contents.set(job.node, place(content));
      yield { path: job.uri, bytes: content.glb };
    }
    yield* this.assemble(jobs, contents, options.metadataLayout.schema);
  }

  /**
   * `finish()` with the tile contents written by `write` (e.g. on worker threads reading the same
   * store), at most `concurrency` at a time; files come out in the same order with the same bytes. The
   * job's `handles` are the store handles of its buildings.
   */
  async *finishWith(
    write: (job: TileContentJob, options: TileContentOptions) => Promise<TileContent>,
    concurrency: number,
  ): AsyncGenerator<TilesetFile> {
    const { jobs, options } = this.startFinish();
    const contents = new Map<PlanNode, PlacedContent>();
    const pending: Promise<TileContent>[] = [];
    let next = 0;
    const fill = () => {
      while (next < jobs.length && pending.length < Math.max(1, concurrency)) {
        const job = jobs[next++]!;
        pending.push(write({ uri: job.uri, handles: job.handles }, options));
      }
    };
    fill();
    for (const job of jobs) {
      const content = await pending.shift()!;
      fill();
      contents.set(job.node, place(content));
      yield { path: job.uri, bytes: content.glb };
    }
    yield* this.assemble(jobs, contents, options.metadataLayout.schema);
  }

  /** Plans the tree and lists the tile contents to write, in file order (pre-order, content first). */
  private startFinish(): { jobs: PlannedContent[]; options: TileContentOptions } {
    if (this.finished) throw new Error('tileset writer: finish() called twice');
    this.finished = true;
    this.compress = this.settings.compress ?? isTileCompressionReady();
    if (this.stats.buildings === 0) throw new Error('tileset writer: no buildings with triangles');
    const settings = this.settings;
    const implicit = settings.tiling === 'implicit';
    const planner = new TilePlanner({
      count: this.stats.buildings,
      centroidX: this.centroidX,
      centroidY: this.centroidY,
      centroidZ: this.centroidZ,
      sizes: this.sizes,
      vertexCounts: this.vertexCounts,
      byteEstimates: this.byteEstimates,
      settings: this.settings,
      compress: this.compress,
      ...(implicit ? { implicit } : {}),
    });
    const tree = planner.plan();
    this.tree = tree;
    if (implicit) this.implicitPlan = { frame: planner.frame!, grid: planner.grid! };
    const jobs: PlannedContent[] = [];
    const list = (node: PlanNode) => {
      if (node.content.length > 0) {
        jobs.push({
          node,
          uri: implicit
            ? implicitContentUri(settings.contentDir, node.cell!)
            : `${settings.contentDir}${jobs.length}.glb`,
          handles: node.content.map((index) => this.handles.data[index]!),
        });
      }
      node.children.forEach(list);
    };
    list(tree);
    // The columns served the plan and the jobs hold the handles: released before the contents are written
    // (at a million buildings, ~90 MB with the columns' doubling headroom, on the main thread's peak).
    for (const column of this.summaryColumns) column.release();
    const options: TileContentOptions = {
      metadataLayout: this.census.layout(),
      doubleSided: settings.doubleSided,
      quantize: settings.quantize,
      weld: settings.weld,
      compress: this.compress,
      ...(settings.images ? { images: settings.images } : {}),
      ...(settings.externalSchema
        ? {
            // Implicit contents lie two folders deeper: tiles/{level}/{x}/{y}.glb.
            schemaUri: `${'../'.repeat(settings.contentDir.split('/').length - 1 + (implicit ? 2 : 0))}${SCHEMA_FILE}`,
          }
        : {}),
      ...(implicit ? { frameOrigin: [...planner.frame!.origin] as [number, number, number] } : {}),
    };
    return { jobs, options };
  }

  /** The tileset JSON files for the planned tree, from the frames and boxes of the written contents. */
  private *assemble(
    jobs: PlannedContent[],
    contents: Map<PlanNode, PlacedContent>,
    schema: MetadataSchema,
  ): Generator<TilesetFile> {
    const tree = this.tree;
    if (!tree) throw new Error('tileset writer: assemble() before the plan');
    const uris = new Map(jobs.map((job) => [job.node, job.uri]));
    let tileCount = 0;
    let bytes = 0;
    for (const content of contents.values()) bytes += content.glbBytes;
    if (this.implicitPlan) {
      yield* this.assembleImplicit(tree, contents, schema, bytes);
      return;
    }

    // The subtree's JSON; `parentWorld` is the parent's frame.
    function emit(node: PlanNode, parentWorld: number[] | undefined): EmittedTile {
      tileCount++;
      const content = contents.get(node);
      const frame = content?.frame;
      const box = content?.box;
      const contentSamples = content ? boxSamples(content.frame, content.box.center, content.box.half) : [];
      const uri = uris.get(node);
      const world = frame ? Array.from(frame.enuToEcef) : parentWorld;
      const children: EmittedTile[] = node.children.map((child) => emit(child, world));
      const json: TileJson = { boundingVolume: { region: [] }, geometricError: 0 };
      if (frame)
        json.transform = parentWorld
          ? Array.from(multiplyMatrices(invertRigid(parentWorld), frame.enuToEcef))
          : Array.from(frame.enuToEcef);
      let samples: number[][];
      if (children.length === 0 && box) {
        json.boundingVolume = {
          box: [...box.center, box.half[0]!, 0, 0, 0, box.half[1]!, 0, 0, 0, box.half[2]!],
        };
        samples = contentSamples;
      } else {
        const region = regionOfSamples([...contentSamples, ...children.flatMap((child) => child.samples)]);
        json.boundingVolume = { region };
        samples = regionSamples(region);
      }
      if (uri) json.content = { uri };
      if (children.length > 0) {
        const largestChildError = Math.max(...children.map((child) => child.json.geometricError));
        // What is missing while only this tile shows: its descendants' buildings (or, without far-view
        // content, everything below: the tile's diagonal); strictly above every child's error.
        let missing = node.descendantSize;
        if (node.content.length === 0) {
          const [west, south, east, north, minHeight, maxHeight] = (
            json.boundingVolume as { region: number[] }
          ).region as [number, number, number, number, number, number];
          const a = geodeticToEcef(west, south, minHeight);
          const b = geodeticToEcef(east, north, maxHeight);
          missing = Math.max(missing, Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!));
        }
        json.geometricError = Math.max(missing, largestChildError * 1.01 + 0.01);
        json.children = children.map((child) => child.json);
      }
      return { json, samples };
    }

    const root = emit(tree, undefined);
    root.json.refine = 'ADD';
    // Error of showing nothing at all: at least the diagonal of the whole tileset's volume.
    const sampleMin = [Infinity, Infinity, Infinity];
    const sampleMax = [-Infinity, -Infinity, -Infinity];
    for (const sample of root.samples) {
      for (let axis = 0; axis < 3; axis++) {
        sampleMin[axis] = Math.min(sampleMin[axis]!, sample[axis]!);
        sampleMax[axis] = Math.max(sampleMax[axis]!, sample[axis]!);
      }
    }
    const diagonal = Math.hypot(...[0, 1, 2].map((axis) => sampleMax[axis]! - sampleMin[axis]!));
    yield* this.tilesetFiles(root.json, schema, Math.max(root.json.geometricError, diagonal));
    yield* this.closing(tileCount, bytes);
  }

  /** The address index, then the stats (tiles, bytes with the JSON written) and the store's end. */
  private *closing(tileCount: number, bytes: number): Generator<TilesetFile> {
    const count = this.stats.buildings;
    const index = this.addresses?.bytes();
    if (index) {
      this.stats.addressIndexBytes = index.byteLength;
      this.stats.addresses = this.addresses!.addressCount;
      yield { path: ADDRESS_INDEX_FILE, bytes: index };
    }
    this.stats.tiles = tileCount;
    this.stats.bytes = bytes + this.jsonBytesWritten;
    this.stats.bytesPerBuilding = this.stats.bytes / count;
    this.store.dispose?.();
  }

  private jsonBytesWritten = 0;

  /** Implicit tiling: tileset.json (with the implicit tile class in its schema), schema.json, subtrees. */
  private *assembleImplicit(
    tree: PlanNode,
    contents: Map<PlanNode, PlacedContent>,
    schema: MetadataSchema,
    glbBytes: number,
  ): Generator<TilesetFile> {
    const { frame, grid } = this.implicitPlan!;
    const tilesetSchema = implicitSchema(schema);
    const { files, tiles } = writeImplicitTileset({
      tree,
      contentBoxes: new Map([...contents].map(([node, content]) => [node, content.box])),
      frame,
      grid,
      schema: tilesetSchema,
      ...(this.settings.externalSchema ? { schemaUri: SCHEMA_FILE } : {}),
      contentDir: this.settings.contentDir,
      subtreeLevels: this.settings.subtreeLevels,
    });
    // schema.json right after tileset.json, as in the explicit layout.
    if (this.settings.externalSchema)
      files.splice(1, 0, { path: SCHEMA_FILE, bytes: jsonBytes(tilesetSchema) });
    for (const file of files) {
      this.jsonBytesWritten += file.bytes.byteLength;
      yield file;
    }
    yield* this.closing(tiles, glbBytes);
  }

  /** tileset.json plus external tilesets for subtrees below every `levelsPerTilesetFile` levels. */
  private *tilesetFiles(
    root: TileJson,
    schema: MetadataSchema,
    tilesetError: number,
  ): Generator<TilesetFile> {
    const contentDir = this.settings.contentDir;
    let levels = this.settings.levelsPerTilesetFile;
    if (levels <= 0) {
      let tiles = 0;
      const countTiles = (tile: TileJson): void => {
        tiles++;
        tile.children?.forEach(countTiles);
      };
      countTiles(root);
      levels = tiles <= AUTO_SINGLE_FILE_TILES ? Infinity : AUTO_LEVELS_PER_FILE;
    }
    let subtreeCount = 0;
    const pending: { root: TileJson; path: string }[] = [];
    /** Copies a tile for a file whose directory is `base`, cutting subtrees at `levels` depth. */
    const copy = (tile: TileJson, depth: number, inSubtreeFile: boolean): TileJson => {
      const out: TileJson = { ...tile };
      if (tile.content && inSubtreeFile) out.content = { uri: tile.content.uri.slice(contentDir.length) };
      if (tile.children) {
        out.children = tile.children.map((child) => {
          if (depth + 1 >= levels && child.children) {
            const name = `subtree-${subtreeCount++}.json`;
            pending.push({ root: child, path: `${contentDir}${name}` });
            // A stub with the subtree's volume and error whose content is the external tileset.
            return {
              boundingVolume: child.boundingVolume,
              geometricError: child.geometricError,
              content: { uri: inSubtreeFile ? name : `${contentDir}${name}` },
            };
          }
          return copy(child, depth + 1, inSubtreeFile);
        });
      }
      return out;
    };
    const rootFile: TilesetJson = {
      asset: { version: '1.1', generator: 'Stadtmodell' },
      geometricError: tilesetError,
      // With schema.json written anyway (for the GLBs), the tileset names it instead of repeating it.
      ...(this.settings.externalSchema ? { schemaUri: SCHEMA_FILE } : { schema }),
      root: copy(root, 0, false),
    };
    const files: TilesetFile[] = [{ path: 'tileset.json', bytes: jsonBytes(rootFile) }];
    if (this.settings.externalSchema) files.push({ path: SCHEMA_FILE, bytes: jsonBytes(schema) });
    while (pending.length > 0) {
      const { root: subtree, path } = pending.shift()!;
      const subtreeFile: TilesetJson = {
        asset: { version: '1.1', generator: 'Stadtmodell' },
        geometricError: subtree.geometricError,
        root: { ...copy(subtree, 0, true), refine: 'ADD' },
      };
      files.push({ path, bytes: jsonBytes(subtreeFile) });
    }
    for (const file of files) {
      this.jsonBytesWritten += file.bytes.byteLength;
      yield file;
    }
  }

  /** The quadtree over centroids, with far-view content promoted into inner tiles. */
}
