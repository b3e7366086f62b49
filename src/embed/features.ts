/**
 * Building features of the tiles as 3d-tiles-renderer reads them (EXT_mesh_features + EXT_structural_metadata,
 * `GLTFExtensionsPlugin` with metadata on): which building a ray hit, its attributes in schema order, and a
 * highlight over one building's triangles.
 */
import { BufferGeometry, DoubleSide, Float32BufferAttribute, Mesh, MeshBasicMaterial } from 'three';
import type { BufferAttribute, Intersection, Object3D, Vector3 } from 'three';
import { attributeRows } from '../core/attributes/format.ts';

/** The property that identifies a building across tiles and sessions (the converter writes it). */
export const BUILDING_ID = 'gml_id';

/** The parts of 3d-tiles-renderer's MeshFeatures / StructuralMetadata this module uses. */
interface MeshFeatures {
  getFeatures(triangle: number, barycoord: Vector3): (number | null)[];
  getFeatureInfo(): { propertyTable?: number | null; attribute?: number }[];
}
interface ClassPropertyLike {
  noData: unknown;
  default: unknown;
}
interface TableAccessor {
  count: number;
  properties: Record<string, ClassPropertyLike> | null;
  getData(id: number, target?: Record<string, unknown>): Record<string, unknown>;
}
interface StructuralMetadata {
  tableAccessors: TableAccessor[];
}

/** A picked building: its gml:id and its attribute rows (`[property id, value as text]`, schema order). */
export interface PickedBuilding {
  id?: string;
  rows: [string, string][];
}

/** The "no data" value of each property that has one but no default: such a value means "not given". */
const missingValues = new WeakMap<TableAccessor, Map<string, unknown>>();

/**
 * Makes a property table report "no data" values as they are stored (3d-tiles-renderer would turn them into 0 or
 * ''), so that they can be left out as Cesium leaves them out in the main viewer.
 */
function missingOf(table: TableAccessor): Map<string, unknown> {
  let missing = missingValues.get(table);
  if (!missing) {
    missing = new Map();
    for (const [name, property] of Object.entries(table.properties ?? {})) {
      if (property.noData === null || property.noData === undefined || property.default !== null) continue;
      missing.set(name, property.noData);
      property.noData = null;
    }
    missingValues.set(table, missing);
  }
  return missing;
}

function rowOf(table: TableAccessor, featureId: number): PickedBuilding {
  const missing = missingOf(table);
  const data = table.getData(featureId, {});
  const entries = Object.entries(data).map(([name, value]): [string, unknown] => [
    name,
    missing.has(name) && missing.get(name) === value ? undefined : value,
  ]);
  const rows = attributeRows(entries);
  const id = data[BUILDING_ID];
  return typeof id === 'string' && id !== '' ? { id, rows } : { rows };
}

function metadataOf(object: Object3D): { features?: MeshFeatures; metadata?: StructuralMetadata } {
  const data = object.userData as { meshFeatures?: MeshFeatures; structuralMetadata?: StructuralMetadata };
  return { features: data.meshFeatures, metadata: data.structuralMetadata };
}

/** The building a ray hit (`hit` from a Raycaster over the tiles), with its feature id; undefined for none. */
export function buildingAt(
  hit: Intersection,
): { building: PickedBuilding; mesh: Mesh; featureId: number } | undefined {
  const { features, metadata } = metadataOf(hit.object);
  if (!features || !metadata || hit.faceIndex === undefined || hit.faceIndex === null || !hit.barycoord)
    return undefined;
  const ids = features.getFeatures(hit.faceIndex, hit.barycoord);
  const info = features.getFeatureInfo();
  for (const [index, featureId] of ids.entries()) {
    const tableIndex = info[index]?.propertyTable;
    const table =
      tableIndex === undefined || tableIndex === null ? undefined : metadata.tableAccessors[tableIndex];
    if (featureId === null || !table) continue;
    return { building: rowOf(table, featureId), mesh: hit.object as Mesh, featureId };
  }
  return undefined;
}

