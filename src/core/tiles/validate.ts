/**
 * Structural checks of a 3D Tiles 1.1 tileset.json (and its GLB contents), after the rules of the official
 * 3d-tiles-validator that apply to what this project writes, plus a stricter rule of ours: geometric
 * errors strictly decrease from parent to child.
 */
import {
  ecefToGeodetic,
  geodeticToEcef,
  IDENTITY_MATRIX,
  multiplyMatrices,
  transformPoint,
  Y_UP_TO_Z_UP,
} from './ellipsoid.ts';
import type { RegionRadians } from './ellipsoid.ts';
import { parseGlb } from './glb.ts';
import { expandImplicitTile } from './implicit-validate.ts';
import { decodeUtf8 } from './utf8.ts';
import { errorMessage } from '../errors.ts';

/** Containment tolerance for bounding volumes and content, metres. */
const TOLERANCE_METRES = 0.01;

const REFINE_VALUES = new Set(['ADD', 'REPLACE']);
const IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const CLASS_PROPERTY_TYPES = new Set([
  'SCALAR',
  'VEC2',
  'VEC3',
  'VEC4',
  'MAT2',
  'MAT3',
  'MAT4',
  'STRING',
  'BOOLEAN',
  'ENUM',
]);
const COMPONENT_TYPES = new Set([
  'INT8',
  'UINT8',
  'INT16',
  'UINT16',
  'INT32',
  'UINT32',
  'INT64',
  'UINT64',
  'FLOAT32',
  'FLOAT64',
]);

type Json = Record<string, unknown>;
type Vec3 = [number, number, number];

/** A bounding volume resolved into ECEF metres (boxes and spheres transformed; regions are geodetic already). */
type WorldVolume =
  | { kind: 'box'; center: Vec3; axes: [Vec3, Vec3, Vec3] }
  | { kind: 'region'; region: number[] }
  | { kind: 'sphere'; center: Vec3; radius: number };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumberArray(value: unknown, length: number): value is number[] {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}

function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function linearPart(matrix: ArrayLike<number>, x: number, y: number, z: number): Vec3 {
  return [
    matrix[0]! * x + matrix[4]! * y + matrix[8]! * z,
    matrix[1]! * x + matrix[5]! * y + matrix[9]! * z,
    matrix[2]! * x + matrix[6]! * y + matrix[10]! * z,
  ];
}

/** Checks a bounding volume's shape; returns messages (empty when well-formed). */
function checkBoundingVolumeShape(volume: unknown, where: string): string[] {
  if (!isObject(volume)) return [`${where}: boundingVolume must be an object`];
  const errors: string[] = [];
  const kinds = ['box', 'region', 'sphere'].filter((kind) => volume[kind] !== undefined);
  if (kinds.length === 0) errors.push(`${where}: boundingVolume needs one of box, region, sphere`);
  if (volume.box !== undefined && !isFiniteNumberArray(volume.box, 12)) {
    errors.push(`${where}: boundingVolume.box must be 12 finite numbers`);
  }
  if (volume.sphere !== undefined) {
    if (!isFiniteNumberArray(volume.sphere, 4))
      errors.push(`${where}: boundingVolume.sphere must be 4 finite numbers`);
    else if (volume.sphere[3]! < 0) errors.push(`${where}: boundingVolume.sphere radius is negative`);
  }
  if (volume.region !== undefined) {
    if (!isFiniteNumberArray(volume.region, 6))
      errors.push(`${where}: boundingVolume.region must be 6 finite numbers`);
    else {
      const [west, south, east, north, minHeight, maxHeight] = volume.region as RegionRadians;
      if (west < -Math.PI || west > Math.PI || east < -Math.PI || east > Math.PI) {
        errors.push(`${where}: region west/east must be in [-π, π] radians`);
      }
      if (south < -Math.PI / 2 || south > Math.PI / 2 || north < -Math.PI / 2 || north > Math.PI / 2) {
        errors.push(`${where}: region south/north must be in [-π/2, π/2] radians`);
      }
      if (south > north) errors.push(`${where}: region south ${south} > north ${north}`);
      if (minHeight > maxHeight)
        errors.push(`${where}: region minimum height ${minHeight} > maximum height ${maxHeight}`);
    }
  }
  return errors;
}

