/**
 * LoD2 boundary surfaces of one planned building: a closed, outward-oriented polyhedron (exterior rings
 * counter-clockwise seen from outside, the GML convention) in EPSG:25832 metres with DHHN2016 heights.
 *
 * The building is first built in a canonical frame (ridge along +x, footprint [0, L] x [0, W]) and then moved
 * by proper rotations (determinant +1) into the grid frame and the map frame, so orientation is preserved.
 * Every vertex is rounded to millimetres once and referenced by index, so shared edges match exactly.
 */
import { gridToMap } from './layout.ts';
import type { BuildingPlan } from './plans.ts';

/** Semantic class of a boundary surface. */
export type SurfaceKind = 'roof' | 'wall' | 'ground';

/** One planar face: indices into the solid's vertex list, exterior ring without the closing vertex. */
export interface SolidFace {
  kind: SurfaceKind;
  ring: number[];
}

/** A building's closed surface: EPSG:25832 easting, northing and DHHN2016 height triples (mm-rounded), faces. */
export interface BuildingSolid {
  positions: number[];
  faces: SolidFace[];
}

/** Rounds to millimetres; -0 becomes 0. */
export function roundMm(value: number): number {
  return Math.round(value * 1000) / 1000 + 0;
}

/** Builds the closed LoD2 solid of a plan, in EPSG:25832 metres with DHHN2016 heights. */
export function buildSolid(plan: BuildingPlan): BuildingSolid {
  const along = plan.ridgeAlongU ? plan.u1 - plan.u0 : plan.v1 - plan.v0;
  const across = plan.ridgeAlongU ? plan.v1 - plan.v0 : plan.u1 - plan.u0;
  const ground = plan.groundHeight;
  const eave = ground + plan.eaveHeight;
  const top = eave + plan.roofHeight;
  const positions: number[] = [];

  /** Adds a vertex given in the canonical frame, returns its index. */
  const vertex = (x: number, y: number, z: number): number => {
    const u = plan.ridgeAlongU ? plan.u0 + x : plan.u1 - y;
    const v = plan.ridgeAlongU ? plan.v0 + y : plan.v0 + x;
    const [easting, northing] = gridToMap(u, v);
    positions.push(roundMm(easting), roundMm(northing), roundMm(z));
    return positions.length / 3 - 1;
  };

  const g0 = vertex(0, 0, ground);
  const g1 = vertex(along, 0, ground);
  const g2 = vertex(along, across, ground);
  const g3 = vertex(0, across, ground);
  const e0 = vertex(0, 0, eave);
  const e1 = vertex(along, 0, eave);
  const e2 = vertex(along, across, eave);
  const e3 = vertex(0, across, eave);
  const faces: SolidFace[] = [{ kind: 'ground', ring: [g0, g3, g2, g1] }];
  const wall = (...ring: number[]): void => {
    faces.push({ kind: 'wall', ring });
  };
  const roof = (...ring: number[]): void => {
    faces.push({ kind: 'roof', ring });
  };
  /** The four walls up to the eaves, for roofs without gable ends. */
  const eaveWalls = (): void => {
    wall(g0, g1, e1, e0);
    wall(g1, g2, e2, e1);
    wall(g2, g3, e3, e2);
    wall(g3, g0, e0, e3);
  };

  switch (plan.roof) {
    case 'flat': {
      roof(e0, e1, e2, e3);
      eaveWalls();
      break;
    }
    case 'gable': {
      const r0 = vertex(0, across / 2, top);
      const r1 = vertex(along, across / 2, top);
      roof(e0, e1, r1, r0);
      roof(e2, e3, r0, r1);
      wall(g0, g1, e1, e0);
      wall(g1, g2, e2, r1, e1);
      wall(g2, g3, e3, e2);
      wall(g3, g0, e0, r0, e3);
      break;
    }
    case 'hip': {
      const r0 = vertex(plan.hipInset, across / 2, top);
      const r1 = vertex(along - plan.hipInset, across / 2, top);
      roof(e0, e1, r1, r0);
      roof(e1, e2, r1);
      roof(e2, e3, r0, r1);
      roof(e3, e0, r0);
      eaveWalls();
      break;
    }
    case 'pyramid': {
      const apex = vertex(along / 2, across / 2, top);
      roof(e0, e1, apex);
      roof(e1, e2, apex);
      roof(e2, e3, apex);
      roof(e3, e0, apex);
      eaveWalls();
      break;
    }
    case 'mansard': {
      const knee = eave + plan.mansardBreak;
      const k0 = vertex(0, plan.mansardInset, knee);
      const k1 = vertex(along, plan.mansardInset, knee);
      const k2 = vertex(along, across - plan.mansardInset, knee);
      const k3 = vertex(0, across - plan.mansardInset, knee);
      const r0 = vertex(0, across / 2, top);
      const r1 = vertex(along, across / 2, top);
      roof(e0, e1, k1, k0);
      roof(k0, k1, r1, r0);
      roof(e2, e3, k3, k2);
      roof(k2, k3, r0, r1);
      wall(g0, g1, e1, e0);
      wall(g1, g2, e2, k2, r1, k1, e1);
      wall(g2, g3, e3, e2);
      wall(g3, g0, e0, k0, r0, k3, e3);
      break;
    }
  }
  return { positions, faces };
}
