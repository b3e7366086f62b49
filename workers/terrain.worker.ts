/**
 * Terrain worker: a dropped DGM's grid lives here (`TerrainWorkerApi`); heights are sampled into Cesium's tiles
 * on request, meshed with vertex normals (quantized mesh) and transferred. Thin over the core's
 * `src/core/terrain/dgm.ts`.
 */
import { expose, transfer } from 'comlink';
import {
  checkDgmFileSize,
  DGM_MAX_FILE_BYTES,
  type DgmPrj,
  DgmError,
  openDgm,
  readDgmGeoTiff,
  readDgmText,
  readDgmTiles,
  type DgmGrid,
  type DgmTerrain,
} from '../src/core/terrain/dgm.ts';
import { readDgmZip } from '../src/core/terrain/dgm-zip.ts';
import { isDgmTextName, isGzippedDgmName } from '../src/core/terrain/dgm-names.ts';
import { gunzipBytes, gunzipText } from './gunzip-grid.ts';
import { PRJ_MAX_BYTES } from '../src/core/layers/gis/prj.ts';
import type { DgmTileFile, TerrainWorkerApi } from './terrain-api.ts';

const terrains = new Map<number, DgmTerrain>();
let nextId = 1;

/** A dropped `.prj` for `readDgmText`: its text only when it is small enough to be a CRS's WKT. */
async function dgmPrj({ blob, name }: { blob: Blob; name: string }): Promise<DgmPrj> {
  return { name, bytes: blob.size, text: blob.size <= PRJ_MAX_BYTES ? await blob.text() : '' };
}

/**
 * One dropped file's grid: a ZIP of grids, a text grid (gzipped or not, with its `.prj`) or a GeoTIFF (gzipped
 * or not). A gzipped file is held to its kind's size limit as it inflates.
 */
async function readTile({ blob, name, prj }: DgmTileFile): Promise<DgmGrid> {
  checkDgmFileSize(blob.size, name);
  if (/\.zip$/i.test(name)) return await readDgmZip(new Uint8Array(await blob.arrayBuffer()), name);
  const gzipped = isGzippedDgmName(name);
  if (!isDgmTextName(name))
    return await readDgmGeoTiff(
      gzipped ? await gunzipBytes(blob, name, DGM_MAX_FILE_BYTES.other) : await blob.arrayBuffer(),
      name,
    );
  const text = gzipped ? await gunzipText(blob, name, DGM_MAX_FILE_BYTES.text) : await blob.text();
  return readDgmText(text, name, prj && (await dgmPrj(prj)));
}

/** The worker's API (over comlink); its documentation lives on `TerrainWorkerApi`. */
export const terrainWorkerApi = {
  async open(tiles: DgmTileFile[], name: string) {
    let terrain: DgmTerrain;
    try {
      const read = await readDgmTiles(
        tiles.map((tile) => ({ name: tile.name, read: () => readTile(tile) })),
        name,
      );
      terrain = openDgm(read, name);
    } catch (error) {
      // The import list names the file beside each message already; another tile's message keeps its name.
      if (error instanceof DgmError && error.file === name)
        throw new Error(error.message.slice(name.length + 2));
      throw error instanceof DgmError ? new Error(error.message) : error;
    }
    const id = nextId++;
    terrains.set(id, terrain);
    return { id, info: terrain.info };
  },
  async meshTile(id: number, z: number, x: number, y: number) {
    const terrain = terrains.get(id);
    if (!terrain) throw new Error(`terrain.worker: DGM ${id} is not open (or already closed)`);
    // Cesium counts rows from the north, the core's tiling (TMS) from the south.
    const parts = await terrain.meshTile({ z, x, y: 2 ** z - 1 - y });
    const arrays = [
      parts.quantizedVertices,
      parts.indices,
      parts.westIndices,
      parts.southIndices,
      parts.eastIndices,
      parts.northIndices,
      parts.encodedNormals,
    ];
    return transfer(
      parts,
      arrays.map((array) => array.buffer as ArrayBuffer),
    );
  },
  close(id: number) {
    terrains.delete(id);
  },
} satisfies TerrainWorkerApi;

expose(terrainWorkerApi);