/** The volume in ECEF, preferring box over region over sphere (3D Tiles allows several; all must hold). */
function toWorldVolume(volume: Json, transform: ArrayLike<number>): WorldVolume | undefined {
  if (isFiniteNumberArray(volume.box, 12)) {
    const b = volume.box;
    return {
      kind: 'box',
      center: transformPoint(transform, b[0]!, b[1]!, b[2]!),
      axes: [
        linearPart(transform, b[3]!, b[4]!, b[5]!),
        linearPart(transform, b[6]!, b[7]!, b[8]!),
        linearPart(transform, b[9]!, b[10]!, b[11]!),
      ],
    };
  }
  if (isFiniteNumberArray(volume.region, 6)) return { kind: 'region', region: volume.region };
  if (isFiniteNumberArray(volume.sphere, 4)) {
    const s = volume.sphere;
    const scale = Math.max(
      Math.hypot(transform[0]!, transform[1]!, transform[2]!),
      Math.hypot(transform[4]!, transform[5]!, transform[6]!),
      Math.hypot(transform[8]!, transform[9]!, transform[10]!),
    );
    return { kind: 'sphere', center: transformPoint(transform, s[0]!, s[1]!, s[2]!), radius: s[3]! * scale };
  }
  return undefined;
}

/** Sample points (ECEF) whose containment stands for the volume's. */
function volumeSamples(volume: WorldVolume): Vec3[] {
  const samples: Vec3[] = [];
  if (volume.kind === 'box') {
    const [u, v, w] = volume.axes;
    for (const i of [-1, 0, 1]) {
      for (const j of [-1, 0, 1]) {
        for (const k of [-1, 0, 1]) {
          samples.push([0, 1, 2].map((a) => volume.center[a]! + i * u[a]! + j * v[a]! + k * w[a]!) as Vec3);
        }
      }
    }
  } else if (volume.kind === 'region') {
    const [west, south, east, north, minHeight, maxHeight] = volume.region as RegionRadians;
    const span = east >= west ? east - west : east + 2 * Math.PI - west;
    for (let i = 0; i <= 4; i++) {
      for (let j = 0; j <= 4; j++) {
        for (const height of [minHeight, maxHeight]) {
          samples.push(geodeticToEcef(west + (span * i) / 4, south + ((north - south) * j) / 4, height));
        }
      }
    }
  } else {
    const { center, radius } = volume;
    samples.push(center);
    for (let axis = 0; axis < 3; axis++) {
      for (const sign of [-1, 1]) {
        const point: Vec3 = [...center];
        point[axis] = point[axis]! + sign * radius;
        samples.push(point);
      }
    }
  }
  return samples;
}

