/**
 * One tile's content: the GLB of its buildings in an East-North-Up frame at their centre, and the tight box
 * in that frame. Pure, so worker threads can write contents for the streaming builder.
 */
import { eastNorthUpFrame, extendLocalBounds } from './ellipsoid.ts';
import type { LocalFrame } from './ellipsoid.ts';
import { writeBuildingsGlb } from './glb.ts';
import type { GlbWriteOptions } from './glb.ts';
import type { BuildingMetadataLayout } from './metadata.ts';
import type { BuildingMesh } from './types.ts';

/**
 * Options for writing every tile's content of one tileset (the metadata layout is shared).
 * `frameOrigin` (ECEF metres): write every content in the East-North-Up frame at this point instead of
 * one at its own centre (implicit tilesets, whose tiles have no transform of their own).
 */
export type TileContentOptions = GlbWriteOptions & {
  metadataLayout: BuildingMetadataLayout;
  frameOrigin?: [number, number, number];
};

/** One tile content to write: where its GLB goes and the mesh-store handles of its buildings. */
export interface TileContentJob {
  uri: string;
  handles: number[];
}

/** A written tile content: the GLB, its East-North-Up frame and the tight box in that frame (metres). */
export interface TileContent {
  glb: Uint8Array;
  frame: LocalFrame;
  box: { center: number[]; half: number[] };
}

/**
 * The East-North-Up frame at the centre of a tile's buildings (ECEF metres) and their tight box in that
 * frame (metres, padded for rounding): what the tileset JSON needs of a content, without its GLB.
 */
export function tileContentPlacement(
  buildings: BuildingMesh[],
  frameOrigin?: readonly [number, number, number],
): Omit<TileContent, 'glb'> {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (const building of buildings) {
    for (let i = 0; i + 2 < building.positions.length; i += 3) {
      for (let axis = 0; axis < 3; axis++) {
        const value = building.positions[i + axis]!;
        if (value < min[axis]!) min[axis] = value;
        if (value > max[axis]!) max[axis] = value;
      }
    }
  }
  const frame = eastNorthUpFrame(
    frameOrigin ?? [(min[0]! + max[0]!) / 2, (min[1]! + max[1]!) / 2, (min[2]! + max[2]!) / 2],
  );
  const localMin = [Infinity, Infinity, Infinity];
  const localMax = [-Infinity, -Infinity, -Infinity];
  for (const building of buildings) extendLocalBounds(frame, building.positions, localMin, localMax);
  const center = [0, 1, 2].map((axis) => (localMin[axis]! + localMax[axis]!) / 2);
  // Half sizes padded for rounding of the content: 6 mm cover the quantisation step and float32
  // positions (half a unit in the last place, 2^-24 of the value) up to some 40 km from the frame
  // origin; a wider content (a hostile or misplaced object) gets twice float32's rounding.
  const half = [0, 1, 2].map((axis) => {
    const reach = Math.max(Math.abs(localMin[axis]!), Math.abs(localMax[axis]!));
    return (localMax[axis]! - localMin[axis]!) / 2 + Math.max(0.006, 0.001 + reach * 2 ** -23);
  });
  return { frame, box: { center, half } };
}

/**
 * GLB of one tile (buildings in ECEF metres) in an East-North-Up frame at the content's centre, and the
 * tight box in that frame. Pure: the same buildings and options give the same bytes on any thread.
 */
export function writeTileContent(buildings: BuildingMesh[], options: TileContentOptions): TileContent {
  const { frame, box } = tileContentPlacement(buildings, options.frameOrigin);
  const glb = writeBuildingsGlb(buildings, frame, options);
  return { glb, frame, box };
}
