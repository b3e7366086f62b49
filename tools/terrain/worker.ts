/**
 * Terrain converter worker thread: a thin adapter that runs the core's per-tile work (`runLeafJob`,
 * `encodeTerrainTile`: height correction, RTIN meshing, quantized-mesh encoding) for the pool in
 * `threads.ts`. Its CRS and geoid are set up from the same settings as the main thread's, so a leaf's
 * correction is the very one `terrainSource` applies there. Arrays travel both ways with transfer lists.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { builtinEgm96 } from '../../src/core/crs/geoid.ts';
import { encodeTerrainTile, runLeafJob, type TerrainTile } from '../../src/core/terrain/pyramid.ts';
import { ellipsoidalHeights, terrainCrs } from '../../src/core/terrain/terrain-crs.ts';
import { heightCorrection } from '../convert/protocol.ts';
import type { TerrainFromWorker, TerrainToWorker, TerrainWorkerSettings } from './threads.ts';

const port = parentPort;
if (!port) throw new Error('terrain worker: must run in a worker thread');
const settings = workerData as TerrainWorkerSettings;
const crs = terrainCrs(settings.srsName, heightCorrection(settings.heights) ?? builtinEgm96());
const correct = (x: Float64Array, y: Float64Array, heights: Float64Array) =>
  ellipsoidalHeights(crs, x, y, heights);
const post = (message: TerrainFromWorker, transfer: ArrayBuffer[]) => port.postMessage(message, transfer);
const bytesOf = (tile: TerrainTile | undefined) => (tile ? [tile.bytes.buffer as ArrayBuffer] : []);

port.on('message', (message: TerrainToWorker) => {
  try {
    if (message.type === 'leaf') {
      const { tile, grid } = runLeafJob(message.job, correct);
      post({ type: 'done', id: message.id, tile, grid }, [...bytesOf(tile), grid.buffer as ArrayBuffer]);
    } else {
      const tile = encodeTerrainTile(message.job);
      post({ type: 'done', id: message.id, tile }, bytesOf(tile));
    }
  } catch (error) {
    post(
      { type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) },
      [],
    );
  }
});