/** Largest distance (metres, or radians-equivalent metres for regions) by which a point lies outside the volume; ≤ 0 inside. */
function outsideDistance(volume: WorldVolume, point: Vec3): number {
  if (volume.kind === 'sphere') return Math.hypot(...sub(point, volume.center)) - volume.radius;
  if (volume.kind === 'region') {
    const [west, south, east, north, minHeight, maxHeight] = volume.region as RegionRadians;
    const { longitude, latitude, height } = ecefToGeodetic(point[0], point[1], point[2]);
    const radius = 6_371_000;
    let lonOutside: number;
    if (west <= east) lonOutside = Math.max(west - longitude, longitude - east);
    else
      lonOutside = longitude >= west || longitude <= east ? -1 : Math.min(longitude - east, west - longitude);
    return Math.max(
      lonOutside * radius * Math.cos(latitude),
      (south - latitude) * radius,
      (latitude - north) * radius,
      minHeight - height,
      height - maxHeight,
    );
  }
  const d = sub(point, volume.center);
  const [u, v, w] = volume.axes;
  const determinant = dot(u, cross(v, w));
  const lengths = [Math.hypot(...u), Math.hypot(...v), Math.hypot(...w)];
  let worst = -Infinity;
  if (Math.abs(determinant) > 1e-12 * lengths[0]! * lengths[1]! * lengths[2]! && determinant !== 0) {
    // Coordinates of d in the (u, v, w) basis via Cramer's rule; |coordinate| ≤ 1 inside.
    const coordinates = [
      dot(d, cross(v, w)) / determinant,
      dot(u, cross(d, w)) / determinant,
      dot(u, cross(v, d)) / determinant,
    ];
    coordinates.forEach((c, axis) => {
      worst = Math.max(worst, (Math.abs(c) - 1) * lengths[axis]!);
    });
    return worst;
  }
  // Flat box: project onto the non-zero axes and measure the residual off their span.
  let residual: Vec3 = [...d];
  [u, v, w].forEach((axis, index) => {
    const length = lengths[index]!;
    if (length === 0) return;
    const c = dot(d, axis) / (length * length);
    worst = Math.max(worst, (Math.abs(c) - 1) * length);
    residual = sub(residual, [axis[0] * c, axis[1] * c, axis[2] * c]);
  });
  return Math.max(worst, Math.hypot(...residual));
}

function readMatrix(value: unknown): number[] | undefined {
  return isFiniteNumberArray(value, 16) ? value : undefined;
}

/** Node transforms of a glTF node (matrix or TRS), column-major. */
function nodeMatrix(node: Json): number[] {
  const matrix = readMatrix(node.matrix);
  if (matrix) return matrix;
  const t = isFiniteNumberArray(node.translation, 3) ? node.translation : [0, 0, 0];
  const r = isFiniteNumberArray(node.rotation, 4) ? node.rotation : [0, 0, 0, 1];
  const s = isFiniteNumberArray(node.scale, 3) ? node.scale : [1, 1, 1];
  const [x, y, z, w] = r as [number, number, number, number];
  // prettier-ignore
  return [
    (1 - 2 * (y * y + z * z)) * s[0]!, 2 * (x * y + z * w) * s[0]!, 2 * (x * z - y * w) * s[0]!, 0,
    2 * (x * y - z * w) * s[1]!, (1 - 2 * (x * x + z * z)) * s[1]!, 2 * (y * z + x * w) * s[1]!, 0,
    2 * (x * z + y * w) * s[2]!, 2 * (y * z - x * w) * s[2]!, (1 - 2 * (x * x + y * y)) * s[2]!, 0,
    t[0]!, t[1]!, t[2]!, 1,
  ];
}

const COMPONENT_READERS: Record<
  number,
  { size: number; read: (view: DataView, offset: number) => number; max: number }
> = {
  5120: { size: 1, read: (view, offset) => view.getInt8(offset), max: 127 },
  5121: { size: 1, read: (view, offset) => view.getUint8(offset), max: 255 },
  5122: { size: 2, read: (view, offset) => view.getInt16(offset, true), max: 32767 },
  5123: { size: 2, read: (view, offset) => view.getUint16(offset, true), max: 65535 },
  5125: { size: 4, read: (view, offset) => view.getUint32(offset, true), max: 4294967295 },
  5126: { size: 4, read: (view, offset) => view.getFloat32(offset, true), max: 1 },
};

