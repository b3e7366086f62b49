/**
 * A dropped DGM: which tiles should the terrain worker make on demand? (a) quantized-mesh tiles (257² grid sampled,
 * RTIN-simplified to 0.25 m, encoded; the main thread would still decode them into Cesium's terrain data) or
 * (b) heightmap tiles of 65² nodes for Cesium's own heightmap meshing (in Cesium's worker). Same source, same
 * resolution (one level-17 quantized tile = 16 level-19 heightmap tiles), measured in the same run: worker time
 * per area and bytes crossing to the page. Run: `npx tsx bench/terrain-drop.ts [dgm.tif]`.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDgm, readDgmGeoTiff } from '../src/core/terrain/dgm.ts';
import { sampleTile } from '../src/core/terrain/pyramid.ts';
import { fillNoData } from '../src/core/terrain/pyramid.ts';
import { encodeQuantizedMesh } from '../src/core/terrain/quantized-mesh.ts';
import { rtinMeshWithin } from '../src/core/terrain/rtin.ts';
import { terrainCrs, terrainSource } from '../src/core/terrain/terrain-crs.ts';
import { sampleGrid } from '../src/core/terrain/dgm.ts';
import { tileRangeOf, tileRectangle } from '../src/core/terrain/tiling.ts';
import { builtinEgm96 } from '../src/core/crs/geoid.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file =
  process.argv[2] ?? path.join(root, '../shared/data/terrain/nrw-dgm1/dgm1_32_280_5652_1_nw_2022.tif');
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

// Tiles wholly inside the data at the coarse level, so both ways cover the same area.
const range = tileRangeOf(extent, coarse);
const tiles: { x: number; y: number }[] = [];
for (let x = range.startX + 1; x < range.endX; x++)
  for (let y = range.startY + 1; y < range.endY; y++) tiles.push({ x, y });

let quantizedMs = 0;
let quantizedBytes = 0;
for (const { x, y } of tiles) {
  start = performance.now();
  const grid = await sampleTile(source, tileRectangle({ z: coarse, x, y }), 257, 17);
  fillNoData(grid, 257);
  const { mesh } = rtinMeshWithin(grid, 257, 0.25);
  const { bytes: encoded } = encodeQuantizedMesh({
    rectangle: tileRectangle({ z: coarse, x, y }),
    size: 257,
    heights: grid,
    mesh,
  });
  quantizedMs += performance.now() - start;
  quantizedBytes += encoded.byteLength;
}
let heightmapMs = 0;
let heightmapBytes = 0;
for (const { x, y } of tiles)
  for (let dx = 0; dx < 4; dx++)
    for (let dy = 0; dy < 4; dy++) {
      start = performance.now();
      const heights = await terrain.heightTile({ z: maxLevel, x: x * 4 + dx, y: y * 4 + dy });
      heightmapMs += performance.now() - start;
      heightmapBytes += heights.byteLength;
    }
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
console.log(`terrain-drop: ${file}, opened (read + CRS) in ${openMs.toFixed(0)} ms; load ${load}`);
console.log(
  `(a) quantized-mesh: ${tiles.length} level-${coarse} tiles, ${(quantizedMs / tiles.length).toFixed(1)} ms per tile, ${(quantizedBytes / tiles.length / 1024).toFixed(1)} KiB per tile`,
);
console.log(
  `(b) heightmap: ${tiles.length * 16} level-${maxLevel} tiles, ${(heightmapMs / tiles.length).toFixed(1)} ms per level-${coarse} area, ${(heightmapBytes / tiles.length / 1024).toFixed(1)} KiB per area`,
);
console.log(
  `ratio (a)/(b) worker time per area: ${(quantizedMs / heightmapMs).toFixed(2)}; bytes: ${(quantizedBytes / heightmapBytes).toFixed(2)}`,
);
