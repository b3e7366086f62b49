import type { Address, CityObjectRecord, RawPolygon } from '../citygml/types.ts';
import { triangulatePolygon } from '../geometry/triangulate.ts';
import { ecefToGeodetic } from '../tiles/ellipsoid.ts';
import { surfaceClassIndex, SURFACE_PALETTE } from '../tiles/palette.ts';
import type { BuildingMesh, MeshTexture } from '../tiles/types.ts';
import { featureProperties } from './properties.ts';
import { crsProblemOf } from '../crs/crs-error.ts';
import type { CrsProblem } from '../crs/crs-error.ts';
import { errorMessage } from '../errors.ts';

/**
 * Turns one polygon's source-CRS positions into ECEF metres (EPSG:4978), written into `out` (at least as
 * long as `positions`; a view of that length is returned); see `EcefTransformer.toEcef` in `src/core/crs`.
 */
export type ToEcef = (
  positions: Float64Array,
  srsName: string | undefined,
  out: Float64Array,
) => Float64Array;

let scratch = new Float64Array(4096);

/**
 * A buffer of at least `length` float64 values, reused by every `cityObjectToMesh` call (nothing written
 * there outlives the call): V8 puts a typed array over 64 bytes off its heap, and one per polygon cost
 * about 0.3 µs each plus its collection.
 */
function ecefScratch(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, scratch.length * 2));
  return scratch;
}

/** A polygon that could not be meshed, with the reason. */
export interface DroppedPolygon {
  objectId: string;
  polygonId?: string;
  reason: string;
  /** Set when the polygon's srsName could not be placed (see `CrsProblem`). */
  crs?: CrsProblem;
}

export interface MeshResult {
  /** Undefined when no polygon of the object could be meshed. */
  mesh?: BuildingMesh;
  polygons: number;
  triangles: number;
  dropped: DroppedPolygon[];
}

/** Ground-like city objects get colours of their own (RGBA 0..255), so the city stands on a readable map. */
const OBJECT_COLOURS: Record<string, [number, number, number, number]> = {
  Road: [112, 112, 116, 255],
  Railway: [104, 98, 94, 255],
  Track: [150, 138, 112, 255],
  Square: [170, 166, 160, 255],
  TransportationComplex: [112, 112, 116, 255],
  WaterBody: [86, 140, 190, 255],
  PlantCover: [96, 146, 82, 255],
  SolitaryVegetationObject: [80, 130, 70, 255],
  ReliefFeature: [150, 160, 120, 255],
  TINRelief: [150, 160, 120, 255],
};
const GREEN_LAND: [number, number, number, number] = [120, 166, 96, 255];
const SEALED_LAND: [number, number, number, number] = [188, 182, 172, 255];

/** LandUse: green for vegetation codes/words, sealed (paving) otherwise. */
function landUseColour(record: CityObjectRecord): [number, number, number, number] {
  const code = `${record.attributes.class ?? ''} ${record.attributes.function ?? ''} ${record.attributes.usage ?? ''}`;
  return /green|park|vegetation|grass|garden|cemetery|friedhof|grün|wald|forest|agri|10[0-9]{2}|2[0-9]{3}/i.test(
    code,
  )
    ? GREEN_LAND
    : SEALED_LAND;
}

function objectColour(record: CityObjectRecord): [number, number, number, number] | undefined {
  if (record.type === 'LandUse') return landUseColour(record);
  return OBJECT_COLOURS[record.type];
}

/** The polygons of `record` and its parts (recursively), each with its srsName or the nearest enclosing one. */
function collectPolygons(
  record: CityObjectRecord,
  out: { polygon: RawPolygon; srsName?: string }[],
  srsName = record.srsName,
): void {
  for (const polygon of record.polygons) out.push({ polygon, srsName: polygon.srsName ?? srsName });
  for (const part of record.parts) collectPolygons(part, out, part.srsName ?? srsName);
}

/**
 * Meshes a top-level city object with all its parts: every polygon reprojected to ECEF metres,
 * triangulated in its own plane (earcut), flat normals facing outwards, semantic surface classes, and
 * X3DMaterial or object-type colours. Polygons that cannot be triangulated are dropped with a reason.
 * With `textures`, polygons with a ParameterizedTexture also carry their image URI (as written in the
 * file) and texture coordinates in `mesh.texture`.
 */
