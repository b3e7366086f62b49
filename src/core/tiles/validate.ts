/**
 * Structural checks of a 3D Tiles 1.1 tileset.json (and its GLB contents), after the rules of the official
 * 3d-tiles-validator that apply to what this project writes, plus a stricter rule of ours: geometric
 * errors strictly decrease from parent to child.
 */
import { IDENTITY_MATRIX, multiplyMatrices } from './ellipsoid.ts';
import { expandImplicitTile } from './implicit-validate.ts';
import { decodeUtf8 } from './utf8.ts';
import { checkGlbContent } from './validate-glb.ts';
import {
  checkBoundingVolumeShape,
  isObject,
  outsideDistance,
  readMatrix,
  TOLERANCE_METRES,
  toWorldVolume,
  volumeSamples,
} from './validate-volumes.ts';
import type { Json, WorldVolume } from './validate-volumes.ts';
import { errorMessage } from '../errors.ts';

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
