/**
 * Checks of 3D Tiles 1.1 implicit tiling (QUADTREE) for `validateTileset`, after the official
 * 3d-tiles-validator's rules (ImplicitTilingValidator, SubtreeValidator, SubtreeConsistencyValidator,
 * SubtreeInfoValidator): the `implicitTiling` object and templates, each reachable `.subtree` file's header,
 * lengths and padding, buffers and 8-byte-aligned buffer views, availabilities (one of bitstream/constant,
 * bitstream lengths, `availableCount`), their consistency (a tile's parent available, content only on
 * available tiles, child subtrees only below available tiles of the bottom level and within
 * `availableLevels`) and property tables (class, count, value lengths). The implicit tree is then handed
 * back as explicit tiles (volumes and errors from TILE_BOUNDING_BOX / TILE_GEOMETRIC_ERROR metadata, else
 * the subdivision of the root box and root error / 2^level), which `validateTileset` checks as any other.
 */
import { bitAt, levelOffset, mortonIndex, parseSubtreeFile, quadtreeNodeCount } from './subtree.ts';
import { getOwn } from '../util/own.ts';
import type { AvailabilityJson, SubtreeJson } from './subtree.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

const COMPONENT_BYTES: Record<string, number> = {
  INT8: 1,
  UINT8: 1,
  INT16: 2,
  UINT16: 2,
  INT32: 4,
  UINT32: 4,
  FLOAT32: 4,
  INT64: 8,
  UINT64: 8,
  FLOAT64: 8,
};
const TYPE_COMPONENTS: Record<string, number> = {
  SCALAR: 1,
  VEC2: 2,
  VEC3: 3,
  VEC4: 4,
  MAT2: 4,
  MAT3: 9,
  MAT4: 16,
};

/** Fills a template URI ({level}, {x}, {y}). */
export function fillTemplate(template: string, level: number, x: number, y: number): string {
  return template
    .replaceAll('{level}', String(level))
    .replaceAll('{x}', String(x))
    .replaceAll('{y}', String(y));
}

/** A subtree's availability as a bit reader, after its shape and length checks. */
function readAvailability(
  value: unknown,
  bits: number,
  views: Uint8Array[],
  where: string,
  errors: string[],
): ((index: number) => boolean) | undefined {
  if (!isObject(value)) {
    errors.push(`${where}: must be an availability object`);
    return undefined;
  }
  const { bitstream, constant, availableCount } = value as AvailabilityJson;
  if ((bitstream === undefined) === (constant === undefined)) {
    errors.push(`${where}: exactly one of bitstream and constant must be defined`);
    return undefined;
  }
  let read: (index: number) => boolean;
  if (constant !== undefined) {
    if (constant !== 0 && constant !== 1) {
      errors.push(`${where}: constant must be 0 or 1`);
      return undefined;
    }
    read = () => constant === 1;
  } else {
    const view = isCount(bitstream) ? views[bitstream] : undefined;
    if (!view) {
      errors.push(`${where}: bitstream ${String(bitstream)} names no buffer view`);
      return undefined;
    }
    if (view.byteLength !== Math.ceil(bits / 8)) {
      errors.push(
        `${where}: ${bits} bits need ${Math.ceil(bits / 8)} bytes, but buffer view ${bitstream} has ${view.byteLength}`,
      );
      return undefined;
    }
    read = (index) => bitAt(view, index);
  }
  if (availableCount !== undefined) {
    let count = 0;
    for (let i = 0; i < bits; i++) if (read(i)) count++;
    if (!isCount(availableCount) || availableCount !== count)
      errors.push(`${where}: availableCount ${String(availableCount)} but ${count} are available`);
  }
  return read;
}

