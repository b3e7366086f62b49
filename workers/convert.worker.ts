/**
 * Conversion worker entry: exposes `ConvertWorkerApi` (see `convert-file.ts`) over comlink, with the
 * viewer's GLB heads added to converted tilesets (`display-heads.ts`). Start it with
 * `new Worker(new URL('./convert.worker.ts', import.meta.url), { type: 'module' })` (Vite bundles it).
 */
import { expose } from 'comlink';
import { convertWorkerApi } from './convert-file.ts';
import { withDisplayHeads } from './display-heads.ts';

expose(withDisplayHeads(convertWorkerApi));
