/**
 * Appearance handlers of the CityGML reader: X3DMaterial (diffuse colour and transparency by target
 * polygon gml:id) and ParameterizedTexture with TexCoordList (image URI and u,v per ring, by ring gml:id),
 * local to a city object or global (appearanceMember, bounded; see `GLOBAL_APPEARANCE_MAX_TARGETS`), and
 * their application to the polygons output.
 */
import type { RawPolygon } from './types.ts';
import * as coordinatesModule from '../gml/coordinates.ts';
import * as apiModule from './api.ts';
import * as stateModule from './state.ts';
import type { PolygonItem, TopLevelState, ReaderState, Frame } from './state.ts';
import * as geometryModule from './geometry.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const { parseNumberList } = coordinatesModule;
const { GLOBAL_APPEARANCE_MAX_TARGETS } = apiModule;
const { C_NONE, C_MATERIAL, C_MATERIAL_FIELD, C_TEXTURE, C_TEXTURE_FIELD, C_TEX_COORDS, C_MATERIAL_TARGET } =
  stateModule;
const { longCoordinates } = geometryModule;

/** Opens an element inside an appearance; returns its frame code, or -1 to skip its subtree. */
export function openAppearance(
  reader: ReaderState,
  local: string,
  attributes: Record<string, string>,
): number {
  switch (local) {
    case 'X3DMaterial':
      reader.material = { color: { diffuse: [0.8, 0.8, 0.8], transparency: 0 }, targets: [] };
      return C_MATERIAL;
    case 'ParameterizedTexture':
      reader.texture = { imageUri: '', rings: [] };
      return C_TEXTURE;
    case 'diffuseColor':
    case 'transparency':
      if (reader.material === undefined) return -1;
      (reader.frames[reader.depth] as Frame).key = local;
      reader.startText();
      return C_MATERIAL_FIELD;
    case 'imageURI':
      if (reader.texture === undefined) return -1;
      (reader.frames[reader.depth] as Frame).key = local;
      reader.startText();
      return C_TEXTURE_FIELD;
    case 'target': {
      const href = attributes.uri ?? attributes['xlink:href'];
      if (reader.material !== undefined) {
        if (href !== undefined) {
          reader.material.targets.push(href.replace(/^#/, ''));
          return -1;
        }
        reader.startText();
        return C_MATERIAL_TARGET;
      }
      // texture coordinates name their rings, so the target polygon itself is not needed
      if (reader.texture !== undefined) return C_NONE;
      return -1;
    }
    case 'textureCoordinates': {
      if (reader.texture === undefined) return -1;
      const ring = attributes.ring;
      if (ring === undefined) return -1;
      (reader.frames[reader.depth] as Frame).key = ring.replace(/^#/, '');
      reader.startText(true);
      return C_TEX_COORDS;
    }
    case 'GeoreferencedTexture':
    case 'TexCoordGen':
      if (!reader.warnedUnsupportedTexture) {
        reader.warnedUnsupportedTexture = true;
        reader.warn(`${local} not supported, skipped (expected ParameterizedTexture with TexCoordList)`);
      }
      return -1;
    default:
      return C_NONE;
  }
}

function closeMaterial(reader: ReaderState): void {
  const material = reader.material;
  reader.material = undefined;
  if (material === undefined) return;
  const map = reader.top !== undefined ? reader.top.materials : reader.globalMaterials;
  for (const target of material.targets) {
    if (!map.has(target)) map.set(target, material.color);
  }
  if (reader.top === undefined) trackGlobalAppearance(reader, material.targets.length);
}

function closeTexture(reader: ReaderState): void {
  const texture = reader.texture;
  reader.texture = undefined;
  if (texture === undefined || texture.imageUri === '') return;
  const map = reader.top !== undefined ? reader.top.textures : reader.globalTextures;
  for (const [ring, uv] of texture.rings) {
    if (!map.has(ring)) map.set(ring, { imageUri: texture.imageUri, uv });
  }
  if (reader.top === undefined) trackGlobalAppearance(reader, texture.rings.length);
}

function trackGlobalAppearance(reader: ReaderState, targets: number): void {
  if (reader.appearancesOnly) return;
  if (reader.objectsSeen > 0) reader.lateGlobalAppearanceTargets += targets;
  for (const map of [reader.globalMaterials, reader.globalTextures] as Map<string, unknown>[]) {
    while (map.size > GLOBAL_APPEARANCE_MAX_TARGETS / 2) {
      const oldest = map.keys().next().value as string;
      map.delete(oldest);
    }
  }
}

/** Gives an output polygon its material (by polygon gml:id) and texture (by ring gml:ids, when all rings have one image). */
export function applyAppearance(
  reader: ReaderState,
  top: TopLevelState,
  item: PolygonItem,
  polygon: RawPolygon,
): void {
  const id = item.polygon.gmlId;
  if (id !== undefined) {
    const material = top.materials.get(id);
    if (material !== undefined) polygon.material = material;
  }
  const ringIds = item.ringIds;
  if (ringIds === undefined || top.textures.size === 0) return;
  const vertexCount = polygon.positions.length / 3;
  const uv = new Float32Array(vertexCount * 2);
  let imageUri: string | undefined;
  for (let r = 0; r < ringIds.length; r++) {
    const ringId = ringIds[r];
    const texture = ringId !== undefined ? top.textures.get(ringId) : undefined;
    if (texture === undefined) return;
    if (imageUri !== undefined && texture.imageUri !== imageUri) return;
    imageUri = texture.imageUri;
    const start = polygon.ringStarts[r] as number;
    const end = r + 1 < ringIds.length ? (polygon.ringStarts[r + 1] as number) : vertexCount;
    const count = end - start;
    const available = texture.uv.length / 2;
    if (available !== count && available !== count + 1) {
      reader.warn(
        `texture coordinates of ring ${ringId} have ${available} pairs for ${count} vertices (expected one pair per vertex)`,
        top.builder.record.line,
        top.builder.record.id,
      );
      return;
    }
    uv.set(texture.uv.subarray(0, count * 2), start * 2);
  }
  if (imageUri !== undefined) polygon.texture = { imageUri, uv };
}

/** Closes an appearance element (X3DMaterial, ParameterizedTexture and their fields). */
export function closeAppearanceElement(reader: ReaderState, frame: Frame): void {
  switch (frame.code) {
    case C_MATERIAL_FIELD: {
      const text = reader.takeText().trim();
      const material = reader.material;
      if (material === undefined) return;
      if (frame.key === 'transparency') {
        const value = Number(text);
        if (Number.isFinite(value)) material.color.transparency = value;
      } else {
        const rgb = text.split(/\s+/).map(Number);
        if (rgb.length >= 3 && rgb.every(Number.isFinite)) {
          material.color.diffuse = [rgb[0] as number, rgb[1] as number, rgb[2] as number];
        }
      }
      return;
    }
    case C_MATERIAL_TARGET: {
      const target = reader.takeText().trim().replace(/^#/, '');
      if (target !== '' && reader.material !== undefined) reader.material.targets.push(target);
      return;
    }
    case C_MATERIAL:
      closeMaterial(reader);
      return;
    case C_TEXTURE_FIELD:
      if (reader.texture !== undefined) reader.texture.imageUri = reader.takeText().trim();
      return;
    case C_TEX_COORDS: {
      const text = reader.takeText();
      if (reader.texture === undefined) return;
      if (reader.textCut) {
        reader.warn(
          `texture coordinates of ring ${frame.key} skipped: ${longCoordinates(reader)}`,
          reader.textLine,
          reader.builder?.record.id,
        );
        return;
      }
      reader.scratch.clear();
      parseNumberList(text, reader.scratch);
      reader.texture.rings.push([
        frame.key,
        new Float32Array(reader.scratch.data.subarray(0, reader.scratch.length)),
      ]);
      return;
    }
    case C_TEXTURE:
      closeTexture(reader);
      return;
    default:
      return;
  }
}

/** Global appearances seen so far, applied to a finished object where it has no local one. */
export function applyGlobalAppearances(reader: ReaderState, top: TopLevelState): void {
  if (reader.globalMaterials.size > 0) {
    for (const id of top.polygonsById.keys()) {
      const material = reader.globalMaterials.get(id);
      if (material !== undefined && !top.materials.has(id)) top.materials.set(id, material);
    }
  }
  if (reader.globalTextures.size > 0) {
    for (const item of top.polygonsById.values()) {
      for (const ringId of item.ringIds ?? []) {
        if (ringId === undefined || top.textures.has(ringId)) continue;
        const texture = reader.globalTextures.get(ringId);
        if (texture !== undefined) top.textures.set(ringId, texture);
      }
    }
  }
}