/** Positions (x,y,z) of an accessor of a GLB's binary chunk; undefined when they cannot be read (e.g. compressed). */
function readPositions(gltf: Json, binary: Uint8Array, accessorIndex: number): Float64Array | string {
  const accessor = (gltf.accessors as Json[] | undefined)?.[accessorIndex];
  if (!isObject(accessor) || accessor.type !== 'VEC3')
    return `POSITION accessor ${accessorIndex} missing or not VEC3`;
  const bufferView = (gltf.bufferViews as Json[] | undefined)?.[accessor.bufferView as number];
  if (!isObject(bufferView)) return `POSITION accessor ${accessorIndex} has no buffer view`;
  if (
    isObject(bufferView.extensions) &&
    (bufferView.extensions.KHR_meshopt_compression !== undefined ||
      bufferView.extensions.EXT_meshopt_compression !== undefined)
  )
    return 'skip';
  if (bufferView.buffer !== 0) return 'skip';
  const component = COMPONENT_READERS[accessor.componentType as number];
  if (!component)
    return `POSITION accessor ${accessorIndex} has component type ${String(accessor.componentType)}`;
  const count = accessor.count as number;
  const stride = (bufferView.byteStride as number | undefined) ?? component.size * 3;
  const start =
    ((bufferView.byteOffset as number | undefined) ?? 0) + ((accessor.byteOffset as number | undefined) ?? 0);
  if (start + (count - 1) * stride + component.size * 3 > binary.byteLength) {
    return `POSITION accessor ${accessorIndex} reaches beyond the binary chunk`;
  }
  const view = new DataView(binary.buffer, binary.byteOffset, binary.byteLength);
  const out = new Float64Array(count * 3);
  const scale = accessor.normalized === true ? component.max : 1;
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < 3; k++) {
      const value = component.read(view, start + i * stride + k * component.size) / scale;
      out[i * 3 + k] = accessor.normalized === true ? Math.max(value, -1) : value;
    }
  }
  return out;
}

/** Errors of a GLB content against its tile's volume: every position, through node and tile transforms and the y-up rotation, must lie inside. */
function checkGlbContent(
  bytes: Uint8Array,
  tileTransform: ArrayLike<number>,
  volumes: WorldVolume[],
  where: string,
): string[] {
  let parsed: { json: unknown; binary: Uint8Array };
  try {
    parsed = parseGlb(bytes);
  } catch (error) {
    return [`${where}: ${errorMessage(error)}`];
  }
  const gltf = parsed.json;
  if (!isObject(gltf)) return [`${where}: glTF JSON is not an object`];
  const asset = gltf.asset;
  if (!isObject(asset) || asset.version !== '2.0') return [`${where}: glTF asset.version must be "2.0"`];
  const errors: string[] = [];
  const nodes = Array.isArray(gltf.nodes) ? (gltf.nodes as unknown[]) : [];
  const meshes = Array.isArray(gltf.meshes) ? (gltf.meshes as unknown[]) : [];
  const scenes = Array.isArray(gltf.scenes) ? (gltf.scenes as unknown[]) : [];
  const scene = scenes[typeof gltf.scene === 'number' ? gltf.scene : 0];
  const rootNodes = isObject(scene) && Array.isArray(scene.nodes) ? (scene.nodes as number[]) : [];
  const contentToWorld = multiplyMatrices(tileTransform, Y_UP_TO_Z_UP);
  const stack: { node: number; matrix: ArrayLike<number>; depth: number }[] = rootNodes.map((node) => ({
    node,
    matrix: contentToWorld,
    depth: 0,
  }));
  let worstOutside = -Infinity;
  let worstPoint: Vec3 | undefined;
  while (stack.length > 0) {
    const { node: nodeIndex, matrix, depth } = stack.pop()!;
    const node = nodes[nodeIndex];
    if (!isObject(node) || depth > 64) {
      errors.push(`${where}: node ${nodeIndex} missing or nested too deeply`);
      continue;
    }
    const world = multiplyMatrices(matrix, nodeMatrix(node));
    if (Array.isArray(node.children)) {
      for (const child of node.children as number[])
        stack.push({ node: child, matrix: world, depth: depth + 1 });
    }
    if (typeof node.mesh !== 'number') continue;
    const mesh = meshes[node.mesh];
    if (!isObject(mesh) || !Array.isArray(mesh.primitives)) {
      errors.push(`${where}: mesh ${node.mesh} missing`);
      continue;
    }
    for (const primitive of mesh.primitives as unknown[]) {
      if (!isObject(primitive) || !isObject(primitive.attributes)) continue;
      const accessorIndex = primitive.attributes.POSITION;
      if (typeof accessorIndex !== 'number') continue;
      const positions = readPositions(gltf, parsed.binary, accessorIndex);
      if (positions === 'skip') continue;
      if (typeof positions === 'string') {
        errors.push(`${where}: ${positions}`);
        continue;
      }
      for (let i = 0; i < positions.length; i += 3) {
        const point = transformPoint(world, positions[i]!, positions[i + 1]!, positions[i + 2]!);
        for (const volume of volumes) {
          const outside = outsideDistance(volume, point);
          if (outside > worstOutside) {
            worstOutside = outside;
            worstPoint = point;
          }
        }
      }
    }
  }
  if (worstOutside > TOLERANCE_METRES && worstPoint) {
    errors.push(
      `${where}: content lies outside the tile's bounding volume by ${worstOutside.toFixed(3)} m (ECEF ${worstPoint.map((c) => c.toFixed(2)).join(', ')})`,
    );
  }
  return errors;
}