/** Buffer views of a subtree as byte arrays (undefined entries for broken ones, with errors). */
function readBufferViews(
  subtree: SubtreeJson,
  binary: Uint8Array,
  subtreeUri: string,
  readContent: (uri: string) => Uint8Array | undefined,
  where: string,
  errors: string[],
): Uint8Array[] {
  const buffers: (Uint8Array | undefined)[] = [];
  (Array.isArray(subtree.buffers) ? subtree.buffers : []).forEach((buffer, index) => {
    if (!isObject(buffer) || !isCount(buffer.byteLength)) {
      errors.push(`${where}: buffers[${index}].byteLength must be a whole number`);
      buffers.push(undefined);
      return;
    }
    let bytes: Uint8Array | undefined;
    if (buffer.uri === undefined) {
      if (index !== 0)
        errors.push(`${where}: buffers[${index}] needs a uri (only buffer 0 is the binary chunk)`);
      else if (buffer.byteLength > binary.byteLength)
        errors.push(
          `${where}: buffer 0 is ${buffer.byteLength} bytes, the binary chunk ${binary.byteLength}`,
        );
      else bytes = binary.subarray(0, buffer.byteLength);
    } else {
      const dir = subtreeUri.includes('/') ? subtreeUri.slice(0, subtreeUri.lastIndexOf('/') + 1) : '';
      bytes = readContent(dir + buffer.uri);
      if (!bytes) errors.push(`${where}: buffers[${index}] '${buffer.uri}' cannot be read`);
      else if (bytes.byteLength < buffer.byteLength)
        errors.push(`${where}: buffers[${index}] '${buffer.uri}' is shorter than its byteLength`);
    }
    buffers.push(bytes);
  });
  return (Array.isArray(subtree.bufferViews) ? subtree.bufferViews : []).map((view, index) => {
    const buffer = isObject(view) && isCount(view.buffer) ? buffers[view.buffer] : undefined;
    const bad = (message: string) => {
      errors.push(`${where}: bufferViews[${index}] ${message}`);
      return new Uint8Array(0);
    };
    if (!isObject(view) || !isCount(view.byteOffset) || !isCount(view.byteLength))
      return bad('needs whole-number buffer, byteOffset and byteLength');
    if (view.byteOffset % 8 !== 0) return bad(`byteOffset ${view.byteOffset} is not a multiple of 8`);
    if (!buffer) return bad(`names buffer ${view.buffer}, which is missing or unreadable`);
    if (view.byteOffset + view.byteLength > buffer.byteLength)
      return bad(`reaches past the end of buffer ${view.buffer}`);
    return buffer.subarray(view.byteOffset, view.byteOffset + view.byteLength);
  });
}

/** The tile metadata of one property table by semantic: rows of numbers per available tile. */
function readTileMetadata(
  subtree: SubtreeJson,
  views: Uint8Array[],
  schema: Json | undefined,
  tiles: number,
  where: string,
  errors: string[],
): Map<string, number[][]> {
  const bySemantic = new Map<string, number[][]>();
  const tables = subtree.propertyTables;
  if (tables !== undefined && !Array.isArray(tables))
    errors.push(`${where}: propertyTables must be an array`);
  const classes = schema && isObject(schema.classes) ? schema.classes : {};
  (Array.isArray(tables) ? tables : []).forEach((table, index) => {
    const tableWhere = `${where}: propertyTables[${index}]`;
    if (!isObject(table) || typeof table.class !== 'string' || !isCount(table.count)) {
      errors.push(`${tableWhere} needs a class and a whole-number count`);
      return;
    }
    const definition = classes[table.class];
    if (!schema) errors.push(`${tableWhere}: property tables need a schema`);
    else if (!isObject(definition)) errors.push(`${tableWhere}: class '${table.class}' is not in the schema`);
    const properties = isObject(definition) && isObject(definition.properties) ? definition.properties : {};
    const isTileTable = subtree.tileMetadata === index;
    if (isTileTable && table.count !== tiles)
      errors.push(`${tableWhere}: count ${table.count} but the subtree has ${tiles} available tiles`);
    for (const [id, column] of Object.entries(isObject(table.properties) ? table.properties : {})) {
      const property = properties[id];
      if (!isObject(property)) {
        errors.push(`${tableWhere}: property '${id}' is not in class '${table.class}'`);
        continue;
      }
      const view = isObject(column) && isCount(column.values) ? views[column.values] : undefined;
      if (!view) {
        errors.push(`${tableWhere}: property '${id}' values name no buffer view`);
        continue;
      }
      const componentBytes = getOwn(COMPONENT_BYTES, String(property.componentType));
      const components = getOwn(TYPE_COMPONENTS, String(property.type));
      const fixedArray = property.array !== true || isCount(property.count);
      if (!componentBytes || !components || !fixedArray) continue; // strings, booleans, enums, variable arrays
      const perRow = components * (property.array === true ? (property.count as number) : 1);
      if (view.byteLength !== table.count * perRow * componentBytes) {
        errors.push(
          `${tableWhere}: property '${id}' needs ${table.count * perRow * componentBytes} bytes, its view has ${view.byteLength}`,
        );
        continue;
      }
      if (!isTileTable || typeof property.semantic !== 'string' || property.componentType !== 'FLOAT64')
        continue;
      // A copy: the view may be a Node Buffer, whose slice() shares (and whose .buffer is) a pool.
      const values = new Float64Array(new Uint8Array(view).buffer);
      const rows: number[][] = [];
      for (let row = 0; row < table.count; row++)
        rows.push(Array.from(values.subarray(row * perRow, (row + 1) * perRow)));
      bySemantic.set(property.semantic, rows);
    }
  });
  if (
    subtree.tileMetadata !== undefined &&
    !(isCount(subtree.tileMetadata) && subtree.tileMetadata < (tables?.length ?? 0))
  )
    errors.push(`${where}: tileMetadata ${String(subtree.tileMetadata)} names no property table`);
  return bySemantic;
}

