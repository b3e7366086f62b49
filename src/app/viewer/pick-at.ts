import { Cesium3DTileFeature, Entity, defined } from 'cesium';
import type { Cartesian2, Scene } from 'cesium';

/** The most objects a click looks through for a building under a draped area or line (each is a pick pass). */
const DRILL_LIMIT = 4;

/** Whether `picked` is an entity drawn onto the ground and the buildings alike (a draped area or line). */
function isDraped(picked: unknown): boolean {
  const id: unknown = defined(picked) ? (picked as { id?: unknown }).id : undefined;
  return (
    id instanceof Entity &&
    (id.polygon?.classificationType !== undefined || id.polyline?.clampToGround !== undefined)
  );
}

/**
 * Whether `picked` is a building's 3D Tiles feature: its `objectType` names a building or building part, not land
 * use, a road or water. A tileset without `objectType` counts as buildings (ground is then the terrain's).
 */
function isBuilding(picked: unknown): boolean {
  if (!(picked instanceof Cesium3DTileFeature)) return false;
  const type: unknown = picked.getProperty('objectType');
  return type === undefined || String(type).startsWith('Building');
}

let last: { x: number; y: number; picked: unknown } | undefined;

/**
 * What a click at `position` (canvas pixels) means: the object on top, except that a building under a draped
 * area or line (coverage and plan areas, routes: Cesium draws them onto the buildings too) wins over it, so a
 * building can be chosen with such a layer on; the ground under the area still gives the area. The building
 * picker and the layers' picker handle the same click in one event dispatch: the second gets the first's
 * answer (kept until the next task).
 */
export function pickAt(scene: Scene, position: Cartesian2): unknown {
  if (last && last.x === position.x && last.y === position.y) return last.picked;
  const top: unknown = scene.pick(position);
  const picked = isDraped(top) ? (scene.drillPick(position, DRILL_LIMIT).find(isBuilding) ?? top) : top;
  last = { x: position.x, y: position.y, picked };
  setTimeout(() => {
    last = undefined;
  }, 0);
  return picked;
}