/** Every `extensions` key used anywhere in the JSON. */
function collectExtensionNames(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectExtensionNames(item, found);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'extensions' && isObject(child)) for (const name of Object.keys(child)) found.add(name);
      collectExtensionNames(child, found);
    }
  }
}

function checkSchema(schema: unknown): string[] {
  if (!isObject(schema)) return ['schema: must be an object'];
  const errors: string[] = [];
  if (typeof schema.id !== 'string' || !IDENTIFIER.test(schema.id))
    errors.push('schema: id must be an identifier');
  if (schema.classes !== undefined && !isObject(schema.classes))
    errors.push('schema: classes must be an object');
  for (const [classId, definition] of Object.entries(isObject(schema.classes) ? schema.classes : {})) {
    if (!IDENTIFIER.test(classId)) errors.push(`schema: class ID '${classId}' is not an identifier`);
    if (!isObject(definition)) {
      errors.push(`schema: class '${classId}' must be an object`);
      continue;
    }
    for (const [propertyId, property] of Object.entries(
      isObject(definition.properties) ? definition.properties : {},
    )) {
      const where = `schema: ${classId}.${propertyId}`;
      if (!IDENTIFIER.test(propertyId)) errors.push(`${where}: property ID is not an identifier`);
      if (!isObject(property) || !CLASS_PROPERTY_TYPES.has(property.type as string)) {
        errors.push(`${where}: type must be one of ${[...CLASS_PROPERTY_TYPES].join(', ')}`);
        continue;
      }
      const numeric = ['SCALAR', 'VEC2', 'VEC3', 'VEC4', 'MAT2', 'MAT3', 'MAT4'].includes(
        property.type as string,
      );
      if (numeric && !COMPONENT_TYPES.has(property.componentType as string)) {
        errors.push(`${where}: ${String(property.type)} needs a valid componentType`);
      }
      if (property.type === 'ENUM' && typeof property.enumType !== 'string')
        errors.push(`${where}: ENUM needs enumType`);
      if (property.type === 'BOOLEAN' && property.noData !== undefined)
        errors.push(`${where}: BOOLEAN cannot have noData`);
      if (property.required === true && property.noData !== undefined)
        errors.push(`${where}: required property has noData`);
    }
  }
  return errors;
}