/** An explicit tile made from an implicit one (what `validateTileset` walks). */
export interface ExpandedTile {
  boundingVolume: { box: number[] };
  geometricError: number;
  content?: { uri: string };
  children?: ExpandedTile[];
}

/**
 * Checks a tile with `implicitTiling` and its subtrees (read through `readContent`, paths relative to the
 * tileset root; `base` is the folder of the tileset JSON holding the tile) and returns the level-0 tile
 * as explicit JSON (undefined when the subtrees cannot be read). `schema`: the tileset's schema, if any.
 */
export function expandImplicitTile(
  tile: Json,
  base: string,
  readContent: ((uri: string) => Uint8Array | undefined) | undefined,
  schema: Json | undefined,
  where: string,
): { errors: string[]; level0?: ExpandedTile } {
  const errors: string[] = [];
  const implicit = tile.implicitTiling;
  if (!isObject(implicit)) return { errors: [`${where}: implicitTiling must be an object`] };
  if (implicit.subdivisionScheme !== 'QUADTREE') {
    const scheme = String(implicit.subdivisionScheme);
    const known = scheme === 'OCTREE';
    errors.push(
      `${where}: subdivisionScheme '${scheme}' ${known ? 'is not checked here' : 'must be QUADTREE or OCTREE'}`,
    );
  }
  const { subtreeLevels, availableLevels } = implicit;
  if (!Number.isInteger(subtreeLevels) || (subtreeLevels as number) < 1)
    errors.push(`${where}: implicitTiling.subtreeLevels must be a whole number ≥ 1`);
  if (!Number.isInteger(availableLevels) || (availableLevels as number) < 1)
    errors.push(`${where}: implicitTiling.availableLevels must be a whole number ≥ 1`);
  const template = isObject(implicit.subtrees) ? implicit.subtrees.uri : undefined;
  if (typeof template !== 'string' || !['{level}', '{x}', '{y}'].every((part) => template.includes(part)))
    errors.push(`${where}: implicitTiling.subtrees.uri must be a template with {level}, {x} and {y}`);
  if (tile.children !== undefined) errors.push(`${where}: a tile with implicitTiling must not have children`);
  const volume = tile.boundingVolume;
  const rootBox = isObject(volume) && Array.isArray(volume.box) ? (volume.box as number[]) : undefined;
  if (!rootBox) errors.push(`${where}: implicit tiling is checked for box bounding volumes only`);
  const contentTemplate = isObject(tile.content) ? tile.content.uri : undefined;
  if (tile.content !== undefined && typeof contentTemplate !== 'string')
    errors.push(`${where}: content.uri must be a template string`);
  if (errors.length > 0 || !readContent || typeof template !== 'string' || !rootBox) return { errors };
  const levels = subtreeLevels as number;
  const maxLevels = availableLevels as number;
  const rootError = typeof tile.geometricError === 'number' ? tile.geometricError : 0;

  /** Reads the subtree at (level, x, y) and its children; returns the expanded tile at its root. */
  const expand = (level: number, x: number, y: number): ExpandedTile | undefined => {
    const uri = base + fillTemplate(template, level, x, y);
    const subtreeWhere = `subtree '${uri}'`;
    const bytes = readContent(uri);
    if (!bytes) {
      errors.push(`${subtreeWhere} cannot be read`);
      return undefined;
    }
    const parsed = parseSubtreeFile(bytes);
    if ('error' in parsed) {
      errors.push(`${subtreeWhere}: ${parsed.error}`);
      return undefined;
    }
    const subtree = parsed.json;
    const views = readBufferViews(subtree, parsed.binary, uri, readContent, subtreeWhere, errors);
    const nodeBits = quadtreeNodeCount(levels);
    const tileAvailable = readAvailability(
      subtree.tileAvailability,
      nodeBits,
      views,
      `${subtreeWhere} tileAvailability`,
      errors,
    );
    const contents = subtree.contentAvailability;
    if (contents !== undefined && (!Array.isArray(contents) || contents.length === 0))
      errors.push(`${subtreeWhere}: contentAvailability must be a non-empty array`);
    const contentAvailable = (Array.isArray(contents) ? contents : []).map((item, i) =>
      readAvailability(item, nodeBits, views, `${subtreeWhere} contentAvailability[${i}]`, errors),
    );
    const childAvailable = readAvailability(
      subtree.childSubtreeAvailability,
      4 ** levels,
      views,
      `${subtreeWhere} childSubtreeAvailability`,
      errors,
    );
    if (!tileAvailable || !childAvailable || contentAvailable.some((read) => !read)) return undefined;
    if (contentAvailable.length > 1)
      errors.push(`${subtreeWhere}: several contents per tile are not checked here`);
    let available = 0;
    for (let i = 0; i < nodeBits; i++) if (tileAvailable(i)) available++;
    const metadata = readTileMetadata(subtree, views, schema, available, subtreeWhere, errors);
    const boxes = metadata.get('TILE_BOUNDING_BOX');
    const geometricErrors = metadata.get('TILE_GEOMETRIC_ERROR');
    if (!tileAvailable(0)) {
      errors.push(`${subtreeWhere}: its root tile is not available`);
      return undefined;
    }
    let row = 0;
    const made = new Map<number, ExpandedTile>();
    for (let rel = 0; rel < levels; rel++) {
      const side = 2 ** rel;
      // Rows follow the bit order (level by level, Morton order within a level).
      const cells: [number, number][] = [];
      for (let dy = 0; dy < side; dy++) for (let dx = 0; dx < side; dx++) cells.push([dx, dy]);
      cells.sort((a, b) => mortonIndex(a[0], a[1]) - mortonIndex(b[0], b[1]));
      for (const [dx, dy] of cells) {
        const bit = levelOffset(rel) + mortonIndex(dx, dy);
        const hasContent = contentAvailable[0]?.(bit) ?? false;
        if (!tileAvailable(bit)) {
          if (hasContent)
            errors.push(
              `${subtreeWhere}: content at level ${level + rel} (${x * side + dx}, ${y * side + dy}) but no tile`,
            );
          continue;
        }
        const globalLevel = level + rel;
        const gx = x * side + dx;
        const gy = y * side + dy;
        if (globalLevel >= maxLevels)
          errors.push(`${subtreeWhere}: tile at level ${globalLevel} ≥ availableLevels ${maxLevels}`);
        const parent = rel > 0 ? made.get(levelOffset(rel - 1) + mortonIndex(dx >> 1, dy >> 1)) : undefined;
        if (rel > 0 && !parent)
          errors.push(`${subtreeWhere}: tile at level ${globalLevel} (${gx}, ${gy}) has no available parent`);
        const cellBox = (): number[] => {
          const scale = 2 ** -globalLevel;
          const [cx, cy, cz, ax, ay, az, bx, by, bz, ...z] = rootBox;
          const u = (gx + 0.5) * 2 * scale - 1;
          const v = (gy + 0.5) * 2 * scale - 1;
          return [
            cx! + u * ax! + v * bx!,
            cy! + u * ay! + v * by!,
            cz! + u * az! + v * bz!,
            ax! * scale,
            ay! * scale,
            az! * scale,
            bx! * scale,
            by! * scale,
            bz! * scale,
            ...z,
          ];
        };
        const expanded: ExpandedTile = {
          boundingVolume: { box: boxes?.[row] ?? cellBox() },
          geometricError: geometricErrors?.[row]?.[0] ?? rootError / 2 ** globalLevel,
        };
        row++;
        if (hasContent && typeof contentTemplate === 'string')
          expanded.content = { uri: fillTemplate(contentTemplate, globalLevel, gx, gy) };
        made.set(bit, expanded);
        if (parent) (parent.children ??= []).push(expanded);
      }
    }
    const side = 2 ** levels;
    for (let dy = 0; dy < side; dy++) {
      for (let dx = 0; dx < side; dx++) {
        if (!childAvailable(mortonIndex(dx, dy))) continue;
        const childLevel = level + levels;
        const parent = made.get(levelOffset(levels - 1) + mortonIndex(dx >> 1, dy >> 1));
        if (!parent) {
          errors.push(
            `${subtreeWhere}: child subtree at level ${childLevel} (${x * side + dx}, ${y * side + dy}) below no available tile`,
          );
          continue;
        }
        if (childLevel >= maxLevels) {
          errors.push(`${subtreeWhere}: child subtree at level ${childLevel} ≥ availableLevels ${maxLevels}`);
          continue;
        }
        const child = expand(childLevel, x * side + dx, y * side + dy);
        if (child) (parent.children ??= []).push(child);
      }
    }
    return made.get(0);
  };
  const level0 = expand(0, 0, 0);
  return { errors, ...(level0 ? { level0 } : {}) };
}
