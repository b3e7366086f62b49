/**
 * A dropped DGM in the viewer (`npx tsx bench/terrain-drop.ts [dgm.tif]`; not a test): what the terrain worker
 * does per tile today, on the same area, in one run. (a) `DgmTerrain.meshTile`, the drop's path: a 65² height
 * tile made ellipsoidal, RTIN-simplified to the level's error (`DGM_MAX_ERROR` at the deepest level) and
 * quantized with vertex normals; its typed arrays cross to the page, which makes Cesium's
 * `QuantizedMeshTerrainData` from them. (b) `heightTile` alone, the 65² heights a heightmap would send
 * (the drop's earlier path, for comparison). (c) the CLI's tile for the same area (`npm run terrain`: one
 * 257² grid per level-(max-2) tile, 0.25 m, encoded to bytes). Also the coarser levels of (a), as Cesium asks for
 * them while zooming in. Worker time per area and bytes per area; the load average with every figure.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinEgm96 } from '../src/core/crs/geoid.ts';
import {
  DGM_MAX_ERROR,
  DGM_TILE_SIZE,
  openDgm,
  readDgmGeoTiff,
  sampleGrid,
} from '../src/core/terrain/dgm.ts';
import { encodeTerrainTile, levelError, sampleTile } from '../src/core/terrain/pyramid.ts';
import type { QuantizedMeshParts } from '../src/core/terrain/quantized-mesh.ts';
import { terrainCrs, terrainSource } from '../src/core/terrain/terrain-crs.ts';
import { tileRangeOf, tileRectangle } from '../src/core/terrain/tiling.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file =
  process.argv[2] ?? path.join(root, '../shared/data/terrain/nrw-dgm1/dgm1_32_280_5652_1_nw_2022.tif');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const buffer = readFileSync(file);
const bytes = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;

let start = performance.now();
const read = await readDgmGeoTiff(bytes, path.basename(file));
const terrain = openDgm(read, path.basename(file));
const openMs = performance.now() - start;
const { maxLevel, extent } = terrain.info;
const coarse = maxLevel - 2;
const crs = terrainCrs(terrain.info.srsName, builtinEgm96());
const source = terrainSource(crs, extent, (x, y, out) => sampleGrid(read.grid, x, y, out));

/** Bytes of a mesh's typed arrays: what `meshTile` transfers to the page. */
const partsBytes = (parts: QuantizedMeshParts) =>
  Object.values(parts).reduce(
    (sum: number, value: unknown) => sum + (ArrayBuffer.isView(value) ? value.byteLength : 0),
    0,
  );

// Tiles wholly inside the data at the coarse level, so every way covers the same area.
const range = tileRangeOf(extent, coarse);
const tiles: { x: number; y: number }[] = [];
for (let x = range.startX + 1; x < range.endX; x++)
  for (let y = range.startY + 1; y < range.endY; y++) tiles.push({ x, y });
if (tiles.length === 0) throw new Error(`terrain-drop: no level-${coarse} tile lies wholly inside ${file}`);
// Each level-(max-2) tile is span × span deepest tiles (TMS addresses throughout).
const span = 2 ** (maxLevel - coarse);

let meshMs = 0;
let meshBytes = 0;
let vertices = 0;
let heightMs = 0;
let heightBytes = 0;
let cliMs = 0;
let cliBytes = 0;
for (const { x, y } of tiles) {
  for (let dx = 0; dx < span; dx++)
    for (let dy = 0; dy < span; dy++) {
      const tile = { z: maxLevel, x: x * span + dx, y: y * span + dy };
      start = performance.now();
      const parts = await terrain.meshTile(tile);
      meshMs += performance.now() - start;
      meshBytes += partsBytes(parts);
      vertices += parts.quantizedVertices.length / 3;
      start = performance.now();
      const heights = await terrain.heightTile(tile, DGM_TILE_SIZE);
      heightMs += performance.now() - start;
      heightBytes += heights.byteLength;
    }
  start = performance.now();
  const rectangle = tileRectangle({ z: coarse, x, y });
  const grid = await sampleTile(source, rectangle, 257, 17);
  const encoded = encodeTerrainTile({ z: coarse, x, y, size: 257, allowedError: 0.25, grid });
  cliMs += performance.now() - start;
  cliBytes += encoded?.bytes.byteLength ?? 0;
}
const area = tiles.length;
console.log(`terrain-drop: ${file}, opened (read + CRS) in ${openMs.toFixed(0)} ms; load ${load()}`);
console.log(
  `(a) meshTile (the drop): ${area * span * span} level-${maxLevel} tiles of ${DGM_TILE_SIZE}², ${(meshMs / area).toFixed(1)} ms and ${(meshBytes / area / 1024).toFixed(1)} KiB per level-${coarse} area, ${Math.round(vertices / (area * span * span))} vertices per tile (max error ${levelError(maxLevel, maxLevel, DGM_MAX_ERROR)} m); load ${load()}`,
);
console.log(
  `(b) heightTile only (heightmap): ${(heightMs / area).toFixed(1)} ms and ${(heightBytes / area / 1024).toFixed(1)} KiB per area; load ${load()}`,
);
console.log(
  `(c) the CLI's tile (257², 0.25 m, encoded): ${(cliMs / area).toFixed(1)} ms and ${(cliBytes / area / 1024).toFixed(1)} KiB per area; load ${load()}`,
);
for (let z = maxLevel - 1; z >= Math.max(0, maxLevel - 6); z--) {
  const levelRange = terrain.tileRange(z);
  let ms = 0;
  let sent = 0;
  let count = 0;
  for (let x = levelRange.startX; x <= levelRange.endX; x++)
    for (let y = levelRange.startY; y <= levelRange.endY; y++) {
      start = performance.now();
      sent += partsBytes(await terrain.meshTile({ z, x, y }));
      ms += performance.now() - start;
      count += 1;
    }
  console.log(
    `(a) level ${z}: ${count} tiles over the grid, ${(ms / count).toFixed(1)} ms and ${(sent / count / 1024).toFixed(1)} KiB per tile`,
  );
}
console.log(`load after: ${load()}`);
