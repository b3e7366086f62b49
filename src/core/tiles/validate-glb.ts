/**
 * GLB content check of `validateTileset` (validate.ts): every POSITION of a tile's GLB, through its glTF
 * node transforms, the y-up to z-up rotation and the tile transform, must lie inside the tile's bounding
 * volume(s) in ECEF (1 cm tolerance). Meshopt-compressed and external buffer views are skipped.
 */
import { multiplyMatrices, transformPoint, Y_UP_TO_Z_UP } from './ellipsoid.ts';
import { parseGlb } from './glb.ts';
import {
  isFiniteNumberArray,
  isObject,
  outsideDistance,
  readMatrix,
  TOLERANCE_METRES,
} from './validate-volumes.ts';
import type { Json, Vec3, WorldVolume } from './validate-volumes.ts';
import { errorMessage } from '../errors.ts';

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
export function checkGlbContent(
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