/** The building with gml:id `id` in a loaded tile's scene, with its mesh and feature id. */
export function findBuilding(
  root: Object3D,
  id: string,
): { building: PickedBuilding; mesh: Mesh; featureId: number } | undefined {
  let found: { building: PickedBuilding; mesh: Mesh; featureId: number } | undefined;
  root.traverse((object) => {
    if (found || !(object as Mesh).isMesh) return;
    const { features, metadata } = metadataOf(object);
    if (!features || !metadata) return;
    const tableIndex = features.getFeatureInfo()[0]?.propertyTable;
    const table =
      tableIndex === undefined || tableIndex === null ? undefined : metadata.tableAccessors[tableIndex];
    if (!table) return;
    for (let featureId = 0; featureId < table.count; featureId += 1) {
      const value = table.getData(featureId, {})[BUILDING_ID];
      if (value === id) {
        found = { building: rowOf(table, featureId), mesh: object as Mesh, featureId };
        return;
      }
    }
  });
  return found;
}

/** Colour of the selection, as in the main viewer. */
const HIGHLIGHT_COLOUR = 0xffd400;

/**
 * The highlight of feature `featureId` in a tile: one overlay per mesh of the tile's scene (`tile`: its roofs, walls
 * and ground are separate primitives) over the triangles of that feature, drawn in the highlight colour on top of
 * the building (a copy of its corners, a slight depth offset). Each overlay is a child of its mesh, so it moves and
 * unloads with its tile.
 */
export function highlightFeature(tile: Object3D, featureId: number): Mesh[] {
  const pairs: [mesh: Mesh, overlay: Mesh][] = [];
  tile.traverse((object) => {
    if (!(object as Mesh).isMesh || object.name === HIGHLIGHT_NAME) return;
    const overlay = overlayOf(object as Mesh, featureId);
    if (overlay) pairs.push([object as Mesh, overlay]);
  });
  // Added after the traversal, which would otherwise visit them.
  for (const [mesh, overlay] of pairs) {
    mesh.add(overlay);
    // Tile scenes do not update their matrices each frame: place the overlay once, under its mesh.
    overlay.matrixAutoUpdate = false;
    overlay.updateWorldMatrix(false, false);
  }
  return pairs.map(([, overlay]) => overlay);
}

const HIGHLIGHT_NAME = 'embed-highlight';

/** Triangles a highlight covers. */
export function highlightTriangles(highlight: readonly Mesh[]): number {
  return highlight.reduce((sum, mesh) => sum + mesh.geometry.getAttribute('position').count / 3, 0);
}

function overlayOf(mesh: Mesh, featureId: number): Mesh | undefined {
  const geometry = mesh.geometry;
  const ids = geometry.getAttribute('_feature_id_0') as BufferAttribute | undefined;
  const index = geometry.getIndex();
  if (!ids) return undefined;
  const position = geometry.getAttribute('position');
  const corners: number[] = [];
  const count = index ? index.count : position.count;
  for (let i = 0; i < count; i += 3) {
    if (ids.getX(index ? index.getX(i) : i) !== featureId) continue;
    for (let corner = i; corner < i + 3; corner += 1) {
      const vertex = index ? index.getX(corner) : corner;
      // getX/Y/Z undo the quantization's normalisation; the mesh's node transform applies to the child as well.
      corners.push(position.getX(vertex), position.getY(vertex), position.getZ(vertex));
    }
  }
  if (corners.length === 0) return undefined;
  const overlay = new BufferGeometry();
  overlay.setAttribute('position', new Float32BufferAttribute(corners, 3));
  const material = new MeshBasicMaterial({
    color: HIGHLIGHT_COLOUR,
    // The tiles' materials are double-sided (CityGML rings are not reliably oriented): so is the overlay.
    side: DoubleSide,
    polygonOffset: true,
    polygonOffsetFactor: -1,
    polygonOffsetUnits: -4,
  });
  const highlight = new Mesh(overlay, material);
  highlight.name = HIGHLIGHT_NAME;
  highlight.raycast = () => {};
  return highlight;
}

/** Removes a highlight made by `highlightFeature` and frees its GPU buffers. */
export function removeHighlight(highlight: readonly Mesh[]): void {
  for (const overlay of highlight) {
    overlay.removeFromParent();
    overlay.geometry.dispose();
    (overlay.material as MeshBasicMaterial).dispose();
  }
}
