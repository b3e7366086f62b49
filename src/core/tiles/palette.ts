/**
 * Semantic surface colours: `BuildingMesh.surfaceClass` indexes `SURFACE_PALETTE`.
 */
import type { SurfaceSemantic } from '../citygml/types.ts';

/** Name of a palette entry: the CityGML surface semantic it colours. */
export type SurfaceSemanticName = SurfaceSemantic;

/** sRGB 0..255 colours per surface semantic; the index is the `surfaceClass` value. */
export const SURFACE_PALETTE: readonly {
  name: SurfaceSemanticName;
  rgba: [number, number, number, number];
}[] = [
  { name: 'roof', rgba: [166, 82, 63, 255] }, // red-brown tiles
  { name: 'wall', rgba: [226, 220, 208, 255] }, // light warm grey
  { name: 'ground', rgba: [118, 112, 104, 255] }, // dark grey base
  { name: 'closure', rgba: [200, 200, 200, 255] },
  { name: 'outerCeiling', rgba: [205, 198, 186, 255] },
  { name: 'outerFloor', rgba: [150, 144, 136, 255] },
  { name: 'window', rgba: [120, 150, 175, 255] },
  { name: 'door', rgba: [125, 92, 66, 255] },
  { name: 'installation', rgba: [190, 180, 165, 255] },
  { name: 'terrain', rgba: [140, 160, 110, 255] }, // muted green
  { name: 'unknown', rgba: [210, 210, 210, 255] },
];

/** Palette index (`BuildingMesh.surfaceClass` value) of a surface semantic. */
export function surfaceClassIndex(semantic: SurfaceSemanticName): number {
  const index = SURFACE_PALETTE.findIndex((entry) => entry.name === semantic);
  return index >= 0 ? index : SURFACE_PALETTE.length - 1;
}