function normaliseUri(uri: string): string {
  const parts: string[] = [];
  for (const part of uri.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** A tileset's `schemaUri`: relative, and (when contents can be read) a JSON file holding a valid schema. */
function checkSchemaUri(uri: unknown, readContent?: (uri: string) => Uint8Array | undefined): string[] {
  if (typeof uri !== 'string' || uri === '') return ['tileset: schemaUri must be a non-empty string'];
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/'))
    return [`tileset: schemaUri '${uri}' is not relative`];
  if (!readContent) return [];
  const bytes = readContent(uri);
  if (!bytes) return [`tileset: schemaUri '${uri}' names no file`];
  let schema: unknown;
  try {
    schema = JSON.parse(decodeUtf8(bytes));
  } catch {
    return [`tileset: schemaUri '${uri}' is not JSON`];
  }
  return checkSchema(schema).map((error) => `${uri}: ${error}`);
}

/** Checks of a tileset JSON's top level (asset, geometric error, schema, extensions, root presence). */
function checkTilesetTopLevel(tilesetJson: Json, label: string): string[] {
  const errors: string[] = [];
  const asset = tilesetJson.asset;
  if (!isObject(asset)) errors.push(`${label}: asset is required`);
  else if (typeof asset.version !== 'string') errors.push(`${label}: asset.version is required`);
  else if (asset.version !== '1.0' && asset.version !== '1.1') {
    errors.push(`${label}: asset.version '${asset.version}' is not 1.0 or 1.1`);
  }
  const tilesetError = tilesetJson.geometricError;
  if (typeof tilesetError !== 'number' || !Number.isFinite(tilesetError) || tilesetError < 0) {
    errors.push(`${label}: geometricError must be a number ≥ 0`);
  }
  if (tilesetJson.schema !== undefined && tilesetJson.schemaUri !== undefined) {
    errors.push(`${label}: schema and schemaUri must not both be defined`);
  }
  if (tilesetJson.schema !== undefined) errors.push(...checkSchema(tilesetJson.schema));

  // Extension declarations.
  const used = tilesetJson.extensionsUsed;
  const required = tilesetJson.extensionsRequired;
  const declared = new Set<string>();
  for (const [name, list] of [
    ['extensionsUsed', used],
    ['extensionsRequired', required],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === 'string')) {
      errors.push(`${label}: ${name} must be a non-empty array of strings`);
    } else if (new Set(list).size !== list.length) errors.push(`${label}: ${name} has duplicates`);
  }
  if (Array.isArray(used)) for (const name of used) if (typeof name === 'string') declared.add(name);
  if (Array.isArray(required)) {
    for (const name of required) {
      if (typeof name === 'string' && !declared.has(name)) {
        errors.push(`${label}: extension '${name}' is in extensionsRequired but not in extensionsUsed`);
      }
    }
  }
  const foundExtensions = new Set<string>();
  collectExtensionNames(tilesetJson, foundExtensions);
  for (const name of foundExtensions) {
    if (!declared.has(name))
      errors.push(`${label}: extension '${name}' is used but not declared in extensionsUsed`);
  }

  const root = tilesetJson.root;
  if (!isObject(root)) return [...errors, `${label}: root tile is required`];
  if (root.refine === undefined) errors.push(`${label} root: refine is required for the root tile`);
  if (
    typeof tilesetError === 'number' &&
    typeof root.geometricError === 'number' &&
    root.geometricError > tilesetError
  ) {
    errors.push(
      `${label} root: geometricError ${root.geometricError} > tileset geometricError ${tilesetError}`,
    );
  }
  return errors;
}

/**
 * Validates a parsed tileset.json (3D Tiles 1.0/1.1) and, when `readContent` is given, its contents —
 * GLBs and external tilesets (`.json` content, followed recursively; `readContent` gets paths relative
 * to the root tileset's directory): required properties, asset.version, geometric errors (≥ 0, strictly
 * decreasing towards the leaves, tileset ≥ root; an external tileset's root may equal the error of the
 * tile that references it), bounding volume shapes, child volumes inside their parent's, content inside
 * its tile's volume (ECEF, 1 cm tolerance), unique content URIs, refine values, transforms, metadata
 * schema and extension declarations. Returns error messages; [] means valid.
 */
export function validateTileset(
  tilesetJson: unknown,
  readContent?: (uri: string) => Uint8Array | undefined,
): string[] {
  if (!isObject(tilesetJson)) return ['tileset: must be a JSON object'];
  const errors: string[] = checkTilesetTopLevel(tilesetJson, 'tileset');
  if (tilesetJson.schemaUri !== undefined) errors.push(...checkSchemaUri(tilesetJson.schemaUri, readContent));
  const root = tilesetJson.root;
  if (!isObject(root)) return errors;
  // Implicit tiling reads its tile metadata classes from the schema.
  const schemaUri = tilesetJson.schemaUri;
  const schemaBytes = typeof schemaUri === 'string' ? readContent?.(normaliseUri(schemaUri)) : undefined;
  let schema: unknown = tilesetJson.schema;
  try {
    if (schemaBytes) schema = JSON.parse(decodeUtf8(schemaBytes));
  } catch {
    // Reported by checkSchemaUri.
  }

  const contentUris = new Map<string, string>();
  const visitedTilesets = new Set<string>(['tileset.json']);
  interface Pending {
    tile: unknown;
    where: string;
    parentTransform: ArrayLike<number>;
    parentError?: number;
    /** The root of an external tileset may have the same error as the tile referencing it. */
    equalErrorAllowed?: boolean;
    parentVolume?: WorldVolume;
    /** Directory of the tileset JSON holding this tile, relative to the root tileset ('' or 'a/b/'). */
    base: string;
  }
  const stack: Pending[] = [{ tile: root, where: 'root', parentTransform: IDENTITY_MATRIX, base: '' }];
  while (stack.length > 0) {
    const { tile, where, parentTransform, parentError, equalErrorAllowed, parentVolume, base } = stack.pop()!;
    if (!isObject(tile)) {
      errors.push(`${where}: tile must be an object`);
      continue;
    }
    const geometricError = tile.geometricError;
    if (typeof geometricError !== 'number' || !Number.isFinite(geometricError) || geometricError < 0) {
      errors.push(`${where}: geometricError must be a number ≥ 0`);
    } else if (
      parentError !== undefined &&
      (equalErrorAllowed ? geometricError > parentError : geometricError >= parentError)
    ) {
      errors.push(`${where}: geometricError ${geometricError} is not below its parent's ${parentError}`);
    }
    if (tile.refine !== undefined && !REFINE_VALUES.has(tile.refine as string)) {
      errors.push(`${where}: refine must be 'ADD' or 'REPLACE', not '${String(tile.refine)}'`);
    }
    let transform: ArrayLike<number> = parentTransform;
    if (tile.transform !== undefined) {
      const own = readMatrix(tile.transform);
      if (!own) errors.push(`${where}: transform must be 16 finite numbers`);
      else {
        if (own[3] !== 0 || own[7] !== 0 || own[11] !== 0 || own[15] !== 1) {
          errors.push(`${where}: transform must be affine (last row 0, 0, 0, 1)`);
        }
        transform = multiplyMatrices(parentTransform, own);
      }
    }
    const shapeErrors = checkBoundingVolumeShape(tile.boundingVolume, where);
    errors.push(...shapeErrors);
    const volume =
      shapeErrors.length === 0 ? toWorldVolume(tile.boundingVolume as Json, transform) : undefined;
    if (volume && parentVolume) {
      const worst = Math.max(...volumeSamples(volume).map((point) => outsideDistance(parentVolume, point)));
      if (worst > TOLERANCE_METRES) {
        errors.push(`${where}: bounding volume reaches ${worst.toFixed(3)} m outside its parent's`);
      }
    }
    if (tile.implicitTiling !== undefined) {
      // Implicit tiling: the subtrees are checked and become explicit tiles below this one (its content
      // URI is a template, the level-0 tile's error may equal its own).
      const expanded = expandImplicitTile(
        tile,
        base,
        readContent,
        isObject(schema) ? schema : undefined,
        where,
      );
      errors.push(...expanded.errors);
      if (expanded.level0) {
        stack.push({
          tile: expanded.level0,
          where: `${where} implicit level 0`,
          parentTransform: transform,
          parentError: typeof geometricError === 'number' ? geometricError : undefined,
          equalErrorAllowed: true,
          parentVolume: volume,
          base,
        });
      }
      continue;
    }
    if (tile.viewerRequestVolume !== undefined) {
      errors.push(...checkBoundingVolumeShape(tile.viewerRequestVolume, `${where}.viewerRequestVolume`));
    }
    if (tile.content !== undefined && tile.contents !== undefined) {
      errors.push(`${where}: content and contents must not both be defined`);
    }
    const contents =
      tile.contents !== undefined ? tile.contents : tile.content !== undefined ? [tile.content] : [];
    if (!Array.isArray(contents)) errors.push(`${where}: contents must be an array`);
    else {
      contents.forEach((content, index) => {
        const contentWhere = tile.contents !== undefined ? `${where}.contents[${index}]` : `${where}.content`;
        if (!isObject(content) || typeof content.uri !== 'string' || content.uri === '') {
          errors.push(`${contentWhere}: uri is required`);
          return;
        }
        const uri = content.uri;
        if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/')) {
          errors.push(`${contentWhere}: uri '${uri}' is not relative`);
        }
        const key = normaliseUri(base + uri);
        const previous = contentUris.get(key);
        if (previous) errors.push(`${contentWhere}: uri '${uri}' is also used by ${previous}`);
        else contentUris.set(key, contentWhere);
        const volumes: WorldVolume[] = volume ? [volume] : [];
        if (content.boundingVolume !== undefined) {
          const contentShape = checkBoundingVolumeShape(content.boundingVolume, contentWhere);
          errors.push(...contentShape);
          const contentVolume =
            contentShape.length === 0 ? toWorldVolume(content.boundingVolume as Json, transform) : undefined;
          if (contentVolume) volumes.push(contentVolume);
        }
        if (!readContent) return;
        const bytes = readContent(key);
        if (!bytes) {
          errors.push(`${contentWhere}: '${uri}' cannot be read`);
          return;
        }
        const isGlb =
          bytes.length >= 4 &&
          bytes[0] === 0x67 &&
          bytes[1] === 0x6c &&
          bytes[2] === 0x54 &&
          bytes[3] === 0x46;
        if (isGlb) errors.push(...checkGlbContent(bytes, transform, volumes, `${contentWhere} '${uri}'`));
        else if (key.toLowerCase().endsWith('.json')) {
          // External tileset: its root becomes a child of this tile.
          if (tile.children !== undefined)
            errors.push(`${contentWhere}: a tile with an external tileset has no children`);
          if (visitedTilesets.has(key)) {
            errors.push(`${contentWhere}: external tileset '${key}' is referenced twice (or in a cycle)`);
            return;
          }
          visitedTilesets.add(key);
          let external: unknown;
          try {
            external = JSON.parse(decodeUtf8(bytes));
          } catch (error) {
            errors.push(`${contentWhere}: '${uri}' is not JSON (${errorMessage(error)})`);
            return;
          }
          if (!isObject(external)) {
            errors.push(`${contentWhere}: '${uri}' is not a JSON object`);
            return;
          }
          const label = `external tileset '${key}'`;
          errors.push(...checkTilesetTopLevel(external, label));
          if (!isObject(external.root)) return;
          stack.push({
            tile: external.root,
            where: `${label} root`,
            parentTransform: transform,
            parentError: typeof geometricError === 'number' ? geometricError : undefined,
            equalErrorAllowed: true,
            parentVolume: volume,
            base: key.includes('/') ? key.slice(0, key.lastIndexOf('/') + 1) : '',
          });
        } else if (uri.toLowerCase().endsWith('.glb'))
          errors.push(`${contentWhere}: '${uri}' is not a GLB (magic)`);
      });
    }
    if (tile.children !== undefined) {
      if (!Array.isArray(tile.children) || tile.children.length === 0) {
        errors.push(`${where}: children must be a non-empty array`);
      } else {
        tile.children.forEach((child, index) => {
          stack.push({
            tile: child,
            where: `${where}.children[${index}]`,
            parentTransform: transform,
            parentError: typeof geometricError === 'number' ? geometricError : undefined,
            parentVolume: volume,
            base,
          });
        });
      }
    }
  }
  return errors;
}
