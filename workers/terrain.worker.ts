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
  type DgmTerrain,
} from '../src/core/terrain/dgm.ts';
import { readDgmZip } from '../src/core/terrain/dgm-zip.ts';
import { isDgmTextName, isGzippedDgmName } from '../src/core/terrain/dgm-names.ts';
import { gunzipText } from './gunzip-text.ts';
import { PRJ_MAX_BYTES } from '../src/core/layers/gis/prj.ts';
import type { TerrainWorkerApi } from './terrain-api.ts';

const terrains = new Map<number, DgmTerrain>();
let nextId = 1;

/** A dropped `.prj` for `readDgmText`: its text only when it is small enough to be a CRS's WKT. */
async function dgmPrj({ blob, name }: { blob: Blob; name: string }): Promise<DgmPrj> {
  return { name, bytes: blob.size, text: blob.size <= PRJ_MAX_BYTES ? await blob.text() : '' };
}

/** The worker's API (over comlink); its documentation lives on `TerrainWorkerApi`. */
export const terrainWorkerApi = {
  async open(file: Blob, name: string, prj?: { blob: Blob; name: string }) {
    let terrain: DgmTerrain;
    try {
      checkDgmFileSize(file.size, name);
      const read = /\.zip$/i.test(name)
        ? await readDgmZip(new Uint8Array(await file.arrayBuffer()), name)
        : isDgmTextName(name)
          ? readDgmText(
              isGzippedDgmName(name)
                ? await gunzipText(file, name, DGM_MAX_FILE_BYTES.text)
                : await file.text(),
              name,
              prj && (await dgmPrj(prj)),
            )
          : await readDgmGeoTiff(await file.arrayBuffer(), name);
      terrain = openDgm(read, name);
    } catch (error) {
      // The import list names the file beside each message already.
      if (error instanceof DgmError) throw new Error(error.message.slice(name.length + 2));
      throw error;
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