export function cityObjectToMesh(
  record: CityObjectRecord,
  toEcef: ToEcef,
  { textures = false }: { textures?: boolean } = {},
): MeshResult {
  const sources: { polygon: RawPolygon; srsName?: string }[] = [];
  collectPolygons(record, sources);
  const dropped: DroppedPolygon[] = [];
  const pieces: {
    ecef: Float64Array;
    indices: Uint32Array;
    normal: [number, number, number];
    polygon: RawPolygon;
  }[] = [];
  let vertexCount = 0;
  let indexCount = 0;
  // The polygons' ECEF positions end to end in one reused buffer: they are copied into the mesh below.
  let floats = 0;
  for (const { polygon } of sources) floats += polygon.positions.length;
  const all = ecefScratch(floats);
  let at = 0;
  for (const { polygon, srsName } of sources) {
    let ecef: Float64Array;
    try {
      ecef = toEcef(polygon.positions, srsName, all.subarray(at, at + polygon.positions.length));
      at += polygon.positions.length;
    } catch (error) {
      const crs = crsProblemOf(error);
      dropped.push({
        objectId: record.id,
        polygonId: polygon.gmlId,
        reason: errorMessage(error),
        ...(crs ? { crs } : {}),
      });
      continue;
    }
    const result = triangulatePolygon(ecef, polygon.ringStarts);
    if (!result.ok) {
      dropped.push({ objectId: record.id, polygonId: polygon.gmlId, reason: result.reason });
      continue;
    }
    pieces.push({ ecef, indices: result.polygon.indices, normal: result.polygon.normal, polygon });
    vertexCount += ecef.length / 3;
    indexCount += result.polygon.indices.length;
  }
  if (pieces.length === 0) return { polygons: sources.length, triangles: 0, dropped };

  const typeColour = objectColour(record);
  const needsColours = typeColour !== undefined || pieces.some((p) => p.polygon.material);
  // One buffer for the mesh's arrays (float64 first, so every array is aligned): one allocation, not five.
  const buffer = new ArrayBuffer(vertexCount * (needsColours ? 41 : 37) + indexCount * 4);
  const positions = new Float64Array(buffer, 0, vertexCount * 3);
  const normals = new Float32Array(buffer, vertexCount * 24, vertexCount * 3);
  const indices = new Uint32Array(buffer, vertexCount * 36, indexCount);
  const surfaceClass = new Uint8Array(buffer, vertexCount * 36 + indexCount * 4, vertexCount);
  const colors = needsColours
    ? new Uint8Array(buffer, vertexCount * 37 + indexCount * 4, vertexCount * 4)
    : undefined;
  const texture: MeshTexture | undefined =
    textures && pieces.some((p) => p.polygon.texture)
      ? { uris: [], image: new Uint16Array(vertexCount), uv: new Float32Array(vertexCount * 2) }
      : undefined;
  let vertex = 0;
  let index = 0;
  for (const piece of pieces) {
    const n = piece.ecef.length / 3;
    positions.set(piece.ecef, vertex * 3);
    const polygonTexture = piece.polygon.texture;
    if (texture && polygonTexture && polygonTexture.uv.length >= n * 2) {
      let slot = texture.uris.indexOf(polygonTexture.imageUri);
      if (slot < 0) slot = texture.uris.push(polygonTexture.imageUri) - 1;
      // Image numbers are stored as uint16 (1 + slot): a 65 535th distinct image stays untextured.
      if (slot < 0xffff) {
        texture.image.fill(slot + 1, vertex, vertex + n);
        for (let k = 0; k < n * 2; k++) {
          const value = polygonTexture.uv[k]!;
          texture.uv[vertex * 2 + k] = Number.isFinite(value) ? value : 0;
        }
      }
    }
    const semantic = typeColour ? 'terrain' : piece.polygon.semantic;
    const classIndex = surfaceClassIndex(semantic);
    const rgba = piece.polygon.material
      ? materialRgba(piece.polygon.material.diffuse, piece.polygon.material.transparency)
      : (typeColour ?? SURFACE_PALETTE[classIndex]?.rgba ?? [200, 200, 200, 255]);
    for (let v = 0; v < n; v++) {
      const k = vertex + v;
      normals[k * 3] = piece.normal[0];
      normals[k * 3 + 1] = piece.normal[1];
      normals[k * 3 + 2] = piece.normal[2];
      surfaceClass[k] = classIndex;
      if (colors) colors.set(rgba, k * 4);
    }
    for (let i = 0; i < piece.indices.length; i++) indices[index + i] = (piece.indices[i] ?? 0) + vertex;
    vertex += n;
    index += piece.indices.length;
  }
  // The centre after the feature's own properties (as a spread of both would order and override them).
  const properties = featureProperties(record);
  const centre = centroidProperties(positions);
  properties.longitude = centre.longitude;
  properties.latitude = centre.latitude;
  const mesh: BuildingMesh = {
    id: record.id,
    properties,
    positions,
    normals,
    indices,
    surfaceClass,
  };
  if (colors) mesh.colors = colors;
  if (texture && texture.uris.length > 0) mesh.texture = texture;
  const addresses = addressesOf(record);
  if (addresses.length > 0) mesh.addresses = addresses;
  return { mesh, polygons: sources.length, triangles: indexCount / 3, dropped };
}

/**
 * X3DMaterial diffuse colour (0..1, taken as sRGB display values, as X3D viewers show them) and
 * transparency → sRGB RGBA bytes like the palette.
 */
function materialRgba(
  diffuse: [number, number, number],
  transparency: number,
): [number, number, number, number] {
  const byte = (c: number) => Math.round(Math.min(1, Math.max(0, c)) * 255);
  return [byte(diffuse[0]), byte(diffuse[1]), byte(diffuse[2]), byte(1 - transparency)];
}

/** The addresses of an object and of its parts (recursively), the object's own first. */
function addressesOf(record: CityObjectRecord): Address[] {
  return [...record.attributes.addresses, ...record.parts.flatMap(addressesOf)];
}

/**
 * The centre of an object's vertices as WGS84 longitude and latitude (degrees, 7 decimals ≈ 1 cm), so
 * that the viewer can join buildings to other layers (area containing a building, nearest school)
 * from the tileset metadata alone. Input: x,y,z per vertex in ECEF metres.
 */
function centroidProperties(positions: Float64Array): { longitude: number; latitude: number } {
  let x = 0;
  let y = 0;
  let z = 0;
  const n = positions.length / 3;
  for (let i = 0; i < positions.length; i += 3) {
    x += positions[i] ?? 0;
    y += positions[i + 1] ?? 0;
    z += positions[i + 2] ?? 0;
  }
  const centre = ecefToGeodetic(x / n, y / n, z / n);
  const degrees = (radians: number) => Math.round(((radians * 180) / Math.PI) * 1e7) / 1e7;
  return { longitude: degrees(centre.longitude), latitude: degrees(centre.latitude) };
}
